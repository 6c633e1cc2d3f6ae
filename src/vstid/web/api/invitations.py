"""Invitation endpoints: the requester side's shortlist and invitations for an order; the
expert's invitations and answer."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, status

from vstid.core.errors import NotFound
from vstid.core.i18n import N_
from vstid.invitations.schemas import InvitationOut, InviteInput
from vstid.invitations.service import InvitationService
from vstid.matching.service import MatchingService
from vstid.web.deps import CurrentUser, SessionDep, SettingsDep

__all__ = ["router"]

router = APIRouter(tags=["invitations"])


@router.get("/orders/{slug}/invitations", response_model=list[InvitationOut])
def order_invitations(
    slug: str, user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> Any:
    service = InvitationService(session, settings)
    order = service.workflow.queries.get_visible(slug, user)
    return [InvitationOut.model_validate(v.invitation) for v in service.for_order(user, order)]


@router.post(
    "/orders/{slug}/invitations", response_model=InvitationOut, status_code=status.HTTP_201_CREATED
)
def invite_expert(
    slug: str, data: InviteInput, user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> Any:
    """Shortlists the expert (invite=false) or invites them (a shortlisted expert too). The
    stored score is the expert's in the order's latest ranking (none if not ranked)."""
    order = InvitationService(session, settings).workflow.queries.get_visible(slug, user)
    row = MatchingService(session, settings).invite_from_ranking(
        user, order, data.expert_id, invite=data.invite, message=data.message
    )
    return InvitationOut.model_validate(row)


@router.get("/invitations", response_model=list[InvitationOut])
def my_invitations(user: CurrentUser, session: SessionDep, settings: SettingsDep) -> Any:
    views = InvitationService(session, settings).mine(user)
    return [InvitationOut.model_validate(v.invitation) for v in views]


@router.post("/invitations/{invitation_id}/{answer}", response_model=InvitationOut)
def answer_invitation(
    invitation_id: uuid.UUID, answer: str, user: CurrentUser, session: SessionDep,
    settings: SettingsDep,
) -> Any:  # fmt: skip
    """answer: accept or decline."""
    if answer not in ("accept", "decline"):
        raise NotFound(N_("unknown answer %(answer)s"), params={"answer": repr(answer)})
    row = InvitationService(session, settings).answer(user, invitation_id, answer == "accept")
    return InvitationOut.model_validate(row)
