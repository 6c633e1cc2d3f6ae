"""Coordinators' duplicate queue: side-by-side comparison, merge, dismiss, undo, and the
bulk import page."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import Response

from vstid.core.errors import ValidationFailed
from vstid.core.i18n import gettext as _
from vstid.identity.repository import MergeRecordRepository, SuggestionRepository
from vstid.identity.service import IdentityService
from vstid.imports.records import ImportFileError
from vstid.imports.repository import ImportBatchRepository
from vstid.imports.runner import prepare, run_import
from vstid.imports.service import queue_import
from vstid.taxonomy.repository import FieldRepository
from vstid.web.deps import CoordinatorUser, DatabaseDep, PageDep, SessionDep, SettingsDep
from vstid.web.pages.base import flash, redirect, render

__all__ = ["router"]

router = APIRouter()


def evidence_text(text: str) -> str:
    """The matcher's evidence notes (stored in English) in the reader's language."""
    kind, _sep, value = text.rpartition(" ")
    scored = {"name": _("name similarity %(v)s"), "affiliation": _("affiliation similarity %(v)s")}
    if kind in scored:
        return scored[kind] % {"v": value}
    if text.endswith("shared DOI(s)"):
        return _("%(num)s shared DOI(s)") % {"num": text.split()[0]}
    fixed = {
        "same country": _("same country"),
        "different countries": _("different countries"),
        "same ORCID iD": _("same ORCID iD"),
        "different ORCID iDs": _("different ORCID iDs"),
        "same e-mail": _("same e-mail"),
    }
    return fixed.get(text, text)


@router.get("/identity")
def queue(
    request: Request, session: SessionDep, user: CoordinatorUser, params: PageDep
) -> Response:
    repo = SuggestionRepository(session)
    page = repo.pending_page(params)
    ids = {i for s in page.items for i in (s.first_id, s.second_id)}
    return render(
        request,
        "identity/queue.html",
        page=page,
        profiles=repo.profiles(ids),
        merges=MergeRecordRepository(session).recent(),
        evidence_text=evidence_text,
        field_labels=FieldRepository(session).labels(),
    )


@router.post("/identity/scan")
def scan(request: Request, session: SessionDep, user: CoordinatorUser) -> Response:
    result = IdentityService(session).scan(auto_merge=True, actor_id=user.id)
    flash(
        request,
        _("%(new)s new suggestion(s), %(merged)s automatic merge(s).")
        % {"new": result.suggested, "merged": result.merged},
        "success",
    )
    return redirect("/identity")


@router.post("/identity/{suggestion_id}/merge")
def merge(
    request: Request,
    suggestion_id: uuid.UUID,
    session: SessionDep,
    user: CoordinatorUser,
    keep: Annotated[uuid.UUID, Form()],
) -> Response:
    suggestion = SuggestionRepository(session).get_or_404(suggestion_id, "suggestion")
    pair = {suggestion.first_id, suggestion.second_id}
    if keep not in pair:
        raise ValidationFailed("choose one of the two profiles to keep", field="keep")
    other = (pair - {keep}).pop()
    IdentityService(session).merge(keep, other, actor_id=user.id)
    flash(request, _("Profiles merged. You can undo this below."), "success")
    return redirect("/identity")


@router.post("/identity/{suggestion_id}/dismiss")
def dismiss(
    request: Request, suggestion_id: uuid.UUID, session: SessionDep, user: CoordinatorUser
) -> Response:
    IdentityService(session).dismiss(suggestion_id, actor_id=user.id)
    flash(request, _("Marked as different people."), "success")
    return redirect("/identity")


@router.post("/identity/merges/{record_id}/undo")
def undo(
    request: Request, record_id: uuid.UUID, session: SessionDep, user: CoordinatorUser
) -> Response:
    IdentityService(session).undo(record_id, actor_id=user.id)
    flash(request, _("The merge was undone."), "success")
    return redirect("/identity")


@router.get("/imports")
def imports_page(request: Request, session: SessionDep, user: CoordinatorUser) -> Response:
    batches = ImportBatchRepository(session).recent()
    return render(request, "imports/index.html", batches=batches, errors=[], report=None)


@router.post("/imports")
async def imports_upload(
    request: Request,
    session: SessionDep,
    database: DatabaseDep,
    settings: SettingsDep,
    user: CoordinatorUser,
    file: Annotated[UploadFile, File()],
    dry_run: Annotated[bool, Form()] = False,
    skip_invalid: Annotated[bool, Form()] = False,
) -> Response:
    """Checks the file now (errors by line and field at once); a dry run counts now too; a
    real import is queued for a worker, as long work never runs in a request."""
    data = await file.read(settings.max_upload_bytes + 1)
    if len(data) > settings.max_upload_bytes:
        raise ValidationFailed("the file is too large", field="file")
    name = file.filename or "upload"
    errors: list[object] = []
    report = None
    try:
        fmt, _rows, row_errors = prepare(name, data, None, None)
        errors = list(row_errors)
        if dry_run and (skip_invalid or not errors):
            report = run_import(database, file=name, data=data, dry_run=True, skip_invalid=True)
        elif not errors or skip_invalid:
            queue_import(session, settings, name, data, fmt, user.id, skip_invalid)
            flash(
                request,
                _("The file is queued; it appears under Recent imports when it runs."),
                "success",
            )
            return redirect("/imports")
    except ImportFileError as exc:
        errors = [str(exc)]
    batches = ImportBatchRepository(session).recent()
    status = 200 if report is not None else 422
    return render(
        request,
        "imports/index.html",
        status_code=status,
        batches=batches,
        errors=errors,
        report=report,
    )
