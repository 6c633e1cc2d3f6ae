"""Which proposals a user may read, by query scoping: a proposal exists only for the expert who
sent it and for the order's requester side (its organization, the hub's coordinators, admins);
for everyone else it is a 404."""

from __future__ import annotations

from sqlalchemy import Select, false, or_, select

from vstid.accounts.models import User
from vstid.experts.models import ExpertProfile
from vstid.orders.permissions import requester_side_orders
from vstid.proposals.models import Proposal

__all__ = ["restrict_proposals"]


def restrict_proposals(stmt: Select[Proposal], user: User | None) -> Select[Proposal]:
    if user is None:
        return stmt.where(false())
    own_profiles = select(ExpertProfile.id).where(ExpertProfile.user_id == user.id)
    return stmt.where(
        or_(
            Proposal.expert_id.in_(own_profiles),
            Proposal.order_id.in_(requester_side_orders(user)),
        )
    )
