"""Matching pages: an order's ranked experts (computed in the background after approval) with
score and evidence and the shortlist/invite buttons, an expert's similar experts (an HTMX
fragment of the expert page), and the index health with the admins' rebuild button."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import escape

from vstid.accounts.models import Role
from vstid.core.i18n import gettext as _
from vstid.experts.service import ExpertQueries
from vstid.invitations.service import REQUESTER_SIDE, InvitationService
from vstid.matching.holder import IndexNotReady
from vstid.matching.service import MatchingService
from vstid.web.deps import CurrentUser, OptionalUser, SessionDep, SettingsDep
from vstid.web.pages.base import flash, redirect, render

__all__ = ["router"]

router = APIRouter()
SIMILAR_ASKED, SIMILAR_SHOWN = 8, 6


@router.get("/orders/{slug}/experts")
def ranked_experts(
    request: Request, slug: str, session: SessionDep, settings: SettingsDep, user: CurrentUser
) -> Response:
    """The strong matches (see matching.service.WEAK_SHARE), then the weaker ones folded."""
    invitations = InvitationService(session, settings)
    order = invitations.workflow.queries.get_visible(slug, user)
    invitations.workflow.require(user, order, REQUESTER_SIDE)
    matching = MatchingService(session, settings)
    ranked = matching.ranked_experts(order.id, user)
    state = matching.ranking_state(order.id) if ranked.snapshot is None else "ready"
    views = invitations.for_order(user, order)
    return render(
        request, "matching/ranked.html", order=order, snapshot=ranked.snapshot, ranked=ranked,
        views=views, status={v.expert.id: v.invitation.status for v in views},
        ranking_state=state, row_error=None, row_notice=None, oob=False,
    )  # fmt: skip


@router.get("/experts/{slug}/similar")
def similar_fragment(
    request: Request, slug: str, session: SessionDep, user: OptionalUser, settings: SettingsDep
) -> Response:
    expert = ExpertQueries(session).get_visible(slug, user)
    matching = MatchingService(session, settings)
    try:
        scored = matching.similar_experts(expert.id, k=SIMILAR_ASKED)
    except IndexNotReady:
        return render(request, "matching/similar.html", experts=[], scores={}, pending=True)
    shown = matching.visible_scored(scored, user)[:SIMILAR_SHOWN]
    return render(
        request, "matching/similar.html", experts=[e for e, _s in shown],
        scores={e.id: s for e, s in shown}, pending=False,
    )  # fmt: skip


@router.get("/admin/index")
def index_health(
    request: Request, session: SessionDep, settings: SettingsDep, user: CurrentUser
) -> Response:
    health = MatchingService(session, settings).index_health(user)
    return render(request, "matching/index_health.html", health=health)


@router.get("/admin/index/badge")
def index_badge(session: SessionDep, settings: SettingsDep, user: OptionalUser) -> Response:
    """The navigation's mark beside "Matching index" when a matching job failed for good
    (loaded by HTMX on admins' pages only, so other pages pay nothing)."""
    if user is None or not user.has_role(Role.admin):
        return HTMLResponse("")
    if MatchingService(session, settings).index_health(user).failed is None:
        return HTMLResponse("")
    label = escape(_("A matching job failed after all its retries."))
    return HTMLResponse(f'<span class="count" title="{label}" data-testid="index-badge">!</span>')


@router.post("/admin/index/rebuild")
def rebuild_index(
    request: Request, session: SessionDep, settings: SettingsDep, user: CurrentUser
) -> Response:
    MatchingService(session, settings).rebuild_for(user)
    flash(request, _("The index rebuild is queued. The page shows when it has run."), "success")
    return redirect("/admin/index")
