"""Projects: accepting a finalist proposal opens one (this form is the project's), its page,
and marking milestones done."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import ValidationError

from vstid.core.i18n import N_
from vstid.core.i18n import gettext as _
from vstid.orders.models import Currency
from vstid.orders.service import OrderQueries
from vstid.projects.models import PartnerSide
from vstid.projects.plan.service import PlanService
from vstid.projects.schemas import ProjectInput
from vstid.projects.service import ProjectService
from vstid.projects.states import LEAD, STAFF
from vstid.proposals.service import ProposalService
from vstid.web.deps import CurrentUser, FormDep, PageDep, SessionDep, SettingsDep
from vstid.web.forms import read_dates, read_numbers
from vstid.web.pages.base import flash, redirect, render

__all__ = ["router"]

router = APIRouter()
ROWS = 3
NUMBERS = {"amount": N_("Amount"), "share_percent": N_("Share")}
OWNERSHIP = {"requester_share_percent": N_("Share"), "expert_share_percent": N_("Share")}
DATES = {"start_date": N_("Start"), "end_date": N_("End")}
ROW_DATES = {"due_date": N_("Due date")}


def _accept_page(
    request: Request, access: Any, form: dict[str, str], errors: dict[str, str]
) -> Response:
    return render(
        request,
        "projects/accept.html",
        status_code=422 if errors else 200,
        access=access,
        form=form,
        errors=errors,
        rows=range(ROWS),
        currencies=[c.value for c in Currency],
        sides=[s.value for s in PartnerSide],
    )


@router.get("/proposals/{proposal_id}/accept")
def accept_form(
    request: Request,
    proposal_id: uuid.UUID,
    session: SessionDep,
    settings: SettingsDep,
    user: CurrentUser,
) -> Response:
    access = ProposalService(session, settings).access(user, proposal_id)
    form = {
        "title": access.order.title,
        "requester_share_percent": "50",
        "expert_share_percent": "50",
        "funding_currency_0": access.order.currency,
    }
    return _accept_page(request, access, form, {})


def _rows(form: dict[str, str], prefix: str, keys: tuple[str, ...]) -> list[dict[str, str]]:
    rows = []
    for i in range(ROWS):
        row = {k: form.get(f"{prefix}_{k}_{i}", "").strip() for k in keys}
        if any(v for k, v in row.items() if k not in ("currency", "side")):
            rows.append({k: v for k, v in row.items() if v})
    return rows


def _numbers(rows: list[dict[str, str]], where: str, errors: dict[str, str]) -> list[Any]:
    """The rows with their amounts and shares read as the reader writes numbers; the first
    one that is not a number is the section's error."""
    read = []
    for row in rows:
        values, wrong = read_numbers(row, NUMBERS)
        for message in wrong.values():
            errors.setdefault(where, message)
        read.append({k: v for k, v in values.items() if v is not None})
    return read


def _dates(rows: list[dict[str, str]], where: str, errors: dict[str, str]) -> list[Any]:
    """The rows with their due dates read as the reader writes dates; the first one that is
    not a date is the section's error."""
    read = []
    for row in rows:
        values, wrong = read_dates(row, ROW_DATES)
        for message in wrong.values():
            errors.setdefault(where, message)
        read.append({k: v for k, v in values.items() if v is not None})
    return read


def _project_input(form: dict[str, str]) -> tuple[ProjectInput | None, dict[str, str]]:
    """The project's data, or every field to fix (numbers and the schema's checks at once)."""
    keys = ("title", "start_date", "end_date", *OWNERSHIP)
    values, wrong = read_numbers({k: form[k] for k in keys if form.get(k)}, OWNERSHIP)
    errors = {"partners": next(iter(wrong.values()))} if wrong else {}
    values, wrong_dates = read_dates(values, DATES)
    errors |= wrong_dates
    data: dict[str, Any] = {k: v for k, v in values.items() if v is not None}
    data["milestones"] = _dates(
        _rows(form, "milestone", ("title", "due_date", "deliverable")), "milestones", errors
    )
    funding = _rows(form, "funding", ("source", "amount", "currency", "share_percent"))
    data["funding"] = _numbers(funding, "funding", errors)
    partners = _rows(form, "partner", ("name", "side", "country", "share_percent"))
    data["partners"] = _numbers(partners, "partners", errors)
    try:
        project = ProjectInput.model_validate(data)
    except ValidationError as exc:
        return None, _errors(exc) | errors
    return (None, errors) if errors else (project, {})


def _errors(exc: ValidationError) -> dict[str, str]:
    """One message per field pydantic refused (it reports every field, the checks across
    fields included, in one pass)."""
    errors: dict[str, str] = {}
    for e in exc.errors():
        where = str(e["loc"][0]) if e["loc"] else "form"
        errors.setdefault(where, _friendly(where))
    return errors


def _friendly(where: str) -> str:
    return {
        "milestones": _("Add at least one milestone with a title and a due date."),
        "funding": _(
            "Each funding source needs a name and a positive amount; shares may not exceed 100%."
        ),
        "partners": _("Ownership shares of all partners may not exceed 100%."),
        "end_date": _("The project cannot end before it starts."),
    }.get(where, _("Check this value."))


@router.post("/proposals/{proposal_id}/accept")
def accept(
    request: Request,
    proposal_id: uuid.UUID,
    session: SessionDep,
    settings: SettingsDep,
    user: CurrentUser,
    posted: FormDep,
) -> Response:
    service = ProposalService(session, settings)
    access = service.access(user, proposal_id)
    form = {k: v for k, v in posted.items() if isinstance(v, str)}
    data, errors = _project_input(form)
    if data is None:
        return _accept_page(request, access, form, errors)
    project = ProjectService(session, settings).open_from_proposal(user, proposal_id, data)
    flash(
        request,
        _("Proposal accepted. The project is open and the other proposers have been told."),
        "success",
    )
    return redirect(f"/projects/{project.id}")


@router.get("/projects/mine")
def my_projects(
    request: Request, session: SessionDep, settings: SettingsDep, user: CurrentUser,
    params: PageDep,
) -> Response:  # fmt: skip
    """One page, scoped by role: a coordinator's reads "Hub projects"."""
    page = ProjectService(session, settings).mine(user, params)
    return render(request, "projects/mine.html", page=page)


@router.get("/projects/{project_id}")
def project_page(
    request: Request,
    project_id: uuid.UUID,
    session: SessionDep,
    settings: SettingsDep,
    user: CurrentUser,
) -> Response:
    service = ProjectService(session, settings)
    project = service.get_inside(user, project_id)
    order = (
        OrderQueries(session).get_visible_by_id(project.order_id, user)
        if project.order_id
        else None
    )
    can_manage = bool(service.roles_of(user, project) & {LEAD, STAFF})
    plan = PlanService(session, settings).plan(user, project.id)
    return render(
        request, "projects/detail.html", project=project, order=order, can_manage=can_manage,
        plan=plan,
    )  # fmt: skip


@router.post("/projects/{project_id}/milestones/{milestone_id}/done")
def milestone_done(
    project_id: uuid.UUID,
    milestone_id: uuid.UUID,
    session: SessionDep,
    settings: SettingsDep,
    user: CurrentUser,
) -> Response:
    """The first projects' "done": now a plan milestone's "reach" (projects.plan)."""
    PlanService(session, settings).reach(user, project_id, milestone_id)
    return redirect(f"/projects/{project_id}")
