"""A program's mobility records as pages: the register (staff and agency members; counts only
for everyone else), the form recording a stay, and a record's page with its timeline, its
evidence and the actions the service allows."""

from __future__ import annotations

import uuid
from typing import Any, cast

from fastapi import APIRouter, Request
from fastapi import UploadFile as ApiUploadFile
from fastapi.responses import Response
from pydantic import BaseModel, ValidationError
from starlette.datastructures import FormData, UploadFile

from vstid.accounts.models import User
from vstid.core.errors import DomainError, Forbidden, NotFound
from vstid.core.i18n import N_, current_locale
from vstid.core.i18n import gettext as _
from vstid.programs.calls.models import CareerStage
from vstid.programs.mobility import labels
from vstid.programs.mobility.export import to_csv
from vstid.programs.mobility.models import EvidenceKind, MobilityRecord, MobilityStatus
from vstid.programs.mobility.schemas import (
    DepartInput,
    DiscontinueInput,
    EvidenceInput,
    ExtendInput,
    MobilityFilters,
    MobilityInput,
    OutcomeInput,
    ReturnInput,
    Sex,
)
from vstid.programs.mobility.service import MobilityService, Upload
from vstid.programs.mobility.states import MOBILITY_STATES
from vstid.programs.models import Program
from vstid.projects.results.models import Degree
from vstid.web.deps import CurrentUser, FormDep, OptionalUser, SessionDep, SettingsDep
from vstid.web.forms import date_value, read_dates
from vstid.web.pages.base import flash, redirect, render
from vstid.web.uploads import download_response, read_upload
from vstid.web.validation import validation_message

__all__ = ["router"]

router = APIRouter()
PROGRAM = "/programs/{slug}/mobility"
RECORD = "/mobility/{record_id}"
RECORD_DATES = {
    "planned_departure": N_("Planned departure"),
    "planned_return": N_("Planned return"),
}
RECORD_KEYS = (
    "expert_slug", "person_name", "home_organization_id", "host_organization_id", "sex",
    "nationality", "career_stage", "field",
    "home_institution", "home_country", "host_institution", "host_country", "supervisor",
    "planned_departure", "planned_return",
)  # fmt: skip
# action → (schema, its date fields, the service method's name)
ACTIONS: dict[str, tuple[type[BaseModel], dict[str, str], str]] = {
    "depart": (DepartInput, {"departed_on": N_("Departure date")}, "depart"),
    "extend": (ExtendInput, {"planned_return": N_("New planned return")}, "extend"),
    "return": (ReturnInput, {"returned_on": N_("Return date")}, "return_"),
    "discontinue": (DiscontinueInput, {}, "discontinue"),
    "outcome": (OutcomeInput, {}, "record_outcome"),
    "evidence": (EvidenceInput, {}, "add_evidence"),
}
WITH_FILE = frozenset({"depart", "return", "evidence"})


def _choices(service: MobilityService) -> dict[str, Any]:
    return {
        "labels": labels,
        "statuses": [s.value for s in MobilityStatus],
        "sexes": [s.value for s in Sex],
        "stages": [c.value for c in CareerStage],
        "degrees": [d.value for d in Degree],
        "evidence_kinds": [k.value for k in EvidenceKind],
        "field_labels": service.field_labels(),
    }


def _title(program: Program) -> str:
    """The program's title in the reader's language when it has one."""
    return (program.translations or {}).get(current_locale(), {}).get("title") or program.title


def _text(form: FormData) -> dict[str, str]:
    return {k: v.strip() for k, v in form.items() if isinstance(v, str)}


def _upload(form: FormData, settings: Any) -> Upload | None:
    file = form.get("file")
    if isinstance(file, UploadFile) and file.filename:
        content = read_upload(cast(ApiUploadFile, file), settings.max_upload_bytes)
        return Upload(file.filename, content)
    return None


# The form's words for its fields, in the messages pydantic's errors make (the shared table
# knows the other domains' fields).
LABELS = {
    "expert_slug": N_("Existing expert profile"), "person_name": N_("Name"), "sex": N_("Sex"),
    "nationality": N_("Nationality"), "career_stage": N_("Career stage"), "field": N_("Field"),
    "home_institution": N_("Home institution"), "host_institution": N_("Host institution"),
    "home_country": N_("Home country"), "host_country": N_("Host country"),
    "supervisor": N_("Supervisor at the host"), "departed_on": N_("Departure date"),
    "returned_on": N_("Return date"), "evidence_url": N_("Evidence link"),
    "url": N_("Evidence link"), "note": N_("Note"), "next_destination": N_("Next destination"),
    "next_country": N_("Country of the destination"), "degree_obtained": N_("Degree obtained"),
    **RECORD_DATES,
}  # fmt: skip


def _errors(exc: ValidationError) -> dict[str, str]:
    errors: dict[str, str] = {}
    for e in exc.errors():
        where = str(e["loc"][0]) if e["loc"] else "form"
        message = validation_message(e, _)
        if where in LABELS:
            message = message.replace(where, _(LABELS[where]), 1)
        errors.setdefault(where, message)
    return errors


def _read(
    schema: type[BaseModel], form: dict[str, str], dates: dict[str, str]
) -> tuple[Any, dict[str, str]]:
    """The form as the schema, or every field to fix at once."""
    values, errors = read_dates({k: v for k, v in form.items() if v}, dates)
    data = {k: v for k, v in values.items() if v is not None and k != "csrf_token"}
    try:
        parsed = schema.model_validate(data)
    except ValidationError as exc:
        return None, _errors(exc) | errors
    return (None, errors) if errors else (parsed, {})


def _refusal(exc: DomainError) -> dict[str, str]:
    """A refusal shown next to its field; anything but bad input goes to the error page."""
    if exc.status != 422 and exc.field is None:
        raise exc
    return {exc.field or "form": exc.render(_)}


# -- the register ----------------------------------------------------------------------------
@router.get(PROGRAM)
def register_page(
    request: Request, slug: str, session: SessionDep, settings: SettingsDep, user: OptionalUser,
) -> Response:  # fmt: skip
    service = MobilityService(session, settings)
    program = service.program(user, slug)
    full = service.reads_register(user, program)
    raw = {k: request.query_params.get(k, "").strip() for k in MobilityFilters.model_fields}
    try:
        filters = MobilityFilters.model_validate({k: v for k, v in raw.items() if v}).query()
    except ValidationError:
        filters = {}
    if not full:  # the public: counts over every record, never a name
        filters = {}
    records = service.register(user, program, filters) if full else []
    own = [] if full else service.register(user, program)
    return render(
        request,
        "programs/mobility_register.html",
        program=program,
        program_title=_title(program),
        full=full,
        records=records,
        own=own,
        counts=service.aggregates(program, filters),
        filters=raw if full else {},
        query=request.url.query,
        years=service.departure_years(program) if full else [],
        can_record=service.can_record(user, program),
        **_choices(service),
    )


@router.get(PROGRAM + ".csv")
def register_csv(
    slug: str, request: Request, session: SessionDep, settings: SettingsDep, user: CurrentUser
) -> Response:
    service = MobilityService(session, settings)
    program = service.program(user, slug)
    if not service.reads_register(user, program):
        raise NotFound(N_("the requested item was not found"))
    raw = {k: request.query_params.get(k, "").strip() for k in MobilityFilters.model_fields}
    try:
        filters = MobilityFilters.model_validate({k: v for k, v in raw.items() if v}).query()
    except ValidationError:
        filters = {}
    body = "".join(to_csv(service.register(user, program, filters)))
    disposition = f'attachment; filename="mobility-{program.slug}.csv"'
    return Response(body, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": disposition})  # fmt: skip


# -- recording a stay ------------------------------------------------------------------------
def _new_page(
    request: Request, service: MobilityService, program: Program, form: dict[str, str],
    errors: dict[str, str], status_code: int = 200, record: MobilityRecord | None = None,
) -> Response:  # fmt: skip
    return render(
        request,
        "programs/mobility_new.html",
        status_code=status_code,
        heading=_("Correct the record") if record else _("Record a stay"),
        form_action=f"/mobility/{record.id}/edit" if record else f"{_base(program)}/new",
        editing=record is not None,
        program=program,
        program_title=_title(program),
        form=form,
        errors=errors,
        organizations=service.organizations(),
        **_choices(service),
    )


def _base(program: Program) -> str:
    return f"/programs/{program.slug}/mobility"


def _form_of(record: MobilityRecord) -> dict[str, str]:
    """A stored record as the form shows it (dates the reader's way)."""
    form = {k: "" if getattr(record, k, None) is None else str(getattr(record, k))
            for k in RECORD_KEYS if k not in RECORD_DATES}  # fmt: skip
    form["expert_slug"] = ""
    return form | {k: date_value(getattr(record, k)) for k in RECORD_DATES}


def _staff_program(service: MobilityService, user: User, slug: str) -> Program:
    program = service.program(user, slug)
    if not service.can_record(user, program):
        raise Forbidden(MOBILITY_STATES.forbidden)
    return program


@router.get(PROGRAM + "/new")
def new_page(
    request: Request, slug: str, session: SessionDep, settings: SettingsDep, user: CurrentUser
) -> Response:
    service = MobilityService(session, settings)
    program = _staff_program(service, user, slug)
    form = {"nationality": "VN", "home_country": "VN", "field": (program.fields or [""])[0]}
    return _new_page(request, service, program, form, {})


@router.post(PROGRAM + "/new")
def create_record(
    request: Request, slug: str, session: SessionDep, settings: SettingsDep, user: CurrentUser,
    posted: FormDep,
) -> Response:  # fmt: skip
    service = MobilityService(session, settings)
    program = _staff_program(service, user, slug)
    form = _text(posted)
    data, errors = _read(MobilityInput, {k: form.get(k, "") for k in RECORD_KEYS}, RECORD_DATES)
    if data is not None:
        try:
            record = service.create(user, slug, data)
        except DomainError as exc:
            errors = _refusal(exc)
        else:
            flash(request, _("The stay is recorded."), "success")
            return redirect(f"/mobility/{record.id}")
    return _new_page(request, service, program, form, errors, 422)


# -- a record --------------------------------------------------------------------------------
def _detail(
    request: Request, service: MobilityService, user: User, record: MobilityRecord,
    action: str = "", form: dict[str, str] | None = None,
    errors: dict[str, str] | None = None, status_code: int = 200,
) -> Response:  # fmt: skip
    program = service.program_of(record)
    return render(
        request,
        "programs/mobility_detail.html",
        status_code=status_code,
        program=program,
        program_title=_title(program),
        record=record,
        timeline=service.timeline(user, record),
        actions=service.allowed_actions(user, record),
        can_edit=service.can_edit(user, record),
        open_action=action,
        form=form or {},
        errors=errors or {},
        **_choices(service),
    )


@router.get(RECORD)
def record_page(
    request: Request, record_id: uuid.UUID, session: SessionDep, settings: SettingsDep,
    user: CurrentUser,
) -> Response:  # fmt: skip
    service = MobilityService(session, settings)
    return _detail(request, service, user, service.get(user, record_id))


@router.get(RECORD + "/edit")
def edit_page(
    request: Request, record_id: uuid.UUID, session: SessionDep, settings: SettingsDep,
    user: CurrentUser,
) -> Response:  # fmt: skip
    service = MobilityService(session, settings)
    record = service.get(user, record_id)
    if not service.can_edit(user, record):
        raise Forbidden(MOBILITY_STATES.forbidden)
    program = service.program_of(record)
    return _new_page(request, service, program, _form_of(record), {}, record=record)


@router.post(RECORD + "/edit")
def edit_record(
    request: Request, record_id: uuid.UUID, session: SessionDep, settings: SettingsDep,
    user: CurrentUser, posted: FormDep,
) -> Response:  # fmt: skip
    service = MobilityService(session, settings)
    record = service.get(user, record_id)
    program = service.program_of(record)
    form = _text(posted)
    data, errors = _read(MobilityInput, {k: form.get(k, "") for k in RECORD_KEYS}, RECORD_DATES)
    if data is not None:
        try:
            service.update(user, record.id, data)
        except DomainError as exc:
            errors = _refusal(exc)
        else:
            flash(request, _("The record is updated."), "success")
            return redirect(f"/mobility/{record.id}")
    return _new_page(request, service, program, form, errors, 422, record=record)


@router.post(RECORD + "/{action}")
def record_action(
    request: Request, record_id: uuid.UUID, action: str, session: SessionDep,
    settings: SettingsDep, user: CurrentUser, posted: FormDep,
) -> Response:  # fmt: skip
    """One of the record's small forms: a transition, an outcome or a piece of evidence. Bad
    input shows the page again with the form open, its input kept and the field named."""
    service = MobilityService(session, settings)
    record = service.get(user, record_id)
    if action not in ACTIONS:
        raise NotFound(N_("the requested item was not found"))
    schema, dates, method = ACTIONS[action]
    form = _text(posted)
    data, errors = _read(schema, form, dates)
    if data is not None:
        step = getattr(service, method)
        try:
            if action in WITH_FILE:
                step(user, record.id, data, _upload(posted, settings))
            else:
                step(user, record.id, data)
        except DomainError as exc:
            errors = _refusal(exc)
        else:
            flash(request, _("The record is updated."), "success")
            return redirect(f"/mobility/{record.id}")
    return _detail(request, service, user, record, action, form, errors, 422)


@router.get(RECORD + "/evidence/{evidence_id}/file")
def evidence_file(
    record_id: uuid.UUID, evidence_id: uuid.UUID, session: SessionDep, settings: SettingsDep,
    user: CurrentUser,
) -> Response:  # fmt: skip
    d = MobilityService(session, settings).evidence_file(user, record_id, evidence_id)
    return download_response(d.chunks, d.content_type, d.filename, d.size)
