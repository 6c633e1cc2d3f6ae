"""The risk register of a project: every risk with its latest state; raising a risk and
recording its state in a report being written."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import ValidationError

from vstid.core.errors import ValidationFailed
from vstid.core.i18n import N_
from vstid.core.i18n import gettext as _
from vstid.projects.reports.states import LABELS
from vstid.projects.risks.schemas import AssessmentInput, RiskInput
from vstid.projects.risks.service import RiskService
from vstid.projects.service import ProjectService
from vstid.web.deps import CurrentUser, FormDep, SessionDep, SettingsDep
from vstid.web.forms import read_dates
from vstid.web.pages.base import flash, redirect, render
from vstid.web.pages.projects._shared import header

__all__ = ["router"]

router = APIRouter()


def _form(posted: FormDep) -> dict[str, str]:
    return {k: v.strip() for k, v in posted.items() if isinstance(v, str) and k != "csrf_token"}


@router.get("/projects/{project_id}/risks")
def register_page(
    request: Request,
    project_id: uuid.UUID,
    session: SessionDep,
    settings: SettingsDep,
    user: CurrentUser,
) -> Response:
    service = RiskService(session, settings)
    rows = service.register(user, project_id)
    project = ProjectService(session, settings).get_inside(user, project_id)
    return render(
        request,
        "projects/risks_register.html",
        rows=rows,
        **header(service, user, project),
        labels=LABELS,
        can_write=service.can_write(user, project),
        levels=range(1, 6),
    )


@router.post("/projects/{project_id}/risks")
def raise_risk(
    request: Request,
    project_id: uuid.UUID,
    session: SessionDep,
    settings: SettingsDep,
    user: CurrentUser,
    posted: FormDep,
) -> Response:
    form = {k: v for k, v in _form(posted).items() if v}
    values, wrong = read_dates(form, {"raised_on": N_("Raised on")})
    if wrong:
        flash(request, next(iter(wrong.values())), "error")
        return redirect(f"/projects/{project_id}/risks")
    try:
        data = RiskInput.model_validate(values)
        RiskService(session, settings).raise_risk(user, project_id, data)
    except ValidationError:
        flash(request, _("Describe the risk and give its likelihood and impact (1–5)."), "error")
    except ValidationFailed as exc:
        flash(request, exc.render(_), "error")
    else:
        flash(request, _("The risk was added to the register."), "success")
    return redirect(f"/projects/{project_id}/risks")


@router.post("/projects/{project_id}/risks/{risk_id}/assess")
def assess(
    request: Request,
    project_id: uuid.UUID,
    risk_id: uuid.UUID,
    session: SessionDep,
    settings: SettingsDep,
    user: CurrentUser,
    posted: FormDep,
) -> Response:
    form = _form(posted)
    try:
        data = AssessmentInput.model_validate(form)
        RiskService(session, settings).assess(user, project_id, risk_id, data)
    except ValidationError:
        flash(request, _("Choose the risk's state."), "error")
    else:
        flash(request, _("The risk's state was recorded in this report."), "success")
    report = form.get("report_id", "")
    return redirect(
        f"/projects/{project_id}/reports/{report}" if report else f"/projects/{project_id}/risks"
    )
