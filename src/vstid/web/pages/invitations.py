"""Invitations: the requester side shortlists or invites a ranked expert; the expert reads
their invitations and accepts or declines."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from vstid.core.errors import Conflict, NotFound
from vstid.core.i18n import N_
from vstid.core.i18n import gettext as _
from vstid.invitations.service import InvitationService
from vstid.matching.service import MatchingService
from vstid.web.confirm import is_confirmed
from vstid.web.deps import CurrentUser, SessionDep, SettingsDep
from vstid.web.pages._confirm import confirm_page
from vstid.web.pages.base import flash, redirect, render

__all__ = ["router"]

router = APIRouter()


@router.post("/orders/{slug}/invite")
def invite(
    request: Request, slug: str, session: SessionDep, settings: SettingsDep, user: CurrentUser,
    expert_id: Annotated[uuid.UUID, Form()], mode: Annotated[str, Form()] = "invite",
    message: Annotated[str, Form()] = "",
) -> Response:  # fmt: skip
    """From the ranking page: by HTMX it answers with just the expert's row (and the
    invitations table, out of band), so the page keeps its place; without JavaScript it
    flashes and redirects back."""
    invitations = InvitationService(session, settings)
    order = invitations.workflow.queries.get_visible(slug, user)
    matching = MatchingService(session, settings)  # the score comes from its ranking
    notice, error = "", ""
    try:
        if mode == "shortlist":
            matching.invite_from_ranking(user, order, expert_id, invite=False)
            notice = _("Added to the shortlist.")
        else:
            matching.invite_from_ranking(user, order, expert_id, invite=True, message=message)
            notice = _("Invitation sent. The expert is notified in the app and by e-mail.")
    except Conflict as exc:
        error = exc.render(_)
    row = next((r for r in matching.ranked_experts(order.id, user).rows
                if r.expert.id == expert_id), None)  # fmt: skip
    if not request.headers.get("hx-request") or row is None:
        flash(request, error or notice, "error" if error else "success")
        return redirect(f"/orders/{slug}/experts")
    views = invitations.for_order(user, order)
    return render(
        request, "matching/_ranked_row_swap.html", order=order, r=row, views=views,
        status={v.expert.id: v.invitation.status for v in views},
        row_error=error or None, row_notice=notice or None, oob=True,
    )  # fmt: skip


@router.get("/invitations")
def invitations(
    request: Request, session: SessionDep, settings: SettingsDep, user: CurrentUser
) -> Response:
    views = InvitationService(session, settings).mine(user)
    return render(request, "invitations/list.html", views=views)


@router.post("/invitations/{invitation_id}/{answer}")
def answer(
    request: Request, invitation_id: uuid.UUID, answer: str, session: SessionDep,
    settings: SettingsDep, user: CurrentUser, confirmed: Annotated[str, Form()] = "",
) -> Response:  # fmt: skip
    if answer not in ("accept", "decline"):
        raise NotFound(N_("page not found"))
    service = InvitationService(session, settings)
    if answer == "decline" and not is_confirmed(confirmed):
        view = next((v for v in service.mine(user) if v.invitation.id == invitation_id), None)
        if view is not None and view.invitation.status == "invited":  # else: the refusal
            page = f"/invitations/{invitation_id}/decline"
            return confirm_page(
                request, "invitation.decline", page, "/invitations", view.order.title
            )
    service.answer(user, invitation_id, answer == "accept")
    if answer == "accept":
        flash(
            request,
            _("Invitation accepted. You can now ask questions and send a proposal."),
            "success",
        )
    else:
        flash(request, _("Invitation declined. Thank you for letting the requester know."), "info")
    return redirect("/invitations")
