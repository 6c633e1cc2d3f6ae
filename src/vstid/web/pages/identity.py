"""Coordinators' duplicate queue: side-by-side comparison, merge, dismiss, undo."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from vstid.core.i18n import gettext as _
from vstid.identity.service import IdentityService
from vstid.taxonomy.service import TaxonomyService
from vstid.web.deps import CoordinatorUser, PageDep, SessionDep
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
    queue = IdentityService(session).review_queue(params)
    return render(
        request,
        "identity/queue.html",
        page=queue.page,
        profiles=queue.profiles,
        merges=queue.merges,
        evidence_text=evidence_text,
        field_labels=TaxonomyService(session).labels(),
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
    IdentityService(session).merge_suggestion(suggestion_id, keep, actor_id=user.id)
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
