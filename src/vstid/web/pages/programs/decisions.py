"""Programs, the decisions part: the coordinator console of a call (applications by state,
review progress per agency panel, conflicts, positions, decisions, exports) and an
application's decision page (the agencies' positions, the joint decision form, the letter)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import ValidationError

from vstid.core.errors import DomainError
from vstid.core.i18n import N_
from vstid.core.i18n import gettext as _
from vstid.programs.applications.models import ApplicationStatus
from vstid.programs.decisions.console import ConsoleService
from vstid.programs.decisions.schemas import DecisionInput, PositionInput
from vstid.programs.decisions.service import DecisionService
from vstid.programs.reviews.models import Position
from vstid.projects.reports.export import pdf_bytes
from vstid.web.api.programs.decisions import export_response
from vstid.web.deps import CurrentUser, FormDep, SessionDep, SettingsDep
from vstid.web.forms import read_numbers
from vstid.web.pages.base import flash, redirect, render
from vstid.web.validation import field_of, validation_message

__all__ = ["router"]

router = APIRouter()
NUMBERS = {"amount": N_("Amount granted")}


@router.get("/calls/{reference}/console")
def console_page(
    request: Request, reference: str, user: CurrentUser, session: SessionDep,
    settings: SettingsDep,
) -> Response:  # fmt: skip
    view = ConsoleService(session, settings).console(user, reference)
    return render(
        request, "programs/decision_console.html", view=view,
        states=[s.value for s in ApplicationStatus],
    )  # fmt: skip


@router.get("/calls/{reference}/console/export.csv")
def console_csv(
    request: Request, reference: str, user: CurrentUser, session: SessionDep,
    settings: SettingsDep,
) -> Response:  # fmt: skip
    what = "reviews" if request.query_params.get("what") == "reviews" else "applications"
    view = ConsoleService(session, settings).console(user, reference)
    return export_response(view, "csv", what)


@router.get("/calls/{reference}/console/export.xlsx")
def console_xlsx(
    reference: str, user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> Response:
    view = ConsoleService(session, settings).console(user, reference)
    return export_response(view, "xlsx", "applications")


def _decision_page(
    request: Request, service: DecisionService, user: Any, reference: str,
    form: dict[str, str], errors: dict[str, str],
) -> Response:  # fmt: skip
    view = service.view(user, reference)
    return render(
        request, "programs/decision_application.html", status_code=422 if errors else 200,
        view=view, form=form, errors=errors, positions=[p.value for p in Position],
    )  # fmt: skip


@router.get("/applications/{reference}/decision")
def decision_page(
    request: Request, reference: str, user: CurrentUser, session: SessionDep,
    settings: SettingsDep,
) -> Response:  # fmt: skip
    return _decision_page(request, DecisionService(session, settings), user, reference, {}, {})


def _refused(exc: DomainError) -> dict[str, str]:
    if exc.status not in (409, 422):
        raise exc
    return {exc.field or "form": exc.render(_)}


def _position_input(form: dict[str, str]) -> tuple[PositionInput | None, dict[str, str]]:
    values, errors = read_numbers({k: v for k, v in form.items() if v}, NUMBERS)
    data = {k: v for k, v in values.items() if v is not None}
    try:
        parsed = PositionInput.model_validate(data)
    except ValidationError as exc:
        for e in exc.errors():
            errors.setdefault(field_of(e).split(".")[0], validation_message(e, _))
        return None, errors
    return (None, errors) if errors else (parsed, {})


@router.post("/applications/{reference}/decision/positions")
def record_position(
    request: Request, reference: str, user: CurrentUser, session: SessionDep,
    settings: SettingsDep, posted: FormDep,
) -> Response:  # fmt: skip
    service = DecisionService(session, settings)
    form = {k: str(posted.get(k) or "").strip()
            for k in ("agency_id", "position", "amount", "note")}  # fmt: skip
    data, errors = _position_input(form)
    if data is not None:
        try:
            service.record_position(user, reference, data)
        except DomainError as exc:
            errors = _refused(exc)
    if errors:
        return _decision_page(request, service, user, reference, form, errors)
    flash(request, _("The agency's position was recorded."), "success")
    return redirect(f"/applications/{reference}/decision")


@router.post("/applications/{reference}/decision")
def decide(
    request: Request, reference: str, user: CurrentUser, session: SessionDep,
    settings: SettingsDep, posted: FormDep,
) -> Response:  # fmt: skip
    service = DecisionService(session, settings)
    form = {k: str(posted.get(k) or "").strip() for k in ("decision", "reason")}
    errors: dict[str, str] = {}
    try:
        service.decide(user, reference, DecisionInput.model_validate(form))
    except ValidationError:
        errors = {"decision": _("Choose award or reject.")}
    except DomainError as exc:
        errors = _refused(exc)
    if errors:
        return _decision_page(request, service, user, reference, form, errors)
    flash(request, _("The joint decision was recorded and the applicants were told."), "success")
    return redirect(f"/applications/{reference}/decision")


@router.get("/applications/{reference}/decision/letter")
def letter_download(
    request: Request, reference: str, user: CurrentUser, session: SessionDep,
    settings: SettingsDep,
) -> Response:  # fmt: skip
    application, row = DecisionService(session, settings).letter(user, reference)
    response = render(
        request, "programs/decision_letter.html", application=application, decision=row
    )
    name = f"{application.reference}-letter-{row.letter_language}.html"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@router.get("/applications/{reference}/decision/letter.pdf")
def letter_pdf(
    request: Request, reference: str, user: CurrentUser, session: SessionDep,
    settings: SettingsDep,
) -> Response:  # fmt: skip
    """The same letter as a PDF (WeasyPrint, with the CJK fonts the project reports embed)."""
    application, row = DecisionService(session, settings).letter(user, reference)
    html = request.app.state.templates.get_template("programs/decision_letter.html").render(
        application=application, decision=row
    )
    name = f"{application.reference}-letter-{row.letter_language}.pdf"
    return Response(
        pdf_bytes(html), media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )  # fmt: skip
