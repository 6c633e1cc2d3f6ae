"""The applicant's pages: start an application on a call, the application page (shared part,
each country's section, members, budget with totals per currency, documents, a checklist of
what blocks submission, the buttons the state table allows now), and the applicant desk
(/applications/mine: my applications and the invitations I am to answer). A form that fails
shows the page again with what was typed kept and the message beside the field."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any, cast

from fastapi import APIRouter, Request
from fastapi import UploadFile as ApiUploadFile
from fastapi.responses import Response
from pydantic import ValidationError
from starlette.datastructures import UploadFile

from vstid.accounts.models import User
from vstid.core import i18n
from vstid.core.errors import DomainError, ValidationFailed
from vstid.core.i18n import N_
from vstid.core.i18n import gettext as _
from vstid.programs.applications import rules
from vstid.programs.applications.schemas import (
    BudgetInput,
    InviteInput,
    SectionInput,
    SharedInput,
    StartInput,
)
from vstid.programs.applications.service import ApplicationService, SubmissionRefused, Upload
from vstid.programs.calls.models import CareerStage
from vstid.programs.service import shown_text
from vstid.taxonomy.service import TaxonomyService
from vstid.web.deps import CurrentUser, FormDep, OptionalUser, SessionDep, SettingsDep
from vstid.web.forms import date_value, read_dates, read_numbers
from vstid.web.pages.base import flash, redirect, render
from vstid.web.uploads import download_response, read_upload
from vstid.web.validation import field_of, validation_message

__all__ = ["ACTIONS", "STATUS_LABELS", "router"]

router = APIRouter()

STATUS_LABELS = {
    "draft": N_("Draft"), "submitted": N_("Submitted"),
    "eligibility_check": N_("Eligibility check"), "in_review": N_("In review"),
    "shortlisted": N_("Shortlisted"), "awarded": N_("Awarded"), "rejected": N_("Rejected"),
    "ineligible": N_("Ineligible"), "withdrawn": N_("Withdrawn"),
    "invited": N_("Invitation pending"), "confirmed": N_("Confirmed"), "declined": N_("Declined"),
}  # fmt: skip
ROLE_LABELS = {
    "lead": N_("Lead applicant"), "co_lead": N_("Co-lead"), "co_applicant": N_("Co-applicant"),
}  # fmt: skip
ACTIONS = {
    "submit": N_("Submit the application"), "reopen": N_("Reopen as a draft"),
    "withdraw": N_("Withdraw the application"),
    "check_eligibility": N_("Start the eligibility check"),
    "pass_eligibility": N_("Eligible: send to review"), "mark_ineligible": N_("Mark ineligible"),
    "shortlist": N_("Shortlist"), "confirm": N_("Confirm taking part"),
    "decline": N_("Decline the invitation"),
}  # fmt: skip
CAREER_LABELS = {
    CareerStage.phd_candidate.value: N_("PhD candidate"),
    CareerStage.early_career.value: N_("Early career (PhD within 7 years)"),
    CareerStage.established.value: N_("Established researcher"),
    CareerStage.senior.value: N_("Senior researcher"),
}
DONE = {
    "submit": N_("The application was submitted; a frozen copy was kept."),
    "reopen": N_("The application is a draft again."),
    "withdraw": N_("The application was withdrawn."),
    "confirm": N_("You confirmed taking part."),
    "decline": N_("You declined the invitation."),
}


CHANGED = N_("The application's status was changed.")


def _form(posted: FormDep) -> dict[str, str]:
    return {k: v.strip() for k, v in posted.items() if isinstance(v, str) and k != "csrf_token"}


def _message(problem: rules.Problem) -> str:
    text = _(problem.message)
    return text % problem.params if problem.params else text


def _errors_of(exc: Exception) -> dict[str, str]:
    if isinstance(exc, SubmissionRefused):
        errors: dict[str, str] = {}
        for p in exc.problems:
            errors.setdefault(p.field, _message(p))
        return errors
    if isinstance(exc, ValidationError):
        return {field_of(e): validation_message(e, _) for e in exc.errors()}
    assert isinstance(exc, DomainError)
    return {exc.field or "form": exc.render(_)}


def _shared_form(data: dict[str, Any]) -> dict[str, str]:
    """The shared part's form filled from the application."""
    form = {
        "title": data["title"], "summary": data["summary"], "language": data["language"],
        "start_date": date_value(_iso(data["start_date"])),
        "duration_months": str(data["duration_months"] or ""),
        "career_stage": data["career_stage"] or "",
        "lead_organization_id": data.get("lead_organization_id") or "",
    }  # fmt: skip
    for key, value in (data["answers"] or {}).items():
        form[f"answer_{key}"] = str(value)
    for lang, parts in (data["translations"] or {}).items():
        for part, text in parts.items():
            form[f"{part}_{lang}"] = text
    return form


def _iso(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _page(
    request: Request, service: ApplicationService, user: User | None, reference: str,
    form: dict[str, str] | None = None, errors: dict[str, str] | None = None,
    status_code: int = 200, chosen_fields: list[str] | None = None,
) -> Response:  # fmt: skip
    reading = service.read(user, reference)
    locale = i18n.current_locale()
    zone = rules.reader_zone(locale)
    reader_time, call_time = rules.deadline_in_zones(reading.call, zone, locale)
    data = reading.data
    checklist: dict[str, list[str]] = {}
    for p in reading.problems:
        checklist.setdefault(p.field, []).append(_message(p))
    agencies = {a.id: a for a in reading.agencies}
    budget_by_agency = [
        (
            a,
            [
                (i, b | {"amount_d": Decimal(b["amount"])})
                for i, b in enumerate(data["budget"])
                if b["agency_id"] == a.id
            ],
        )
        for a in reading.agencies
        if a.country in reading.countries
    ]
    return render(
        request,
        "programs/application_detail.html",
        status_code=status_code,
        r=reading, a=reading.application, call=reading.call, data=data,
        agencies=agencies, budget_by_agency=budget_by_agency, start=_iso(data["start_date"]),
        checklist=checklist, deadline=(call_time, reader_time),
        form=form if form is not None else _shared_form(data),
        chosen_fields=chosen_fields if chosen_fields is not None else data["fields"],
        errors=errors or {}, status_labels=STATUS_LABELS, role_labels=ROLE_LABELS,
        action_labels=ACTIONS, career_labels=CAREER_LABELS,
        field_labels=TaxonomyService(service.session).labels(),
        organizations=service.my_organizations(user) if reading.can_edit else [],
        other_languages=[lang for lang in i18n.LANGUAGES if lang != data["language"]],
    )  # fmt: skip


def _fail(
    request: Request, service: ApplicationService, user: User, reference: str, exc: Exception,
    form: dict[str, str] | None = None, chosen_fields: list[str] | None = None,
) -> Response:  # fmt: skip
    if isinstance(exc, DomainError) and not isinstance(exc, ValidationFailed) and not exc.field:
        raise exc
    status_code = exc.status if isinstance(exc, DomainError) else 422
    return _page(request, service, user, reference, form, _errors_of(exc), status_code,
                 chosen_fields)  # fmt: skip


# -- start -------------------------------------------------------------------------------------
@router.get("/calls/{reference}/apply")
def apply_page(
    request: Request, reference: str, session: SessionDep, settings: SettingsDep,
    user: CurrentUser,
) -> Response:  # fmt: skip
    return _apply(request, ApplicationService(session, settings), user, reference, {}, {})


def _apply(
    request: Request, service: ApplicationService, user: User, reference: str,
    form: dict[str, str], errors: dict[str, str], status_code: int = 200,
) -> Response:  # fmt: skip
    call = service.call_to_apply(user, reference)
    locale = i18n.current_locale()
    zone = rules.reader_zone(locale)
    reader_time, call_time = rules.deadline_in_zones(call, zone, locale)
    return render(
        request, "programs/application_apply.html", status_code=status_code, call=call,
        deadline=(call_time, reader_time), accepting=rules.accepts_submissions(call, service.now()),
        form=form, errors=errors,
    )  # fmt: skip


@router.post("/calls/{reference}/apply")
def apply(
    request: Request, reference: str, session: SessionDep, settings: SettingsDep,
    user: CurrentUser, posted: FormDep,
) -> Response:  # fmt: skip
    service = ApplicationService(session, settings)
    form = _form(posted)
    try:
        application = service.start(user, reference, StartInput.model_validate(form))
    except (ValidationError, ValidationFailed) as exc:
        return _apply(request, service, user, reference, form, _errors_of(exc), 422)
    except DomainError as exc:
        if not exc.field:
            raise
        return _apply(request, service, user, reference, form, _errors_of(exc), exc.status)
    flash(request, _("Your application was started. Fill it in, then submit it."), "success")
    return redirect(f"/applications/{application.reference}")


# -- the desk ----------------------------------------------------------------------------------
@router.get("/applications/mine")
def desk(
    request: Request, session: SessionDep, settings: SettingsDep, user: CurrentUser
) -> Response:
    rows = ApplicationService(session, settings).mine(user)
    invitations = [(a, m) for a, m, _call in rows if m.role != "lead" and m.status == "invited"]
    locale = i18n.current_locale()
    titles = {a.id: shown_text(a, locale)[::2] for a, _m, _call in rows}
    return render(
        request, "programs/application_mine.html", rows=rows, invitations=invitations,
        titles=titles,
        status_labels=STATUS_LABELS, role_labels=ROLE_LABELS, action_labels=ACTIONS,
    )  # fmt: skip


# -- the application ---------------------------------------------------------------------------
@router.get("/applications/{reference}")
def application_page(
    request: Request, reference: str, session: SessionDep, settings: SettingsDep,
    user: OptionalUser,
) -> Response:  # fmt: skip
    return _page(request, ApplicationService(session, settings), user, reference)


@router.post("/applications/{reference}/edit")
def edit(
    request: Request, reference: str, session: SessionDep, settings: SettingsDep,
    user: CurrentUser, posted: FormDep,
) -> Response:  # fmt: skip
    service = ApplicationService(session, settings)
    form = _form(posted)
    chosen = [str(v) for v in posted.getlist("fields") if isinstance(v, str)]
    values, errors = read_dates(
        {k: v for k, v in form.items() if v}, {"start_date": N_("Start date")}
    )
    values, number_errors = read_numbers(values, {"duration_months": N_("Duration (months)")})
    errors |= number_errors
    if errors:
        return _page(request, service, user, reference, form, errors, 422, chosen)
    translations: dict[str, dict[str, str]] = {}
    for lang in i18n.LANGUAGES:
        for part in ("title", "summary"):
            if form.get(f"{part}_{lang}") and lang != form.get("language"):
                translations.setdefault(lang, {})[part] = form[f"{part}_{lang}"]
    body = {
        "title": form.get("title", ""), "summary": form.get("summary", ""),
        "language": form.get("language", "vi"), "translations": translations, "fields": chosen,
        "start_date": values.get("start_date"),
        "duration_months": values.get("duration_months"),
        "career_stage": form.get("career_stage") or None,
        "lead_organization_id": form.get("lead_organization_id") or None,
        "answers": {k[7:]: v for k, v in form.items() if k.startswith("answer_")},
    }  # fmt: skip
    try:
        service.update_shared(user, reference, SharedInput.model_validate(body))
    except (ValidationError, DomainError) as exc:
        return _fail(request, service, user, reference, exc, form, chosen)
    flash(request, _("The shared part was saved."), "success")
    return redirect(f"/applications/{reference}")


@router.post("/applications/{reference}/sections/{country}")
def edit_section(
    request: Request, reference: str, country: str, session: SessionDep, settings: SettingsDep,
    user: CurrentUser, posted: FormDep,
) -> Response:  # fmt: skip
    service = ApplicationService(session, settings)
    form = _form(posted)
    try:
        data = SectionInput.model_validate({"body": form.get("body", ""),
                                            "language": form.get("language", "en")})  # fmt: skip
        service.update_section(user, reference, country, data)
    except (ValidationError, DomainError) as exc:
        errors = {f"section_{country}": next(iter(_errors_of(exc).values()))}
        if isinstance(exc, DomainError) and not isinstance(exc, ValidationFailed):
            raise
        return _page(request, service, user, reference, None, errors, 422)
    flash(request, _("The section was saved."), "success")
    return redirect(f"/applications/{reference}#section-{country}")


def _lines(service: ApplicationService, user: User, reference: str) -> list[dict[str, Any]]:
    data = service.read(user, reference).data
    return [{k: b[k] for k in ("agency_id", "category", "description", "amount", "currency")}
            for b in data["budget"]]  # fmt: skip


@router.post("/applications/{reference}/budget")
def add_budget_line(
    request: Request, reference: str, session: SessionDep, settings: SettingsDep,
    user: CurrentUser, posted: FormDep,
) -> Response:  # fmt: skip
    """Adds one line to the budget; the whole budget is checked against the ceilings."""
    service = ApplicationService(session, settings)
    form = _form(posted)
    values, errors = read_numbers(form, {"amount": N_("Amount")})
    if not errors:
        reading = service.read(user, reference)
        agency = next((a for a in reading.agencies if a.id == form.get("agency_id")), None)
        currency = (agency.currency if agency else None) or form.get("currency")
        line = {"agency_id": form.get("agency_id", ""), "category": form.get("category", ""),
                "description": form.get("description", ""), "amount": values.get("amount"),
                "currency": currency}  # fmt: skip
        try:
            data = BudgetInput.model_validate({"lines": [*_lines(service, user, reference), line]})
            service.set_budget(user, reference, data)
        except ValidationError as exc:
            errors = {"budget": next(iter(_errors_of(exc).values()))}
        except DomainError as exc:
            if not exc.field:
                raise
            errors = {"budget": next(iter(_errors_of(exc).values()))}
    if errors:
        typed = _shared_form(service.read(user, reference).data)
        typed |= {f"budget_{k}": v for k, v in form.items()}
        return _page(request, service, user, reference, typed, errors, 422)
    flash(request, _("The budget line was added."), "success")
    return redirect(f"/applications/{reference}#budget")


@router.post("/applications/{reference}/budget/{index}/remove")
def remove_budget_line(
    request: Request, reference: str, index: int, session: SessionDep, settings: SettingsDep,
    user: CurrentUser,
) -> Response:  # fmt: skip
    service = ApplicationService(session, settings)
    lines = _lines(service, user, reference)
    if 0 <= index < len(lines):
        del lines[index]
    service.set_budget(user, reference, BudgetInput.model_validate({"lines": lines}))
    flash(request, _("The budget line was removed."), "success")
    return redirect(f"/applications/{reference}#budget")


@router.post("/applications/{reference}/documents/{kind}")
def upload_document(
    request: Request, reference: str, kind: str, session: SessionDep, settings: SettingsDep,
    user: CurrentUser, posted: FormDep,
) -> Response:  # fmt: skip
    service = ApplicationService(session, settings)
    file = posted.get("file")
    try:
        if not (isinstance(file, UploadFile) and file.filename):
            raise ValidationFailed(N_("choose a file to upload"), field="file")
        content = read_upload(cast(ApiUploadFile, file), settings.max_upload_bytes)
        service.upload(user, reference, kind, Upload(file.filename, content))
    except DomainError as exc:
        if not isinstance(exc, ValidationFailed):
            raise
        return _page(
            request, service, user, reference, None, {f"document_{kind}": exc.render(_)}, 422
        )
    flash(request, _("The document was uploaded."), "success")
    return redirect(f"/applications/{reference}#documents")


@router.get("/applications/{reference}/documents/{kind}")
def download_document(
    reference: str, kind: str, session: SessionDep, settings: SettingsDep, user: OptionalUser
) -> Response:
    d = ApplicationService(session, settings).document(user, reference, kind)
    return download_response(d.chunks, d.content_type, d.filename, d.size)


@router.post("/applications/{reference}/members")
def invite(
    request: Request, reference: str, session: SessionDep, settings: SettingsDep,
    user: CurrentUser, posted: FormDep,
) -> Response:  # fmt: skip
    service = ApplicationService(session, settings)
    form = _form(posted)
    body = {k: v for k, v in form.items() if k in ("email", "role", "country", "institution") and v}
    try:
        service.invite(user, reference, InviteInput.model_validate(body))
    except (ValidationError, DomainError) as exc:
        if isinstance(exc, DomainError) and not exc.field:
            raise
        errors = {f"invite_{k}": v for k, v in _errors_of(exc).items()}
        invite_form = {f"invite_{k}": v for k, v in form.items()}
        data = service.read(user, reference).data
        return _page(
            request, service, user, reference, _shared_form(data) | invite_form, errors, 422
        )
    flash(request, _("The co-applicant was invited and notified."), "success")
    return redirect(f"/applications/{reference}#members")


@router.post("/applications/{reference}/members/{member_id}/remove")
def remove_member(
    request: Request, reference: str, member_id: str, session: SessionDep,
    settings: SettingsDep, user: CurrentUser,
) -> Response:  # fmt: skip
    ApplicationService(session, settings).remove_member(user, reference, uuid.UUID(member_id))
    flash(request, _("The co-applicant was removed."), "success")
    return redirect(f"/applications/{reference}#members")


@router.post("/applications/{reference}/action/{action}")
def act(
    request: Request, reference: str, action: str, session: SessionDep, settings: SettingsDep,
    user: CurrentUser, posted: FormDep,
) -> Response:  # fmt: skip
    """A button of the page: submit, reopen, withdraw, confirm, decline, and the staff's
    eligibility steps. A refused submission shows the page with every problem."""
    service = ApplicationService(session, settings)
    form = _form(posted)
    try:
        if action == "submit":
            service.submit(user, reference)
        elif action in ("confirm", "decline"):
            service.answer(user, reference, action)
        else:
            service.act(user, reference, action, form.get("reason"))
    except DomainError as exc:
        return _fail(request, service, user, reference, exc)
    flash(request, _(DONE.get(action, CHANGED)), "success")
    return redirect(form.get("next") or f"/applications/{reference}")
