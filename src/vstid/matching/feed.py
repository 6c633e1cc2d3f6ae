"""The expert's "for you" feed: open orders this expert may see, ranked by the expert's score
in each order's latest match snapshot. Scoping comes first, so an invite-only order the expert
was not invited to can never appear."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from vstid.accounts.models import User
from vstid.core.pagination import PageParams
from vstid.core.settings import Settings
from vstid.invitations.service import expert_of
from vstid.matching.service import MatchingService
from vstid.orders.models import Order, OrderStatus
from vstid.orders.service import OrderFilters, OrderQueries
from vstid.proposals.repository import ProposalRepository

__all__ = ["ExpertFeed", "FeedItem"]

CANDIDATES = 100


@dataclass(frozen=True)
class FeedItem:
    order: Order
    score: float
    proposed: bool


class ExpertFeed:
    def __init__(self, session: Session, settings: Settings) -> None:
        self.session = session
        self.settings = settings

    def for_user(self, user: User | None, limit: int = 20) -> list[FeedItem]:
        expert = expert_of(self.session, user)
        open_orders = OrderQueries(self.session).list_visible(
            user, OrderFilters(status=OrderStatus.open.value), PageParams(1, CANDIDATES)
        )
        orders = {o.id: o for o in open_orders.items}
        scores = MatchingService(self.session, self.settings).experts_for_feed(
            expert.id, list(orders)
        )
        proposed = ProposalRepository(self.session).order_ids_of(expert.id)
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], str(kv[0])))
        return [
            FeedItem(orders[order_id], score, order_id in proposed)
            for order_id, score in ranked[:limit]
            if score > 0
        ]
