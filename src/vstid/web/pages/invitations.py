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
    order = InvitationService(session, settings).workflow.queries.get_visible(slug, user)
    matching = MatchingService(session, settings)  # the score comes from its ranking
    try:
        if mode == "shortlist":
            matching.invite_from_ranking(user, order, expert_id, invite=False)
            flash(request, _("Added to the shortlist."), "success")
        else:
            matching.invite_from_ranking(user, order, expert_id, invite=True, message=message)
            flash(
                request,
                _("Invitation sent. The expert is notified in the app and by e-mail."),
                "success",
            )
    except Conflict as exc:
        flash(request, exc.render(_), "error")
    return redirect(f"/orders/{slug}/experts")


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
