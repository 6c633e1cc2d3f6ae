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
from vstid.web.deps import CurrentUser, FormDep, SessionDep, SettingsDep
from vstid.web.forms import read_dates
from vstid.web.pages.base import flash, redirect, render
from vstid.web.pages.projects._shared import header
from vstid.web.validation import field_of, validation_message

__all__ = ["router"]

router = APIRouter()


def _form(posted: FormDep) -> dict[str, str]:
    return {k: v.strip() for k, v in posted.items() if isinstance(v, str) and k != "csrf_token"}


FIELDS = {
    "description": N_("Risk"), "likelihood": N_("Likelihood"), "impact": N_("Impact"),
    "mitigation": N_("Mitigation"), "owner_partner_id": N_("Owner"), "raised_on": N_("Raised on"),
}  # fmt: skip


def _register(
    request: Request, service: RiskService, user: CurrentUser, project_id: uuid.UUID,
    form: dict[str, str], errors: dict[str, str],
) -> Response:  # fmt: skip
    rows = service.register(user, project_id)
    project = service.projects.get_inside(user, project_id)
    return render(
        request,
        "projects/risks_register.html",
        status_code=422 if errors else 200,
        rows=rows,
        **header(service, user, project),
        labels=LABELS,
        can_write=service.can_write(user, project),
        levels=range(1, 6),
        form=form,
        errors=errors,
    )


@router.get("/projects/{project_id}/risks")
def register_page(
    request: Request,
    project_id: uuid.UUID,
    session: SessionDep,
    settings: SettingsDep,
    user: CurrentUser,
) -> Response:
    return _register(request, RiskService(session, settings), user, project_id, {}, {})


def _schema_errors(exc: ValidationError) -> dict[str, str]:
    errors: dict[str, str] = {}
    for e in exc.errors():
        name = field_of(e)
        message = validation_message(e, _)
        if name in FIELDS:  # the field as the form labels it
            message = message.replace(name, _(FIELDS[name]), 1)
        errors.setdefault(name, message)
    return errors


@router.post("/projects/{project_id}/risks")
def raise_risk(
    request: Request,
    project_id: uuid.UUID,
    session: SessionDep,
    settings: SettingsDep,
    user: CurrentUser,
    posted: FormDep,
) -> Response:
    """Adds a risk; a field to fix shows the register again with the message beside it and
    what was typed kept."""
    service = RiskService(session, settings)
    form = _form(posted)
    values, errors = read_dates(
        {k: v for k, v in form.items() if v}, {"raised_on": N_("Raised on")}
    )
    if not errors:
        try:
            data = RiskInput.model_validate(values)
            service.raise_risk(user, project_id, data)
        except ValidationError as exc:
            errors = _schema_errors(exc)
        except ValidationFailed as exc:
            errors = {exc.field or "form": exc.render(_)}
    if errors:
        return _register(request, service, user, project_id, form, errors)
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
