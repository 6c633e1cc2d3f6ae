"""A project's funding pages: the lines with their fiscal periods and the totals in VND and USD
at recorded rates (which rate, from which source, valid when), a form to add a line, and one
line's page to change it, record a fiscal year or remove it."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from babel.dates import format_date
from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import ValidationError

from vstid.core import i18n
from vstid.core.errors import DomainError, ValidationFailed
from vstid.core.i18n import N_
from vstid.core.i18n import gettext as _
from vstid.projects.funding.models import FiscalConvention, FundingKind
from vstid.projects.funding.schemas import FundingLineInput, FundingPeriodInput
from vstid.projects.funding.service import FundingService
from vstid.rates.models import Currency
from vstid.web.deps import CurrentUser, FormDep, SessionDep, SettingsDep
from vstid.web.forms import date_value, parse_date, read_numbers
from vstid.web.pages.base import blank, flash, redirect, render
from vstid.web.pages.projects._shared import header
from vstid.web.validation import field_of, validation_message

__all__ = ["router"]

router = APIRouter()
LINE_NUMBERS = {"amount": N_("Amount")}
PERIOD_NUMBERS = {
    "committed": N_("Committed"), "disbursed": N_("Disbursed"), "spent": N_("Spent"),
}  # fmt: skip
LINE_FIELDS = ("partner_id", "funder_name", "funder_country", "reference", "amount",
               "currency", "kind", "fiscal_convention", "reason")  # fmt: skip
CHOICES = {
    "currencies": [c.value for c in Currency],
    "kinds": [k.value for k in FundingKind],
    "conventions": [c.value for c in FiscalConvention],
}


def _on(request: Request) -> date | None:
    """The day line amounts are converted on: ?on= as the reader writes dates (or ISO);
    today when absent or not a date."""
    try:
        return parse_date(request.query_params.get("on", ""))
    except ValueError:
        return None


def _shown(problem: ValidationFailed) -> str:
    """A missing rate in the reader's words: its day as they write dates (the service keeps
    ISO for the API)."""
    day = problem.params.get("date") if problem.params else None
    if isinstance(day, str):
        try:
            shown = format_date(date.fromisoformat(day), "medium", locale=i18n.current_locale())
        except ValueError:
            return problem.render(_)
        return _(problem.message) % {**problem.params, "date": shown}
    return problem.render(_)


def _form(posted: Any, keys: tuple[str, ...]) -> dict[str, str]:
    return {k: str(posted.get(k) or "").strip() for k in keys}


def _pydantic_errors(exc: ValidationError) -> dict[str, str]:
    errors: dict[str, str] = {}
    for e in exc.errors():
        errors.setdefault(field_of(e).split(".")[0], validation_message(e, _))
    return errors


def _line_input(form: dict[str, str]) -> tuple[FundingLineInput | None, dict[str, str]]:
    values, errors = read_numbers({k: v for k, v in form.items() if v}, LINE_NUMBERS)
    data = {k: v for k, v in values.items() if v is not None and k != "partner_id"}
    if form.get("partner_id"):
        data["partner_id"] = form["partner_id"]
    if "funder_country" in data:
        data["funder_country"] = data["funder_country"].upper()
    try:
        line = FundingLineInput.model_validate(data)
    except ValidationError as exc:
        return None, _pydantic_errors(exc) | errors
    return (None, errors) if errors else (line, {})


def _period_input(form: dict[str, str]) -> tuple[FundingPeriodInput | None, dict[str, str]]:
    values, errors = read_numbers({k: v for k, v in form.items() if v}, PERIOD_NUMBERS)
    data = {k: v for k, v in values.items() if v is not None}
    try:
        period = FundingPeriodInput.model_validate(data)
    except ValidationError as exc:
        return None, _pydantic_errors(exc) | errors
    return (None, errors) if errors else (period, {})


def _index(
    request: Request, service: FundingService, user: Any, project_id: uuid.UUID,
    form: dict[str, str], errors: dict[str, str],
) -> Response:  # fmt: skip
    view = service.view(user, project_id)
    totals = service.consolidated(user, project_id, _on(request))
    return render(
        request, "projects/funding_index.html", status_code=422 if errors else 200,
        view=view, totals=totals, **header(service, user, view.project), form=form,
        errors=errors, **CHOICES,
        missing=[_shown(problem) for problem in totals.problems], on_text=date_value(totals.on),
    )  # fmt: skip


@router.get("/projects/{project_id}/funding")
def funding_page(
    request: Request, project_id: uuid.UUID, session: SessionDep, settings: SettingsDep,
    user: CurrentUser,
) -> Response:  # fmt: skip
    service = FundingService(session, settings)
    return _index(request, service, user, project_id, {"currency": "VND", "kind": "cash"}, {})


def _refused(exc: DomainError) -> dict[str, str]:
    if exc.status not in (409, 422):
        raise exc
    return {exc.field or "form": exc.render(_)}


@router.post("/projects/{project_id}/funding")
def add_line(
    request: Request, project_id: uuid.UUID, session: SessionDep, settings: SettingsDep,
    user: CurrentUser, posted: FormDep,
) -> Response:  # fmt: skip
    service = FundingService(session, settings)
    form = _form(posted, LINE_FIELDS)
    data, errors = _line_input(form)
    if data is not None:
        try:
            service.add_line(user, project_id, data)
        except DomainError as exc:
            errors = _refused(exc)
    if errors:
        return _index(request, service, user, project_id, form, errors)
    flash(request, _("The funding line was added."), "success")
    return redirect(f"/projects/{project_id}/funding")


def _line_page(
    request: Request, service: FundingService, user: Any, project_id: uuid.UUID,
    line_id: uuid.UUID, form: dict[str, str], errors: dict[str, str],
) -> Response:  # fmt: skip
    view = service.view(user, project_id)
    line = service.line(user, project_id, line_id)
    if not form:
        form = {
            "partner_id": str(line.partner_id or ""), "funder_name": line.funder_name,
            "funder_country": line.funder_country or "", "reference": line.reference,
            "amount": str(line.amount), "currency": line.currency, "kind": line.kind,
            "fiscal_convention": line.fiscal_convention,
        }  # fmt: skip
    return render(
        request, "projects/funding_line.html", status_code=422 if errors else 200,
        view=view, line=line, **header(service, user, view.project), form=form,
        errors=errors, **CHOICES,
        line_errors=any(not k.startswith(("period_", "remove_")) for k in errors),
    )  # fmt: skip


@router.get("/projects/{project_id}/funding/{line_id}")
def line_page(
    request: Request, project_id: uuid.UUID, line_id: uuid.UUID, session: SessionDep,
    settings: SettingsDep, user: CurrentUser,
) -> Response:  # fmt: skip
    service = FundingService(session, settings)
    return _line_page(request, service, user, project_id, line_id, {}, {})


@router.post("/projects/{project_id}/funding/{line_id}")
def update_line(
    request: Request, project_id: uuid.UUID, line_id: uuid.UUID, session: SessionDep,
    settings: SettingsDep, user: CurrentUser, posted: FormDep,
) -> Response:  # fmt: skip
    service = FundingService(session, settings)
    form = _form(posted, LINE_FIELDS)
    data, errors = _line_input(form)
    if data is not None:
        try:
            service.update_line(user, project_id, line_id, data, keep_periods=True)
        except DomainError as exc:
            errors = _refused(exc)
    if errors:
        return _line_page(request, service, user, project_id, line_id, form, errors)
    flash(request, _("The funding line was saved."), "success")
    return redirect(f"/projects/{project_id}/funding/{line_id}")


@router.post("/projects/{project_id}/funding/{line_id}/periods")
def set_period(
    request: Request, project_id: uuid.UUID, line_id: uuid.UUID, session: SessionDep,
    settings: SettingsDep, user: CurrentUser, posted: FormDep,
) -> Response:  # fmt: skip
    service = FundingService(session, settings)
    form = _form(posted, ("fiscal_year", *PERIOD_NUMBERS))
    data, errors = _period_input(form)
    if data is not None:
        try:
            service.set_period(user, project_id, line_id, data)
        except DomainError as exc:
            errors = _refused(exc)
    if errors:
        return _line_page(
            request, service, user, project_id, line_id, {},
            {f"period_{k}": v for k, v in errors.items()},
        )  # fmt: skip
    flash(request, _("The fiscal year was recorded."), "success")
    return redirect(f"/projects/{project_id}/funding/{line_id}")


@router.post("/projects/{project_id}/funding/{line_id}/remove")
def remove_line(
    request: Request, project_id: uuid.UUID, line_id: uuid.UUID, session: SessionDep,
    settings: SettingsDep, user: CurrentUser, posted: FormDep,
) -> Response:  # fmt: skip
    service = FundingService(session, settings)
    reason = blank(str(posted.get("reason") or "")) or ""
    try:
        service.remove_line(user, project_id, line_id, reason)
    except DomainError as exc:
        errors = {f"remove_{k}": v for k, v in _refused(exc).items()}
        return _line_page(request, service, user, project_id, line_id, {}, errors)
    flash(request, _("The funding line was removed."), "success")
    return redirect(f"/projects/{project_id}/funding")
