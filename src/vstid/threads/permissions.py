"""Who takes part in an order's thread, by query scoping: the order's requester side, the
experts invited to it (an invitation actually sent or accepted), and the experts who proposed."""

from __future__ import annotations

from sqlalchemy import ColumnElement, false, or_, select

from vstid.accounts.models import User
from vstid.experts.models import ExpertProfile
from vstid.invitations.models import Invitation
from vstid.invitations.permissions import GRANTING_STATES
from vstid.orders.models import Order
from vstid.orders.permissions import requester_side_orders
from vstid.proposals.models import Proposal

__all__ = ["thread_orders_clause"]


def thread_orders_clause(user: User | None) -> ColumnElement[bool]:
    """True for the orders whose thread this user reads and writes."""
    if user is None:
        return false()
    own_profiles = select(ExpertProfile.id).where(ExpertProfile.user_id == user.id)
    invited = select(Invitation.order_id).where(
        Invitation.expert_id.in_(own_profiles), Invitation.status.in_(GRANTING_STATES)
    )
    proposed = select(Proposal.order_id).where(Proposal.expert_id.in_(own_profiles))
    return or_(
        Order.id.in_(requester_side_orders(user)),
        Order.id.in_(invited),
        Order.id.in_(proposed),
    )
