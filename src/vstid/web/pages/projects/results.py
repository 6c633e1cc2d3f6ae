"""A project's result register (with owners and the IP register), background IP and
agreement documents, as pages. Inside the project only; buttons come from the service."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any, cast

from fastapi import APIRouter, Request
from fastapi import UploadFile as ApiUploadFile
from fastapi.responses import Response
from pydantic import BaseModel, ValidationError
from starlette.datastructures import FormData, UploadFile

from vstid.core.errors import DomainError, NotFound
from vstid.core.i18n import N_
from vstid.core.i18n import gettext as _
from vstid.orders.models import Currency
from vstid.projects.models import Project
from vstid.projects.results import labels
from vstid.projects.results.models import (
    AgreementKind,
    Degree,
    IPOffice,
    ProjectResult,
    ResultKind,
    Sex,
)
from vstid.projects.results.schemas import (
    AbandonInput,
    AgreementInput,
    BackgroundIPInput,
    FileInput,
    GrantInput,
    LicenseInput,
    ResultInput,
    SignatureInput,
)
from vstid.projects.results.service import ResultService, Upload, ownership_summary
from vstid.web.deps import CurrentUser, FormDep, SessionDep, SettingsDep
from vstid.web.forms import date_value, read_dates, read_numbers
from vstid.web.pages.base import flash, redirect, render
from vstid.web.pages.projects._shared import header
from vstid.web.uploads import download_response, read_upload
from vstid.web.validation import validation_message

__all__ = ["router"]

router = APIRouter()
OWNER_ROWS = 4
BASE = "/projects/{project_id}"
RESULT_DATES = {"result_date": N_("Date")}
NUMBERS = {"amount": N_("Amount")}
IP_FORMS: dict[str, tuple[type[BaseModel], dict[str, str]]] = {
    "file": (FileInput, {"filed_on": N_("Filed on")}),
    "grant": (GrantInput, {"granted_on": N_("Granted on")}),
    "license": (LicenseInput, {"licensed_on": N_("Licensed on")}),
    "abandon": (AbandonInput, {"abandoned_on": N_("Abandoned on")}),
}


def _choices() -> dict[str, Any]:
    return {
        "kinds": [k.value for k in ResultKind],
        "offices": [o.value for o in IPOffice],
        "degrees": [d.value for d in Degree],
        "sexes": [s.value for s in Sex],
        "currencies": [c.value for c in Currency],
        "agreement_kinds": [k.value for k in AgreementKind],
        "labels": labels,
        "owner_rows": range(OWNER_ROWS),
    }


def _text(form: FormData) -> dict[str, str]:
    return {k: v for k, v in form.items() if isinstance(v, str)}


def _upload(form: FormData, settings: Any) -> Upload | None:
    file = form.get("file")
    if isinstance(file, UploadFile) and file.filename:
        content = read_upload(cast(ApiUploadFile, file), settings.max_upload_bytes)
        return Upload(file.filename, content)
    return None


def _errors(exc: ValidationError) -> dict[str, str]:
    errors: dict[str, str] = {}
    for e in exc.errors():
        where = str(e["loc"][0]) if e["loc"] else "form"
        errors.setdefault(where, validation_message(e, _))
    return errors


def _owner_rows(form: dict[str, str], errors: dict[str, str]) -> list[dict[str, Any]]:
    rows = []
    for i in range(OWNER_ROWS):
        partner = form.get(f"owner_partner_{i}", "").strip()
        name = form.get(f"owner_name_{i}", "").strip()
        share = form.get(f"owner_share_{i}", "").strip()
        if not (partner or name or share):
            continue
        values, wrong = read_numbers({"share_percent": share}, {"share_percent": N_("Share")})
        if wrong:
            errors.setdefault("owners", next(iter(wrong.values())))
        rows.append(
            {
                "partner_id": partner or None,
                "party_name": None if partner else name or None,
                "share_percent": values["share_percent"],
            }
        )
    return rows


def _result_input(form: dict[str, str]) -> tuple[ResultInput | None, dict[str, str]]:
    """The result typed in the form, or every field to fix at once."""
    errors: dict[str, str] = {}
    keys = (
        "kind", "title", "language", "result_date", "description", "evidence_url", "doi",
        "venue", "ip_office", "application_number", "registration_number", "person_name",
        "degree", "nationality", "sex", "destination", "destination_country", "amount",
        "currency", "funder",
    )  # fmt: skip
    raw = {k: form[k].strip() for k in keys if form.get(k, "").strip()}
    values, wrong = read_dates(raw, RESULT_DATES)
    errors |= wrong
    values, wrong = read_numbers(values, NUMBERS)
    errors |= wrong
    data: dict[str, Any] = {k: v for k, v in values.items() if v is not None}
    data["public"] = form.get("public") == "on"
    data["ip_protected"] = form.get("ip_protected") == "on"
    data["authors"] = [a.strip() for a in form.get("authors", "").splitlines() if a.strip()]
    data["owners"] = _owner_rows(form, errors)
    if "result_date" in wrong:
        data.pop("result_date", None)
    try:
        result = ResultInput.model_validate(data)
    except ValidationError as exc:
        return None, _errors(exc) | errors
    return (None, errors) if errors else (result, {})


def _form_of(result: ProjectResult) -> dict[str, str]:
    """A stored result as its form shows it (owners as rows)."""
    form: dict[str, str] = {
        "kind": result.kind, "title": result.title, "language": result.language,
        "result_date": date_value(result.result_date), "description": result.description,
        "evidence_url": result.evidence_url or "", "doi": result.doi or "",
        "venue": result.venue or "", "authors": "\n".join(result.authors or []),
        "ip_office": result.ip_office or "",
        "application_number": result.application_number or "",
        "registration_number": result.registration_number or "",
        "person_name": result.person_name or "", "degree": result.degree or "",
        "nationality": result.nationality or "", "sex": result.sex or "",
        "destination": result.destination or "",
        "destination_country": result.destination_country or "",
        "amount": f"{result.amount:f}" if result.amount is not None else "",
        "currency": result.currency or "", "funder": result.funder or "",
    }  # fmt: skip
    if result.public:
        form["public"] = "on"
    if result.ip_status:
        form["ip_protected"] = "on"
    for i, owner in enumerate(result.owners[:OWNER_ROWS]):
        form[f"owner_partner_{i}"] = str(owner.partner_id or "")
        form[f"owner_name_{i}"] = owner.party_name or ""
        form[f"owner_share_{i}"] = f"{owner.share_percent.normalize():f}"
    return form


def _register(
    request: Request, service: ResultService, user: Any, project: Project, kind: str | None,
    form: dict[str, str], errors: dict[str, str], status_code: int = 200,
) -> Response:  # fmt: skip
    results = service.results(user, project.id, kind)
    partners = service.partners(project)
    by_id = {p.id: p for p in partners}
    return render(
        request,
        "projects/results_register.html",
        status_code=status_code,
        **header(service, user, project),
        results=results,
        owners={r.id: ownership_summary(r, by_id) for r in results},
        unowned=service.unowned_count(project),
        partners=partners,
        kind=kind or "",
        form=form,
        errors=errors,
        can_write=service.can_write(user, project),
        **_choices(),
    )


@router.get(BASE + "/results")
def results_page(
    request: Request, project_id: uuid.UUID, session: SessionDep, settings: SettingsDep,
    user: CurrentUser, kind: str | None = None, doi: str | None = None,
) -> Response:  # fmt: skip
    """The register; `?doi=` looks a publication up and fills the form with it (a GET, so
    nothing is locked while OpenAlex answers)."""
    service = ResultService(session, settings)
    project = service.project(user, project_id)
    form: dict[str, str] = {"kind": ResultKind.publication.value} if doi else {}
    errors: dict[str, str] = {}
    if doi is not None:
        form["doi"] = doi
        try:
            work = service.lookup(user, project.id, doi)
        except DomainError as exc:
            errors["doi"] = exc.render(_)
        else:
            form |= {
                "doi": work.doi, "title": work.title, "language": work.language or "en",
                "result_date": date_value(work.published_on), "venue": work.venue or "",
                "authors": "\n".join(work.authors), "evidence_url": f"https://doi.org/{work.doi}",
            }  # fmt: skip
    status_code = 422 if errors else 200
    return _register(request, service, user, project, kind, form, errors, status_code)


@router.post(BASE + "/results")
def add_result(
    request: Request, project_id: uuid.UUID, session: SessionDep, settings: SettingsDep,
    user: CurrentUser, posted: FormDep,
) -> Response:  # fmt: skip
    service = ResultService(session, settings)
    project = service.project(user, project_id)
    form = _text(posted)
    data, errors = _result_input(form)
    if data is not None:
        try:
            result = service.add(user, project.id, data, _upload(posted, settings))
        except DomainError as exc:
            if exc.status != 422 and exc.field is None:
                raise
            errors = {exc.field or "form": exc.render(_)}
        else:
            flash(request, _("The result is recorded."), "success")
            return redirect(f"/projects/{project.id}/results/{result.id}")
    return _register(request, service, user, project, None, form, errors, 422)


def _detail(
    request: Request, service: ResultService, user: Any, project: Project,
    result: ProjectResult, form: dict[str, str] | None = None,
    errors: dict[str, str] | None = None, status_code: int = 200,
) -> Response:  # fmt: skip
    partners = service.partners(project)
    by_id = {p.id: p for p in partners}
    return render(
        request,
        "projects/results_detail.html",
        status_code=status_code,
        **header(service, user, project),
        result=result,
        partner_names={p.id: p.name for p in partners},
        owners=ownership_summary(result, by_id),
        partners=partners,
        ip_actions=service.ip_actions(user, project, result),
        form=form if form is not None else _form_of(result),
        errors=errors or {},
        can_write=service.can_write(user, project),
        **_choices(),
    )


@router.get(BASE + "/results/{result_id}")
def result_page(
    request: Request, project_id: uuid.UUID, result_id: uuid.UUID, session: SessionDep,
    settings: SettingsDep, user: CurrentUser,
) -> Response:  # fmt: skip
    service = ResultService(session, settings)
    result = service.get(user, project_id, result_id)
    return _detail(request, service, user, service.project(user, project_id), result)


@router.post(BASE + "/results/{result_id}")
def edit_result(
    request: Request, project_id: uuid.UUID, result_id: uuid.UUID, session: SessionDep,
    settings: SettingsDep, user: CurrentUser, posted: FormDep,
) -> Response:  # fmt: skip
    service = ResultService(session, settings)
    project = service.project(user, project_id)
    result = service.get(user, project_id, result_id)
    form = _text(posted)
    data, errors = _result_input(form)
    if data is not None:
        try:
            service.update(user, project.id, result.id, data, _upload(posted, settings))
        except DomainError as exc:
            if exc.status != 422 and exc.field is None:
                raise
            errors = {exc.field or "form": exc.render(_)}
        else:
            flash(request, _("The result is saved."), "success")
            return redirect(f"/projects/{project.id}/results/{result.id}")
    return _detail(request, service, user, project, result, form, errors, 422)


@router.post(BASE + "/results/{result_id}/ip/{action}")
def ip_action(
    request: Request, project_id: uuid.UUID, result_id: uuid.UUID, action: str,
    session: SessionDep, settings: SettingsDep, user: CurrentUser, posted: FormDep,
) -> Response:  # fmt: skip
    service = ResultService(session, settings)
    if action not in IP_FORMS:
        raise NotFound(N_("the requested item was not found"))
    schema, dates = IP_FORMS[action]
    values, wrong = read_dates({k: v.strip() for k, v in _text(posted).items() if v.strip()}, dates)
    values["exclusive"] = posted.get("exclusive") == "on"
    try:
        if wrong:
            raise ValueError(next(iter(wrong.values())))
        data = schema.model_validate({k: v for k, v in values.items() if v is not None})
    except (ValidationError, ValueError) as exc:
        message = (
            next(iter(_errors(exc).values())) if isinstance(exc, ValidationError) else str(exc)
        )
        flash(request, message, "error")
        return redirect(f"/projects/{project_id}/results/{result_id}")
    step = {
        "file": service.file_ip, "grant": service.grant_ip,
        "license": service.license_ip, "abandon": service.abandon_ip,
    }[action]  # fmt: skip
    step(user, project_id, result_id, data)  # type: ignore[operator]
    flash(request, _("The IP status is updated."), "success")
    return redirect(f"/projects/{project_id}/results/{result_id}")


@router.get(BASE + "/results/{result_id}/file")
def result_file(
    project_id: uuid.UUID, result_id: uuid.UUID, session: SessionDep, settings: SettingsDep,
    user: CurrentUser,
) -> Response:  # fmt: skip
    d = ResultService(session, settings).attachment(user, project_id, result_id)
    return download_response(d.chunks, d.content_type, d.filename, d.size)


# -- background IP -----------------------------------------------------------------------------
def _background(
    request: Request, service: ResultService, user: Any, project: Project,
    form: dict[str, str], errors: dict[str, str], status_code: int = 200,
) -> Response:  # fmt: skip
    partners = service.partners(project)
    return render(
        request,
        "projects/results_background.html",
        status_code=status_code,
        **header(service, user, project),
        rows=service.background_ip(user, project.id),
        partner_names={p.id: p.name for p in partners},
        partners=service.current_partners(project),
        form=form,
        errors=errors,
        can_write=service.can_write(user, project),
    )


@router.get(BASE + "/background-ip")
def background_page(
    request: Request, project_id: uuid.UUID, session: SessionDep, settings: SettingsDep,
    user: CurrentUser,
) -> Response:  # fmt: skip
    service = ResultService(session, settings)
    project = service.project(user, project_id)
    return _background(
        request, service, user, project, {"declared_on": date_value(date.today())}, {}
    )


@router.post(BASE + "/background-ip")
def declare_background(
    request: Request, project_id: uuid.UUID, session: SessionDep, settings: SettingsDep,
    user: CurrentUser, posted: FormDep,
) -> Response:  # fmt: skip
    service = ResultService(session, settings)
    project = service.project(user, project_id)
    form = _text(posted)
    values, errors = read_dates(
        {k: v.strip() for k, v in form.items() if v.strip()}, {"declared_on": N_("Declared on")}
    )
    try:
        data = BackgroundIPInput.model_validate({k: v for k, v in values.items() if v is not None})
    except ValidationError as exc:
        errors = _errors(exc) | errors
    else:
        if not errors:
            try:
                service.declare_background(user, project.id, data)
            except DomainError as exc:
                if exc.status != 422:
                    raise
                errors = {exc.field or "form": exc.render(_)}
            else:
                flash(request, _("The background IP is declared."), "success")
                return redirect(f"/projects/{project.id}/background-ip")
    return _background(request, service, user, project, form, errors, 422)


# -- agreements --------------------------------------------------------------------------------
def _agreements(
    request: Request, service: ResultService, user: Any, project: Project,
    form: dict[str, str], errors: dict[str, str], status_code: int = 200,
) -> Response:  # fmt: skip
    views = service.agreements(user, project.id)
    return render(
        request,
        "projects/results_agreements.html",
        status_code=status_code,
        **header(service, user, project),
        views=views,
        signature_actions={
            v.agreement.id: service.signature_actions(user, project, v) for v in views
        },
        form=form,
        errors=errors,
        can_manage=service.can_manage(user, project),
        **_choices(),
    )


@router.get(BASE + "/agreements")
def agreements_page(
    request: Request, project_id: uuid.UUID, session: SessionDep, settings: SettingsDep,
    user: CurrentUser,
) -> Response:  # fmt: skip
    service = ResultService(session, settings)
    project = service.project(user, project_id)
    form = {"version": "1", "dated": date_value(date.today())}
    return _agreements(request, service, user, project, form, {})


@router.post(BASE + "/agreements")
def add_agreement(
    request: Request, project_id: uuid.UUID, session: SessionDep, settings: SettingsDep,
    user: CurrentUser, posted: FormDep,
) -> Response:  # fmt: skip
    service = ResultService(session, settings)
    project = service.project(user, project_id)
    form = _text(posted)
    values, errors = read_dates(
        {k: v.strip() for k, v in form.items() if v.strip()}, {"dated": N_("Date")}
    )
    try:
        data = AgreementInput.model_validate({k: v for k, v in values.items() if v is not None})
    except ValidationError as exc:
        errors = _errors(exc) | errors
    else:
        if not errors:
            try:
                service.add_agreement(user, project.id, data, _upload(posted, settings))
            except DomainError as exc:
                if exc.status != 422:
                    raise
                errors = {exc.field or "form": exc.render(_)}
            else:
                flash(
                    request,
                    _("The document is added; every partner's signature is pending."),
                    "success",
                )
                return redirect(f"/projects/{project.id}/agreements")
    return _agreements(request, service, user, project, form, errors, 422)


@router.post(BASE + "/agreements/{agreement_id}/signatures/{partner_id}")
def record_signature(
    request: Request, project_id: uuid.UUID, agreement_id: uuid.UUID, partner_id: uuid.UUID,
    session: SessionDep, settings: SettingsDep, user: CurrentUser, posted: FormDep,
) -> Response:  # fmt: skip
    service = ResultService(session, settings)
    form = _text(posted)
    values, wrong = read_dates(
        {k: v.strip() for k, v in form.items() if v.strip()}, {"signed_on": N_("Signed on")}
    )
    try:
        if wrong:
            raise ValueError(next(iter(wrong.values())))
        data = SignatureInput.model_validate({k: v for k, v in values.items() if v is not None})
    except (ValidationError, ValueError) as exc:
        message = (
            next(iter(_errors(exc).values())) if isinstance(exc, ValidationError) else str(exc)
        )
        flash(request, message, "error")
        return redirect(f"/projects/{project_id}/agreements")
    service.record_signature(user, project_id, agreement_id, partner_id, data)
    flash(request, _("The signature is recorded."), "success")
    return redirect(f"/projects/{project_id}/agreements")


@router.get(BASE + "/agreements/{agreement_id}/file")
def agreement_file(
    project_id: uuid.UUID, agreement_id: uuid.UUID, session: SessionDep, settings: SettingsDep,
    user: CurrentUser,
) -> Response:  # fmt: skip
    d = ResultService(session, settings).agreement_file(user, project_id, agreement_id)
    return download_response(d.chunks, d.content_type, d.filename, d.size)
