"""Ranked experts for an order (computed in the background after approval), with score and
evidence, and the shortlist/invite buttons for the requester and the coordinator."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from vstid.accounts.models import User
from vstid.core.errors import Conflict
from vstid.core.i18n import gettext as _
from vstid.invitations.service import REQUESTER_SIDE, InvitationService
from vstid.matching.service import MatchingService
from vstid.web.deps import CurrentUser, SessionDep, SettingsDep
from vstid.web.pages.base import flash, redirect, render

__all__ = ["router"]

router = APIRouter()
SHOWN = 15


def _ranked(
    session: SessionDep, settings: SettingsDep, order_id: uuid.UUID, user: User
) -> tuple[Any, list[dict[str, Any]]]:
    snapshot = MatchingService(session, settings).latest_snapshot(order_id)
    if snapshot is None:
        return None, []
    wanted = {uuid.UUID(r["expert_id"]) for r in snapshot.results[:SHOWN]}
    experts = InvitationService(session, settings).repo.experts_by_ids(wanted, user, scoped=True)
    rows = [
        {**r, "expert": experts[uuid.UUID(r["expert_id"])], "evidence": r.get("evidence", [])[:3]}
        for r in snapshot.results[:SHOWN]
        if uuid.UUID(r["expert_id"]) in experts
    ]
    return snapshot, rows


@router.get("/orders/{slug}/experts")
def ranked_experts(
    request: Request, slug: str, session: SessionDep, settings: SettingsDep, user: CurrentUser
) -> Response:
    service = InvitationService(session, settings)
    order = service.workflow.queries.get_visible(slug, user)
    service.workflow.require(user, order, REQUESTER_SIDE)
    snapshot, rows = _ranked(session, settings, order.id, user)
    views = service.for_order(user, order)
    status = {v.expert.id: v.invitation.status for v in views}
    return render(
        request,
        "orders/experts.html",
        order=order,
        snapshot=snapshot,
        rows=rows,
        views=views,
        status=status,
    )


@router.post("/orders/{slug}/invite")
def invite(
    request: Request,
    slug: str,
    session: SessionDep,
    settings: SettingsDep,
    user: CurrentUser,
    expert_id: Annotated[uuid.UUID, Form()],
    mode: Annotated[str, Form()] = "invite",
    score: Annotated[float | None, Form()] = None,
    message: Annotated[str, Form()] = "",
) -> Response:
    service = InvitationService(session, settings)
    order = service.workflow.queries.get_visible(slug, user)
    try:
        if mode == "shortlist":
            service.shortlist(user, order, expert_id, score)
            flash(request, _("Added to the shortlist."), "success")
        else:
            service.invite(user, order, expert_id, message, score)
            flash(
                request,
                _("Invitation sent. The expert is notified in the app and by e-mail."),
                "success",
            )
    except Conflict as exc:
        flash(request, _(exc.message), "error")
    return redirect(f"/orders/{slug}/experts")
