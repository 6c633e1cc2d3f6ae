"""A project's result register (with owners and the IP register), background IP and
agreement documents: inside the project only (404 otherwise)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, UploadFile, status
from fastapi.responses import StreamingResponse
from pydantic import BaseModel

from vstid.projects.results.models import ProjectResult
from vstid.projects.results.schemas import (
    AbandonInput,
    AgreementInput,
    AgreementOut,
    BackgroundIPInput,
    BackgroundIPOut,
    DoiInput,
    FileInput,
    GrantInput,
    LicenseInput,
    OwnersInput,
    ResultInput,
    ResultOut,
    SignatureInput,
)
from vstid.projects.results.service import ResultService, Upload
from vstid.web.api.schemas import file_response
from vstid.web.deps import CurrentUser, SessionDep, SettingsDep
from vstid.web.uploads import download_response, read_upload

__all__ = ["router"]

router = APIRouter(tags=["project results"])
BASE = "/projects/{project_id}"
CREATED = status.HTTP_201_CREATED
FILE_RESPONSE = file_response("The file, sent with the type it was checked as on upload")


def _out(service: ResultService, user: Any, result: ProjectResult) -> ResultOut:
    out = ResultOut.model_validate(result)
    project = service.project(user, result.project_id)
    out.ip_actions = service.ip_actions(user, project, result)
    return out


@router.get(BASE + "/results", response_model=list[ResultOut])
def list_results(
    project_id: uuid.UUID,
    user: CurrentUser,
    session: SessionDep,
    settings: SettingsDep,
    kind: Annotated[str | None, Query(max_length=30)] = None,
) -> Any:
    service = ResultService(session, settings)
    return [_out(service, user, r) for r in service.results(user, project_id, kind or None)]


@router.post(BASE + "/results", response_model=ResultOut, status_code=CREATED)
def add_result(
    project_id: uuid.UUID, data: ResultInput, user: CurrentUser, session: SessionDep,
    settings: SettingsDep,
) -> Any:  # fmt: skip
    service = ResultService(session, settings)
    return _out(service, user, service.add(user, project_id, data))


@router.post(BASE + "/results/from-doi", response_model=ResultOut, status_code=CREATED)
def add_from_doi(
    project_id: uuid.UUID, data: DoiInput, user: CurrentUser, session: SessionDep,
    settings: SettingsDep,
) -> Any:  # fmt: skip
    """A publication from its DOI: title, date, venue and authors as OpenAlex knows them."""
    service = ResultService(session, settings)
    return _out(service, user, service.add_from_doi(user, project_id, data))


class FoundWorkOut(BaseModel):
    doi: str
    title: str
    published_on: date | None
    venue: str | None
    language: str | None
    authors: list[str]


@router.get(BASE + "/results/doi-lookup", response_model=FoundWorkOut)
def doi_lookup(
    project_id: uuid.UUID,
    doi: Annotated[str, Query(max_length=255)],
    user: CurrentUser,
    session: SessionDep,
    settings: SettingsDep,
) -> Any:
    """What OpenAlex knows of a DOI, saving nothing (a read: no lock is held while OpenAlex
    answers); a DOI already in the project is a 409, a malformed or unknown one a 422."""
    return ResultService(session, settings).lookup(user, project_id, doi)


@router.get(BASE + "/results/unowned", response_model=list[ResultOut])
def unowned_results(
    project_id: uuid.UUID, user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> Any:
    """The results whose owners are not recorded yet (closing the project waits for them)."""
    service = ResultService(session, settings)
    project = service.project(user, project_id)
    return [_out(service, user, r) for r in service.unowned_results(project)]


@router.get(BASE + "/results/{result_id}", response_model=ResultOut)
def get_result(
    project_id: uuid.UUID, result_id: uuid.UUID, user: CurrentUser, session: SessionDep,
    settings: SettingsDep,
) -> Any:  # fmt: skip
    service = ResultService(session, settings)
    return _out(service, user, service.get(user, project_id, result_id))


@router.put(BASE + "/results/{result_id}", response_model=ResultOut)
def edit_result(
    project_id: uuid.UUID, result_id: uuid.UUID, data: ResultInput, user: CurrentUser,
    session: SessionDep, settings: SettingsDep,
) -> Any:  # fmt: skip
    service = ResultService(session, settings)
    return _out(service, user, service.update(user, project_id, result_id, data))


@router.put(BASE + "/results/{result_id}/owners", response_model=ResultOut)
def set_owners(
    project_id: uuid.UUID, result_id: uuid.UUID, data: OwnersInput, user: CurrentUser,
    session: SessionDep, settings: SettingsDep,
) -> Any:  # fmt: skip
    """The owners and their shares: exactly 100% together, or refused naming "owners"."""
    service = ResultService(session, settings)
    return _out(service, user, service.set_owners(user, project_id, result_id, data.owners))


@router.post(BASE + "/results/{result_id}/file", response_model=ResultOut)
def upload_result_file(
    project_id: uuid.UUID, result_id: uuid.UUID, file: UploadFile, user: CurrentUser,
    session: SessionDep, settings: SettingsDep,
) -> Any:  # fmt: skip
    content = read_upload(file, settings.max_upload_bytes)
    service = ResultService(session, settings)
    upload = Upload(file.filename or "file", content)
    return _out(service, user, service.attach_result_file(user, project_id, result_id, upload))


@router.get(
    BASE + "/results/{result_id}/file", response_class=StreamingResponse, responses=FILE_RESPONSE
)
def download_result_file(
    project_id: uuid.UUID, result_id: uuid.UUID, user: CurrentUser, session: SessionDep,
    settings: SettingsDep,
) -> Any:  # fmt: skip
    d = ResultService(session, settings).attachment(user, project_id, result_id)
    return download_response(d.chunks, d.content_type, d.filename, d.size)


@router.post(BASE + "/results/{result_id}/ip/file", response_model=ResultOut)
def ip_file(
    project_id: uuid.UUID, result_id: uuid.UUID, data: FileInput, user: CurrentUser,
    session: SessionDep, settings: SettingsDep,
) -> Any:  # fmt: skip
    service = ResultService(session, settings)
    return _out(service, user, service.file_ip(user, project_id, result_id, data))


@router.post(BASE + "/results/{result_id}/ip/grant", response_model=ResultOut)
def ip_grant(
    project_id: uuid.UUID, result_id: uuid.UUID, data: GrantInput, user: CurrentUser,
    session: SessionDep, settings: SettingsDep,
) -> Any:  # fmt: skip
    service = ResultService(session, settings)
    return _out(service, user, service.grant_ip(user, project_id, result_id, data))


@router.post(BASE + "/results/{result_id}/ip/license", response_model=ResultOut)
def ip_license(
    project_id: uuid.UUID, result_id: uuid.UUID, data: LicenseInput, user: CurrentUser,
    session: SessionDep, settings: SettingsDep,
) -> Any:  # fmt: skip
    service = ResultService(session, settings)
    return _out(service, user, service.license_ip(user, project_id, result_id, data))


@router.post(BASE + "/results/{result_id}/ip/abandon", response_model=ResultOut)
def ip_abandon(
    project_id: uuid.UUID, result_id: uuid.UUID, data: AbandonInput, user: CurrentUser,
    session: SessionDep, settings: SettingsDep,
) -> Any:  # fmt: skip
    service = ResultService(session, settings)
    return _out(service, user, service.abandon_ip(user, project_id, result_id, data))


@router.get(BASE + "/background-ip", response_model=list[BackgroundIPOut])
def list_background_ip(
    project_id: uuid.UUID, user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> Any:
    rows = ResultService(session, settings).background_ip(user, project_id)
    return [BackgroundIPOut.model_validate(r) for r in rows]


@router.post(BASE + "/background-ip", response_model=BackgroundIPOut, status_code=CREATED)
def declare_background_ip(
    project_id: uuid.UUID, data: BackgroundIPInput, user: CurrentUser, session: SessionDep,
    settings: SettingsDep,
) -> Any:  # fmt: skip
    row = ResultService(session, settings).declare_background(user, project_id, data)
    return BackgroundIPOut.model_validate(row)


@router.get(BASE + "/agreements", response_model=list[AgreementOut])
def list_agreements(
    project_id: uuid.UUID, user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> Any:
    return [
        AgreementOut.of(v) for v in ResultService(session, settings).agreements(user, project_id)
    ]


@router.post(BASE + "/agreements", response_model=AgreementOut, status_code=CREATED)
def add_agreement(
    project_id: uuid.UUID, data: AgreementInput, user: CurrentUser, session: SessionDep,
    settings: SettingsDep,
) -> Any:  # fmt: skip
    """A document of the consortium; every current partner's signature starts pending."""
    return AgreementOut.of(ResultService(session, settings).add_agreement(user, project_id, data))


@router.get(BASE + "/agreements/{agreement_id}", response_model=AgreementOut)
def get_agreement(
    project_id: uuid.UUID, agreement_id: uuid.UUID, user: CurrentUser, session: SessionDep,
    settings: SettingsDep,
) -> Any:  # fmt: skip
    return AgreementOut.of(
        ResultService(session, settings).agreement(user, project_id, agreement_id)
    )


@router.post(BASE + "/agreements/{agreement_id}/file", response_model=AgreementOut)
def upload_agreement_file(
    project_id: uuid.UUID, agreement_id: uuid.UUID, file: UploadFile, user: CurrentUser,
    session: SessionDep, settings: SettingsDep,
) -> Any:  # fmt: skip
    content = read_upload(file, settings.max_upload_bytes)
    view = ResultService(session, settings).attach_agreement_file(
        user, project_id, agreement_id, Upload(file.filename or "file", content)
    )
    return AgreementOut.of(view)


@router.get(
    BASE + "/agreements/{agreement_id}/file",
    response_class=StreamingResponse,
    responses=FILE_RESPONSE,
)
def download_agreement_file(
    project_id: uuid.UUID, agreement_id: uuid.UUID, user: CurrentUser, session: SessionDep,
    settings: SettingsDep,
) -> Any:  # fmt: skip
    d = ResultService(session, settings).agreement_file(user, project_id, agreement_id)
    return download_response(d.chunks, d.content_type, d.filename, d.size)


@router.post(
    BASE + "/agreements/{agreement_id}/signatures/{partner_id}", response_model=AgreementOut
)
def record_signature(
    project_id: uuid.UUID, agreement_id: uuid.UUID, partner_id: uuid.UUID, data: SignatureInput,
    user: CurrentUser, session: SessionDep, settings: SettingsDep,
) -> Any:  # fmt: skip
    """A party signed (with the date) or declined; "fully_signed" once every party signed."""
    view = ResultService(session, settings).record_signature(
        user, project_id, agreement_id, partner_id, data
    )
    return AgreementOut.of(view)
