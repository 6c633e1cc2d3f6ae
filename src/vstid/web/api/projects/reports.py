"""Periodic reports of a project: the calendar and its rule, one report with its compiled
sections, narratives, submit / accept / return, and the PDF and XLSX downloads. Inside the
project only (404 otherwise)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from vstid.core import i18n
from vstid.projects.reports.export import pdf_bytes, shown_sections
from vstid.projects.reports.models import ProjectReport
from vstid.projects.reports.schemas import (
    DecisionInput,
    NarrativeInput,
    ReportDetailOut,
    ReportOut,
    ReportRuleInput,
    ReportRuleOut,
    SectionOut,
)
from vstid.projects.reports.service import ReportService, ReportView
from vstid.projects.reports.states import LABELS, REPORT_STATES
from vstid.web.deps import CurrentUser, SessionDep, SettingsDep

__all__ = ["render_pdf", "router"]

router = APIRouter(tags=["projects"])
BASE = "/projects/{project_id}"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _out(report: ProjectReport, roles: set[str], today: date) -> ReportOut:
    out = ReportOut.model_validate(report)
    out.overdue = report.is_overdue(today)
    out.allowed_actions = REPORT_STATES.allowed(report.status, roles)
    return out


def _detail(view: ReportView) -> ReportDetailOut:
    base = _out(view.report, view.roles, date.today())
    shown = shown_sections(view.sections, i18n.current_locale(), i18n.gettext)
    return ReportDetailOut(
        **base.model_dump(),
        frozen=view.frozen,
        sections=[
            SectionOut(key=s.key, title=s.title, columns=s.columns, rows=s.rows, notes=s.notes)
            for s in shown
        ],
    )


@router.get(f"{BASE}/reports", response_model=list[ReportOut])
def list_reports(
    project_id: uuid.UUID, user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> Any:
    calendar = ReportService(session, settings).calendar(user, project_id)
    return [_out(r, calendar.roles, calendar.today) for r in calendar.reports]


@router.get(f"{BASE}/report-rule", response_model=list[ReportRuleOut])
def list_rules(
    project_id: uuid.UUID, user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> Any:
    return ReportService(session, settings).calendar(user, project_id).rules


@router.put(f"{BASE}/report-rule", response_model=ReportRuleOut)
def set_rule(
    project_id: uuid.UUID,
    data: ReportRuleInput,
    user: CurrentUser,
    session: SessionDep,
    settings: SettingsDep,
) -> Any:
    """Set the rule (for the whole project or one funder) and generate its reports."""
    return ReportService(session, settings).set_rule(user, project_id, data)


@router.post(f"{BASE}/reports/generate", response_model=list[ReportOut])
def generate(
    project_id: uuid.UUID, user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> Any:
    service = ReportService(session, settings)
    service.generate(user, project_id)
    calendar = service.calendar(user, project_id)
    return [_out(r, calendar.roles, calendar.today) for r in calendar.reports]


def render_pdf(request: Request, service: ReportService, view: ReportView) -> Response:
    """The report as a PDF: the HTML template rendered in the reader's locale, then laid out
    by WeasyPrint."""
    locale = i18n.current_locale()
    html = request.app.state.templates.get_template("projects/reports_pdf.html").render(
        view=view,
        report=view.report,
        project=view.project,
        sections=shown_sections(view.sections, locale, i18n.gettext),
        labels=LABELS,
        locale=locale,
    )
    name = service.filename(view, "pdf")
    return Response(
        pdf_bytes(html),
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


# The downloads are declared before /reports/{report_id}: "<id>.pdf" is not an id.
@router.get(
    f"{BASE}/reports/{{report_id}}.pdf",
    response_class=Response,
    responses={200: {"description": "The report as a PDF", "content": {"application/pdf": {}}}},
)
def report_pdf(
    request: Request,
    project_id: uuid.UUID,
    report_id: uuid.UUID,
    user: CurrentUser,
    session: SessionDep,
    settings: SettingsDep,
) -> Response:
    service = ReportService(session, settings)
    return render_pdf(request, service, service.view(user, project_id, report_id))


@router.get(
    f"{BASE}/reports/{{report_id}}.xlsx",
    response_class=Response,
    responses={200: {"description": "The report as a workbook", "content": {XLSX: {}}}},
)
def report_xlsx(
    project_id: uuid.UUID,
    report_id: uuid.UUID,
    user: CurrentUser,
    session: SessionDep,
    settings: SettingsDep,
) -> Response:
    service = ReportService(session, settings)
    view = service.view(user, project_id, report_id)
    name = service.filename(view, "xlsx")
    return Response(
        service.xlsx(view),
        media_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get(f"{BASE}/reports/{{report_id}}", response_model=ReportDetailOut)
def get_report(
    project_id: uuid.UUID,
    report_id: uuid.UUID,
    user: CurrentUser,
    session: SessionDep,
    settings: SettingsDep,
) -> Any:
    return _detail(ReportService(session, settings).view(user, project_id, report_id))


@router.put(f"{BASE}/reports/{{report_id}}/narratives", response_model=ReportOut)
def write_narratives(
    project_id: uuid.UUID,
    report_id: uuid.UUID,
    data: NarrativeInput,
    user: CurrentUser,
    session: SessionDep,
    settings: SettingsDep,
) -> Any:
    service = ReportService(session, settings)
    service.write(user, project_id, report_id, data)
    view = service.view(user, project_id, report_id)
    return _out(view.report, view.roles, date.today())


@router.post(f"{BASE}/reports/{{report_id}}/submit", response_model=ReportOut)
def submit(
    project_id: uuid.UUID,
    report_id: uuid.UUID,
    user: CurrentUser,
    session: SessionDep,
    settings: SettingsDep,
) -> Any:
    """Submit (lead, member): needs a narrative; freezes the compiled sections."""
    service = ReportService(session, settings)
    service.submit(user, project_id, report_id)
    view = service.view(user, project_id, report_id)
    return _out(view.report, view.roles, date.today())


@router.post(f"{BASE}/reports/{{report_id}}/accept", response_model=ReportOut)
def accept(
    project_id: uuid.UUID,
    report_id: uuid.UUID,
    user: CurrentUser,
    session: SessionDep,
    settings: SettingsDep,
    data: DecisionInput | None = None,
) -> Any:
    """Accept (the hub's staff), with an optional comment."""
    service = ReportService(session, settings)
    service.accept(user, project_id, report_id, data.comment if data else "")
    view = service.view(user, project_id, report_id)
    return _out(view.report, view.roles, date.today())


@router.post(f"{BASE}/reports/{{report_id}}/return", response_model=ReportOut)
def return_report(
    project_id: uuid.UUID,
    report_id: uuid.UUID,
    user: CurrentUser,
    session: SessionDep,
    settings: SettingsDep,
    data: DecisionInput | None = None,
) -> Any:
    """Return (the hub's staff) with a comment saying what to change (required)."""
    service = ReportService(session, settings)
    service.return_report(user, project_id, report_id, data.comment if data else "")
    view = service.view(user, project_id, report_id)
    return _out(view.report, view.roles, date.today())
