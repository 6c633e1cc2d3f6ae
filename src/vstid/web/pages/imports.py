"""The coordinators' bulk import page: upload a file, see its errors by line and field at
once, try it (a dry run), or queue it for a worker."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import Response

from vstid.core.errors import ValidationFailed
from vstid.core.i18n import N_
from vstid.core.i18n import gettext as _
from vstid.imports.records import ImportFileError
from vstid.imports.runner import ImportReport, dry_run_report, prepare
from vstid.imports.service import queue_import, recent_batches
from vstid.web.deps import CoordinatorUser, SessionDep, SettingsDep
from vstid.web.pages.base import flash, redirect, render
from vstid.web.uploads import read_upload
from vstid.web.validation import file_error_message

__all__ = ["router"]

router = APIRouter()


@router.get("/imports")
def imports_page(request: Request, session: SessionDep, user: CoordinatorUser) -> Response:
    batches = recent_batches(session)
    return render(request, "imports/index.html", batches=batches, errors=[], report=None)


@router.post("/imports")
def imports_upload(
    request: Request, session: SessionDep, settings: SettingsDep, user: CoordinatorUser,
    file: Annotated[UploadFile, File()], dry_run: Annotated[bool, Form()] = False,
    skip_invalid: Annotated[bool, Form()] = False,
) -> Response:  # fmt: skip
    """Checks the file now; a dry run counts now too, inside this request's own transaction
    (a second one would wait for this one's SQLite write lock); a real import is queued for a
    worker, as long work never runs in a request."""
    data = read_upload(file, settings.max_upload_bytes)
    if len(data) > settings.max_upload_bytes:
        raise ValidationFailed(N_("the file is too large"), field="file")
    name = file.filename or "upload"
    errors: list[object] = []
    report: ImportReport | None = None
    try:
        prepared = prepare(name, data, None, None)
        errors = list(prepared[2])
        if dry_run and (skip_invalid or not errors):
            report = dry_run_report(session, name, prepared)
        elif not dry_run and (skip_invalid or not errors):
            queue_import(session, settings, name, data, prepared[0], user.id, skip_invalid)
            flash(
                request,
                _("The file is queued; it appears under Recent imports when it runs."),
                "success",
            )
            return redirect("/imports")
    except ImportFileError as exc:
        errors = [file_error_message(exc, _)]
    return render(
        request, "imports/index.html", status_code=200 if report is not None else 422,
        batches=recent_batches(session), errors=errors, report=report,
    )  # fmt: skip
