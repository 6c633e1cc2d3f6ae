"""Shortlisting and inviting experts, and the expert's answer. Never commits."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from vstid.accounts.models import User
from vstid.accounts.permissions import require_user
from vstid.audit.service import Auditor
from vstid.core.errors import Conflict, Forbidden, NotFound
from vstid.core.i18n import N_, SUPPORTED_LOCALES
from vstid.core.models import utcnow
from vstid.core.settings import Settings
from vstid.experts.models import ExpertProfile
from vstid.experts.repository import ExpertRepository
from vstid.invitations.models import Invitation
from vstid.invitations.repository import InvitationRepository
from vstid.invitations.states import INVITATION_STATES, INVITED_EXPERT, REQUESTER_SIDE
from vstid.notifications import messages as msg
from vstid.orders.models import Order, OrderStatus
from vstid.orders.service import OrderQueries, OrderWorkflow

__all__ = ["InvitationService", "InvitationView", "expert_of"]


@dataclass(frozen=True)
class InvitationView:
    invitation: Invitation
    order: Order
    expert: ExpertProfile


def expert_of(session: Session, user: User | None) -> ExpertProfile:
    """The signed-in user's own expert profile; experts act only through it."""
    user = require_user(user)
    expert = ExpertRepository(session).by_user(user.id)
    if expert is None:
        raise Forbidden(N_("only experts with a profile can do this"))
    return expert


class InvitationService:
    def __init__(self, session: Session, settings: Settings) -> None:
        self.session = session
        self.workflow = OrderWorkflow(session, settings)
        self.repo = InvitationRepository(session)
        self.experts = ExpertRepository(session)
        self.audit = Auditor(session, "invitation")

    # -- requester side ----------------------------------------------------------------------
    def shortlist(
        self, user: User | None, order: Order, expert_id: uuid.UUID, score: float | None = None
    ) -> Invitation:
        actor = self._requester_side(user, order)
        expert = self.repo.experts_by_ids({expert_id}, actor, scoped=True).get(expert_id)
        if expert is None:
            raise NotFound(N_("expert not found"))
        if self.repo.find(order.id, expert.id) is not None:
            raise Conflict(
                N_("this expert is already on the list for this order"), field="expert_id"
            )
        invitation = self.repo.add(
            Invitation(order_id=order.id, expert_id=expert.id, created_by_id=actor.id, score=score)
        )
        self._audit(actor, "invitation.shortlist", invitation)
        return invitation

    def invite(
        self,
        user: User | None,
        order: Order,
        expert_id: uuid.UUID,
        message: str = "",
        score: float | None = None,
    ) -> Invitation:
        actor = self._requester_side(user, order)
        invitation = self.repo.find(order.id, expert_id)
        if invitation is None:
            invitation = self.shortlist(actor, order, expert_id, score)
        roles = self.workflow.roles_of(actor, order)
        target = INVITATION_STATES.check("invite", invitation.status, roles).target
        invitation.status = target.value
        invitation.invited_at = utcnow()
        invitation.message = message.strip()
        self._audit(actor, "invitation.invite", invitation)
        self._tell_expert(invitation, order)
        return invitation

    def for_order(self, user: User | None, order: Order) -> list[InvitationView]:
        self.workflow.require(user, order, REQUESTER_SIDE)
        rows = self.repo.for_order(order.id)
        experts = self.repo.experts_by_ids({r.expert_id for r in rows})
        return [InvitationView(r, order, experts[r.expert_id]) for r in rows]

    # -- expert side -------------------------------------------------------------------------
    def mine(self, user: User | None) -> list[InvitationView]:
        expert = expert_of(self.session, user)
        views = []
        for row in self.repo.for_expert(expert.id):
            try:
                order = OrderQueries(self.session).get_visible_by_id(row.order_id, user)
            except NotFound:
                continue  # cancelled or unpublished orders drop out of the expert's view
            views.append(InvitationView(row, order, expert))
        return views

    def answer(self, user: User | None, invitation_id: uuid.UUID, accept: bool) -> Invitation:
        expert = expert_of(self.session, user)
        invitation = self.repo.get(invitation_id)
        if invitation is None or invitation.expert_id != expert.id:
            raise NotFound(N_("invitation not found"))
        order = OrderQueries(self.session).get_visible_by_id(invitation.order_id, user)
        action = "accept" if accept else "decline"
        status = INVITATION_STATES.check(action, invitation.status, {INVITED_EXPERT}).target
        if order.status != OrderStatus.open.value:
            raise Conflict(N_("the order is no longer open"))
        invitation.status, invitation.responded_at = status.value, utcnow()
        self._audit(require_user(user), f"invitation.{status.value}", invitation)
        message = msg.INVITATION_ACCEPTED if accept else msg.INVITATION_DECLINED
        for requester in self.workflow.requesters(order):
            self.workflow.tell(
                requester, message, order, f"invitation.{status.value}", expert=expert.display_name
            )
        return invitation

    # -- helpers -----------------------------------------------------------------------------
    def _requester_side(self, user: User | None, order: Order) -> User:
        actor = self.workflow.require(user, order, REQUESTER_SIDE)
        if order.status != OrderStatus.open.value:
            raise Conflict(N_("experts can be invited only to an open order"))
        return actor

    def _tell_expert(self, invitation: Invitation, order: Order) -> None:
        expert = self.experts.get_or_404(invitation.expert_id, "expert")
        params: dict[str, Any] = {"order": order.title}
        account = self.workflow.recipients.user(expert.user_id)
        if account is not None:
            self.workflow.notifier.notify(
                account,
                msg.INVITED,
                params,
                kind="invitation",
                link="/invitations",
                ref=f"invitation:{invitation.id}",
            )
        elif expert.email:  # an unclaimed profile still hears about it, in its language
            locale = next((lang for lang in expert.languages if lang in SUPPORTED_LOCALES), "en")
            self.workflow.notifier.email(expert.email, locale, msg.INVITED, params)

    def _audit(self, actor: User, action: str, invitation: Invitation) -> None:
        self.audit(
            actor.id,
            action,
            invitation.id,
            order_id=str(invitation.order_id),
            expert_id=str(invitation.expert_id),
        )
