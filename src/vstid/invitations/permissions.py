"""Invited experts may see an invite-only order: registered with the orders' scoping so that
`restrict_orders` (pages, API, search, feeds, counts) needs no import of this package."""

from __future__ import annotations

from sqlalchemy import ColumnElement, select

from vstid.accounts.models import User
from vstid.experts.models import ExpertProfile
from vstid.invitations.models import Invitation, InvitationStatus
from vstid.orders.models import Order
from vstid.orders.permissions import register_invite_rule

__all__ = ["GRANTING_STATES", "invited_orders_clause"]

# A shortlist is private to the requester; only an actual invitation opens the order.
GRANTING_STATES = (InvitationStatus.invited.value, InvitationStatus.accepted.value)


def invited_orders_clause(user: User) -> ColumnElement[bool]:
    invited = (
        select(Invitation.order_id)
        .join(ExpertProfile, ExpertProfile.id == Invitation.expert_id)
        .where(ExpertProfile.user_id == user.id, Invitation.status.in_(GRANTING_STATES))
    )
    return Order.id.in_(invited)


register_invite_rule(invited_orders_clause)
