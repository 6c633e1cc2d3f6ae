"""Applications to a call: start a draft, write it, invite co-applicants who confirm, submit
(refused with every problem named), reopen, withdraw; the staff's eligibility steps. What a
reader may not read is a 404; an agency member reads the last submitted copy, its own
country's section and budget only."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request, UploadFile, status
from fastapi.responses import StreamingResponse

from vstid.core import i18n
from vstid.programs.applications.schemas import (
    ApplicationOut,
    BudgetInput,
    InviteInput,
    ReasonInput,
    SectionInput,
    SharedInput,
    StartInput,
    SummaryOut,
    VersionOut,
)
from vstid.programs.applications.service import ApplicationService, Reading, Upload
from vstid.web.deps import CurrentUser, OptionalUser, SessionDep, SettingsDep
from vstid.web.middleware import LOCALE_COOKIE
from vstid.web.uploads import download_response, read_upload

__all__ = ["router"]

router = APIRouter(tags=["programs"])
BASE = "/applications/{reference}"
FILE_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The document, sent with the type it was checked as on upload",
        "content": {"*/*": {"schema": {"type": "string", "format": "binary"}}},
    }
}


def _translate(request: Request) -> Any:
    """Problems in the language the client asked for, else as English message ids (as the
    error handler answers)."""
    if LOCALE_COOKIE in request.cookies:
        return i18n.gettext
    asked = i18n.parse_accept_language(request.headers.get("accept-language"))
    if asked is None:
        return str
    i18n.set_locale(asked)
    return i18n.gettext


def _out(request: Request, reading: Reading) -> ApplicationOut:
    translate, a = _translate(request), reading.application
    data = reading.data
    problems = [
        {"field": p.field, "message": translate(p.message) % p.params if p.params
         else translate(p.message)}
        for p in reading.problems
    ]  # fmt: skip
    return ApplicationOut.model_validate(
        {**data, "reference": a.reference, "call_reference": reading.call.reference,
         "status": a.status, "version": a.version, "frozen": reading.frozen,
         "submitted_at": a.submitted_at, "status_reason": a.status_reason,
         "totals": reading.totals, "allowed_actions": reading.actions + reading.member_actions,
         "problems": problems}
    )  # fmt: skip


def _read(request: Request, service: ApplicationService, user: Any, reference: str) -> Any:
    return _out(request, service.read(user, reference))


@router.get("/calls/{reference}/applications", response_model=list[SummaryOut])
def call_applications(
    reference: str, user: OptionalUser, session: SessionDep, settings: SettingsDep
) -> Any:
    """The call's applications the reader may see: all for the program's staff, the
    submitted ones for its agencies' members, one's own for an applicant."""
    rows = ApplicationService(session, settings).of_call(user, reference)
    return [SummaryOut(reference=a.reference, call_reference=reference, title=a.title,
                       status=a.status, version=a.version, submitted_at=a.submitted_at)
            for a in rows]  # fmt: skip


@router.post(
    "/calls/{reference}/applications",
    response_model=ApplicationOut,
    status_code=status.HTTP_201_CREATED,
)
def start(
    request: Request, reference: str, data: StartInput, user: CurrentUser,
    session: SessionDep, settings: SettingsDep,
) -> Any:  # fmt: skip
    """Starts a draft on a call that accepts submissions; the caller becomes its lead."""
    service = ApplicationService(session, settings)
    application = service.start(user, reference, data)
    return _read(request, service, user, application.reference)


@router.get("/applications/mine", response_model=list[SummaryOut])
def mine(user: CurrentUser, session: SessionDep, settings: SettingsDep) -> Any:
    """The applications the caller leads or is invited to, with their role and answer."""
    rows = ApplicationService(session, settings).mine(user)
    return [SummaryOut(reference=a.reference, call_reference=call, title=a.title, status=a.status,
                       version=a.version, submitted_at=a.submitted_at, my_role=m.role,
                       my_status=m.status)
            for a, m, call in rows]  # fmt: skip


@router.get(BASE, response_model=ApplicationOut)
def read(
    request: Request, reference: str, user: OptionalUser, session: SessionDep,
    settings: SettingsDep,
) -> Any:  # fmt: skip
    return _read(request, ApplicationService(session, settings), user, reference)


@router.put(BASE, response_model=ApplicationOut)
def update(
    request: Request, reference: str, data: SharedInput, user: CurrentUser,
    session: SessionDep, settings: SettingsDep,
) -> Any:  # fmt: skip
    """The shared part (a draft, by its lead)."""
    service = ApplicationService(session, settings)
    service.update_shared(user, reference, data)
    return _read(request, service, user, reference)


@router.put(BASE + "/sections/{country}", response_model=ApplicationOut)
def update_section(
    request: Request, reference: str, country: str, data: SectionInput, user: CurrentUser,
    session: SessionDep, settings: SettingsDep,
) -> Any:  # fmt: skip
    """One country's section (the lead, or a confirmed co-applicant of that country)."""
    service = ApplicationService(session, settings)
    service.update_section(user, reference, country.upper(), data)
    return _read(request, service, user, reference)


@router.put(BASE + "/budget", response_model=ApplicationOut)
def set_budget(
    request: Request, reference: str, data: BudgetInput, user: CurrentUser,
    session: SessionDep, settings: SettingsDep,
) -> Any:  # fmt: skip
    """Replaces the budget lines; refused whole when over an agency's ceiling."""
    service = ApplicationService(session, settings)
    service.set_budget(user, reference, data)
    return _read(request, service, user, reference)


@router.post(BASE + "/documents/{kind}", response_model=ApplicationOut)
def upload_document(
    request: Request, reference: str, kind: str, file: UploadFile, user: CurrentUser,
    session: SessionDep, settings: SettingsDep,
) -> Any:  # fmt: skip
    """Uploads (or replaces) the document of one kind the call asks for."""
    content = read_upload(file, settings.max_upload_bytes)
    service = ApplicationService(session, settings)
    service.upload(user, reference, kind, Upload(file.filename or "file", content))
    return _read(request, service, user, reference)


@router.get(BASE + "/documents/{kind}", response_class=StreamingResponse, responses=FILE_RESPONSE)
def download_document(
    reference: str, kind: str, user: OptionalUser, session: SessionDep, settings: SettingsDep
) -> Any:
    d = ApplicationService(session, settings).document(user, reference, kind)
    return download_response(d.chunks, d.content_type, d.filename, d.size)


@router.post(BASE + "/members", response_model=ApplicationOut, status_code=201)
def invite(
    request: Request, reference: str, data: InviteInput, user: CurrentUser,
    session: SessionDep, settings: SettingsDep,
) -> Any:  # fmt: skip
    """Invites a co-applicant by the e-mail of their account or by expert profile; they
    are notified and confirm or decline from their account."""
    service = ApplicationService(session, settings)
    service.invite(user, reference, data)
    return _read(request, service, user, reference)


@router.delete(BASE + "/members/{member_id}", response_model=ApplicationOut)
def remove_member(
    request: Request, reference: str, member_id: uuid.UUID, user: CurrentUser,
    session: SessionDep, settings: SettingsDep,
) -> Any:  # fmt: skip
    service = ApplicationService(session, settings)
    service.remove_member(user, reference, member_id)
    return _read(request, service, user, reference)


def _answer(action: str) -> Any:
    def answer(
        request: Request, reference: str, user: CurrentUser, session: SessionDep,
        settings: SettingsDep,
    ) -> Any:  # fmt: skip
        service = ApplicationService(session, settings)
        service.answer(user, reference, action)
        return _read(request, service, user, reference)

    answer.__name__ = f"{action}_invitation"
    return answer


for _action, _doc in (
    ("confirm", "The invited co-applicant confirms taking part."),
    ("decline", "The invited co-applicant declines."),
):
    router.post(BASE + f"/{_action}", response_model=ApplicationOut, description=_doc)(
        _answer(_action)
    )


@router.post(BASE + "/submit", response_model=ApplicationOut)
def submit(
    request: Request, reference: str, user: CurrentUser, session: SessionDep,
    settings: SettingsDep,
) -> Any:  # fmt: skip
    """Submits and freezes a new version. Refused (422, every problem under "problems";
    409 after the deadline and its grace) with nothing changed."""
    service = ApplicationService(session, settings)
    service.submit(user, reference)
    return _read(request, service, user, reference)


def _step(action: str) -> Any:
    def step(
        request: Request, reference: str, user: CurrentUser, session: SessionDep,
        settings: SettingsDep, data: ReasonInput | None = None,
    ) -> Any:  # fmt: skip
        service = ApplicationService(session, settings)
        service.act(user, reference, action, data.reason if data else None)
        return _read(request, service, user, reference)

    step.__name__ = action
    return step


for _action, _doc in (
    ("reopen", "The lead takes a submitted application back to draft while the call is open."),
    ("withdraw", "The lead withdraws an undecided application."),
    ("check_eligibility", "Staff: start the eligibility check."),
    ("pass_eligibility", "Staff: the application is eligible and goes to review."),
    ("mark_ineligible", "Staff: the application is ineligible (a reason is required)."),
    ("shortlist", "Staff: shortlist an application in review."),
):
    router.post(BASE + f"/{_action}", response_model=ApplicationOut, description=_doc)(
        _step(_action)
    )


@router.get(BASE + "/versions", response_model=list[VersionOut])
def versions(reference: str, user: OptionalUser, session: SessionDep, settings: SettingsDep) -> Any:
    """The frozen copies of every submission (cut to the sections the reader may read)."""
    rows = ApplicationService(session, settings).versions(user, reference)
    return [VersionOut(number=v.number, submitted_at=v.submitted_at, snapshot=v.snapshot)
            for v in rows]  # fmt: skip
