"""Periodic reports of a project: the calendar with its rule, one report (sections,
narratives per language, the buttons its state table allows, downloads)."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import ValidationError

from vstid.core import i18n
from vstid.core.errors import ValidationFailed
from vstid.core.i18n import gettext as _
from vstid.projects.reports.export import shown_sections
from vstid.projects.reports.models import Anchor, Frequency
from vstid.projects.reports.schemas import NarrativeInput, ReportRuleInput
from vstid.projects.reports.service import LANGUAGES, ReportService
from vstid.projects.reports.states import LABELS
from vstid.projects.risks.models import RiskState
from vstid.projects.risks.service import RiskService
from vstid.web.deps import CurrentUser, FormDep, SessionDep, SettingsDep
from vstid.web.pages.base import flash, redirect, render
from vstid.web.pages.projects._shared import header

__all__ = ["router"]

router = APIRouter()


def _form(posted: FormDep) -> dict[str, str]:
    return {k: v.strip() for k, v in posted.items() if isinstance(v, str)}


@router.get("/projects/{project_id}/reports")
def calendar_page(
    request: Request,
    project_id: uuid.UUID,
    session: SessionDep,
    settings: SettingsDep,
    user: CurrentUser,
) -> Response:
    service = ReportService(session, settings)
    calendar = service.calendar(user, project_id)
    return render(
        request,
        "projects/reports_calendar.html",
        calendar=calendar,
        **header(service, user, calendar.project),
        labels=LABELS,
        frequencies=[f.value for f in Frequency],
        anchors=[a.value for a in Anchor],
    )


@router.post("/projects/{project_id}/report-rule")
def set_rule(
    request: Request,
    project_id: uuid.UUID,
    session: SessionDep,
    settings: SettingsDep,
    user: CurrentUser,
    posted: FormDep,
) -> Response:
    form = _form(posted)
    data = {k: v for k, v in form.items() if v and k != "csrf_token"}
    try:
        rule = ReportRuleInput.model_validate(data)
        ReportService(session, settings).set_rule(user, project_id, rule)
    except ValidationError:
        flash(
            request,
            _("Choose a frequency, a start and a number of days between 0 and 365."),
            "error",
        )
    except ValidationFailed as exc:
        flash(request, exc.render(_), "error")
    else:
        flash(request, _("The report calendar was generated from the rule."), "success")
    return redirect(f"/projects/{project_id}/reports")


@router.post("/projects/{project_id}/reports/generate")
def generate(
    request: Request,
    project_id: uuid.UUID,
    session: SessionDep,
    settings: SettingsDep,
    user: CurrentUser,
) -> Response:
    try:
        ReportService(session, settings).generate(user, project_id)
    except ValidationFailed as exc:
        flash(request, exc.render(_), "error")
    else:
        flash(request, _("The report calendar was generated again."), "success")
    return redirect(f"/projects/{project_id}/reports")


@router.get("/projects/{project_id}/reports/{report_id}")
def report_page(
    request: Request,
    project_id: uuid.UUID,
    report_id: uuid.UUID,
    session: SessionDep,
    settings: SettingsDep,
    user: CurrentUser,
) -> Response:
    service = ReportService(session, settings)
    view = service.view(user, project_id, report_id)
    risks = RiskService(session, settings)
    return render(
        request,
        "projects/reports_detail.html",
        view=view,
        **header(service, user, view.project),
        report=view.report,
        sections=shown_sections(view.sections, i18n.current_locale(), _),
        labels=LABELS,
        languages=LANGUAGES,
        risks=risks.register(user, project_id) if view.can_edit else [],
        risk_states=[s.value for s in RiskState],
        download=f"/api/v1/projects/{project_id}/reports/{report_id}",
    )


@router.post("/projects/{project_id}/reports/{report_id}/narratives")
def write(
    request: Request,
    project_id: uuid.UUID,
    report_id: uuid.UUID,
    session: SessionDep,
    settings: SettingsDep,
    user: CurrentUser,
    posted: FormDep,
) -> Response:
    form = _form(posted)
    try:
        data = NarrativeInput.model_validate(
            {
                "narratives": {lang: form.get(f"narrative_{lang}", "") for lang in LANGUAGES},
                "source_language": form.get("source_language") or None,
            }
        )
    except ValidationError:
        flash(request, _("A narrative may be at most 50,000 characters long."), "error")
    else:
        ReportService(session, settings).write(user, project_id, report_id, data)
        flash(request, _("The narrative was saved."), "success")
    return redirect(f"/projects/{project_id}/reports/{report_id}")


def _act(
    request: Request,
    action: str,
    project_id: uuid.UUID,
    report_id: uuid.UUID,
    service: ReportService,
    user: CurrentUser,
    comment: str,
) -> Response:
    done = {
        "submit": _("The report was submitted to the hub's coordinators."),
        "accept": _("The report was accepted."),
        "return": _("The report was returned to the consortium."),
    }
    try:
        if action == "submit":
            service.submit(user, project_id, report_id)
        elif action == "accept":
            service.accept(user, project_id, report_id, comment)
        else:
            service.return_report(user, project_id, report_id, comment)
    except ValidationFailed as exc:
        flash(request, exc.render(_), "error")
    else:
        flash(request, done[action], "success")
    return redirect(f"/projects/{project_id}/reports/{report_id}")


@router.post("/projects/{project_id}/reports/{report_id}/submit")
def submit(
    request: Request,
    project_id: uuid.UUID,
    report_id: uuid.UUID,
    session: SessionDep,
    settings: SettingsDep,
    user: CurrentUser,
) -> Response:
    service = ReportService(session, settings)
    return _act(request, "submit", project_id, report_id, service, user, "")


@router.post("/projects/{project_id}/reports/{report_id}/accept")
def accept(
    request: Request,
    project_id: uuid.UUID,
    report_id: uuid.UUID,
    session: SessionDep,
    settings: SettingsDep,
    user: CurrentUser,
    posted: FormDep,
) -> Response:
    service = ReportService(session, settings)
    comment = _form(posted).get("comment", "")
    return _act(request, "accept", project_id, report_id, service, user, comment)


@router.post("/projects/{project_id}/reports/{report_id}/return")
def return_report(
    request: Request,
    project_id: uuid.UUID,
    report_id: uuid.UUID,
    session: SessionDep,
    settings: SettingsDep,
    user: CurrentUser,
    posted: FormDep,
) -> Response:
    service = ReportService(session, settings)
    comment = _form(posted).get("comment", "")
    return _act(request, "return", project_id, report_id, service, user, comment)
