"""Mobility records of a program: the register (staff and agency members; a researcher sees
their own), the counts anyone may see, recording a stay and every step of its lifecycle,
evidence files and outcomes. A record the reader may not read is a 404."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, UploadFile, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response, StreamingResponse
from pydantic import ValidationError

from vstid.accounts.models import User
from vstid.core.errors import NotFound
from vstid.core.i18n import N_
from vstid.programs.mobility.export import to_csv
from vstid.programs.mobility.models import MobilityRecord
from vstid.programs.mobility.schemas import (
    AggregateOut,
    DepartInput,
    DiscontinueInput,
    EvidenceInput,
    ExtendInput,
    MobilityFilters,
    MobilityInput,
    MobilityOut,
    OutcomeInput,
    ReturnInput,
    TimelineOut,
)
from vstid.programs.mobility.service import MobilityService, Upload
from vstid.web.deps import CurrentUser, OptionalUser, SessionDep, SettingsDep
from vstid.web.uploads import download_response, read_upload

__all__ = ["router"]

router = APIRouter(tags=["program mobility"])
PROGRAM = "/programs/{slug}/mobility"
RECORD = "/mobility/{record_id}"
CREATED = status.HTTP_201_CREATED
FILE_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The file, sent with the type it was checked as on upload",
        "content": {"*/*": {"schema": {"type": "string", "format": "binary"}}},
    }
}
CSV_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {"description": "The register as CSV", "content": {"text/csv": {}}}
}


def _out(service: MobilityService, user: User | None, record: MobilityRecord) -> MobilityOut:
    out = MobilityOut.model_validate(record)
    out.allowed_actions = service.allowed_actions(user, record)
    return out


def _filters(
    status_: str | None, host_country: str | None, sex: str | None, field: str | None,
    year: int | None,
) -> dict[str, Any]:  # fmt: skip
    return MobilityFilters(
        status=status_, host_country=host_country, sex=sex, field=field, year=year
    ).query()


StatusQ = Annotated[str | None, Query(alias="status", max_length=20)]
CountryQ = Annotated[str | None, Query(max_length=2)]
SexQ = Annotated[str | None, Query(max_length=20)]
FieldQ = Annotated[str | None, Query(max_length=60)]
YearQ = Annotated[int | None, Query(ge=1900, le=2200)]


@router.get(PROGRAM, response_model=list[MobilityOut])
def list_records(
    slug: str, user: OptionalUser, session: SessionDep, settings: SettingsDep,
    status_: StatusQ = None, host_country: CountryQ = None, sex: SexQ = None,
    field: FieldQ = None, year: YearQ = None,
) -> Any:  # fmt: skip
    """The records this reader may read, filtered: every one for the program's staff and
    agency members, their own for a researcher, none for anyone else (see /summary)."""
    service = MobilityService(session, settings)
    program = service.program(user, slug)
    rows = service.register(user, program, _filters(status_, host_country, sex, field, year))
    return [_out(service, user, r) for r in rows]


@router.get(PROGRAM + "/summary", response_model=AggregateOut)
def summary(
    slug: str, user: OptionalUser, session: SessionDep, settings: SettingsDep,
    status_: StatusQ = None, host_country: CountryQ = None, sex: SexQ = None,
    field: FieldQ = None, year: YearQ = None,
) -> Any:  # fmt: skip
    """Counts by status, host country and field: anyone who may read the program."""
    service = MobilityService(session, settings)
    program = service.program(user, slug)
    return service.aggregates(program, _filters(status_, host_country, sex, field, year))


@router.get(PROGRAM + ".csv", response_class=Response, responses=CSV_RESPONSE)
def export_records(
    slug: str, user: CurrentUser, session: SessionDep, settings: SettingsDep,
    status_: StatusQ = None, host_country: CountryQ = None, sex: SexQ = None,
    field: FieldQ = None, year: YearQ = None,
) -> Any:  # fmt: skip
    """The register as CSV, for the program's staff and agency members (404 otherwise)."""
    service = MobilityService(session, settings)
    program = service.program(user, slug)
    if not service.reads_register(user, program):
        raise NotFound(N_("the requested item was not found"))
    rows = service.register(user, program, _filters(status_, host_country, sex, field, year))
    return Response(
        "".join(to_csv(rows)),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="mobility-{program.slug}.csv"'},
    )


@router.post(PROGRAM, response_model=MobilityOut, status_code=CREATED)
def create_record(
    slug: str, data: MobilityInput, user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> Any:
    """A stay abroad, planned: the person is an existing expert profile (`expert_id` or
    `expert_slug`) or a name for whom an unclaimed profile is made."""
    service = MobilityService(session, settings)
    return _out(service, user, service.create(user, slug, data))


@router.get(RECORD, response_model=MobilityOut)
def get_record(
    record_id: uuid.UUID, user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> Any:
    service = MobilityService(session, settings)
    return _out(service, user, service.get(user, record_id))


@router.get(RECORD + "/timeline", response_model=list[TimelineOut])
def record_timeline(
    record_id: uuid.UUID, user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> Any:
    service = MobilityService(session, settings)
    return [vars(e) for e in service.timeline(user, service.get(user, record_id))]


@router.post(RECORD + "/depart", response_model=MobilityOut)
def depart(
    record_id: uuid.UUID, data: DepartInput, user: CurrentUser, session: SessionDep,
    settings: SettingsDep,
) -> Any:  # fmt: skip
    """The departure: its date (not in the future) and the departure evidence, a link here
    or a file added before with POST …/evidence (kind "departure"); else 422 naming
    "evidence_url"."""
    service = MobilityService(session, settings)
    return _out(service, user, service.depart(user, record_id, data))


@router.post(RECORD + "/extend", response_model=MobilityOut)
def extend(
    record_id: uuid.UUID, data: ExtendInput, user: CurrentUser, session: SessionDep,
    settings: SettingsDep,
) -> Any:  # fmt: skip
    service = MobilityService(session, settings)
    return _out(service, user, service.extend(user, record_id, data))


@router.post(RECORD + "/return", response_model=MobilityOut)
def return_(
    record_id: uuid.UUID, data: ReturnInput, user: CurrentUser, session: SessionDep,
    settings: SettingsDep,
) -> Any:  # fmt: skip
    service = MobilityService(session, settings)
    return _out(service, user, service.return_(user, record_id, data))


@router.post(RECORD + "/discontinue", response_model=MobilityOut)
def discontinue(
    record_id: uuid.UUID, data: DiscontinueInput, user: CurrentUser, session: SessionDep,
    settings: SettingsDep,
) -> Any:  # fmt: skip
    service = MobilityService(session, settings)
    return _out(service, user, service.discontinue(user, record_id, data))


@router.post(RECORD + "/outcome", response_model=MobilityOut)
def outcome(
    record_id: uuid.UUID, data: OutcomeInput, user: CurrentUser, session: SessionDep,
    settings: SettingsDep,
) -> Any:  # fmt: skip
    service = MobilityService(session, settings)
    return _out(service, user, service.record_outcome(user, record_id, data))


@router.post(RECORD + "/evidence", response_model=MobilityOut, status_code=CREATED)
def add_evidence(
    record_id: uuid.UUID, user: CurrentUser, session: SessionDep, settings: SettingsDep,
    kind: Annotated[str, Form(max_length=20)],
    note: Annotated[str, Form(max_length=300)] = "",
    url: Annotated[str | None, Form(max_length=1000)] = None,
    file: UploadFile | None = None,
) -> Any:  # fmt: skip
    """A document (multipart: `kind`, `note`, a `file` and/or a `url`), at any time."""
    try:
        data = EvidenceInput.model_validate({"kind": kind, "note": note, "url": url or None})
    except ValidationError as exc:  # the form's fields, reported like a JSON body's
        raise RequestValidationError(
            [{**e, "loc": ("body", *e["loc"])} for e in exc.errors(include_url=False)]
        ) from exc
    upload = None
    if file is not None and file.filename:
        upload = Upload(file.filename, read_upload(file, settings.max_upload_bytes))
    service = MobilityService(session, settings)
    return _out(service, user, service.add_evidence(user, record_id, data, upload))


@router.get(
    RECORD + "/evidence/{evidence_id}/file",
    response_class=StreamingResponse,
    responses=FILE_RESPONSE,
)
def evidence_file(
    record_id: uuid.UUID, evidence_id: uuid.UUID, user: CurrentUser, session: SessionDep,
    settings: SettingsDep,
) -> Any:  # fmt: skip
    d = MobilityService(session, settings).evidence_file(user, record_id, evidence_id)
    return download_response(d.chunks, d.content_type, d.filename, d.size)


@router.put(RECORD, response_model=MobilityOut)
def edit_record(
    record_id: uuid.UUID, data: MobilityInput, user: CurrentUser, session: SessionDep,
    settings: SettingsDep,
) -> Any:  # fmt: skip
    """A correction by the program's staff (the status and actual dates move only through
    the actions). Without `call_id` and `application_id` the record keeps its origin."""
    service = MobilityService(session, settings)
    return _out(service, user, service.update(user, record_id, data))
