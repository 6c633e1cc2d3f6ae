"""Batch assignment of open orders to experts within each expert's capacity, from the latest
match snapshots: the application side of `vstid.engine.assignment`."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from vstid.engine.assignment import AssignmentResult, assign
from vstid.experts.models import ExpertProfile
from vstid.matching.repository import IndexSourceRepository, SnapshotRepository
from vstid.orders.models import Order, OrderStatus
from vstid.orders.repository import OrderRepository

__all__ = ["AssignmentPlan", "plan_assignment"]

HOME_COUNTRY = "VN"


@dataclass(frozen=True)
class AssignmentPlan:
    orders: list[Order]
    experts: list[ExpertProfile]
    result: AssignmentResult

    def rows(self) -> list[tuple[Order, ExpertProfile, float]]:
        return [
            (self.orders[o], self.experts[e], s)
            for (o, e), s in zip(self.result.pairs, self.result.pair_scores, strict=True)
        ]


def plan_assignment(session: Session, *, per_order: int, require_abroad: bool) -> AssignmentPlan:
    """Each open order gets up to `per_order` experts from its snapshot's candidates."""
    orders = [o for o in OrderRepository(session).list() if o.status == OrderStatus.open.value]
    experts = IndexSourceRepository(session).indexable()
    position = {str(e.id): i for i, e in enumerate(experts)}
    snapshots = SnapshotRepository(session)
    lists: list[list[tuple[int, float]]] = []
    for order in orders:
        snapshot = snapshots.latest_for(order.id)
        rows = snapshot.results if snapshot else []
        lists.append(
            [
                (position[r["expert_id"]], float(r["score"]))
                for r in rows
                if r["expert_id"] in position
            ]
        )
    result = assign(
        [per_order] * len(orders),
        [max(0, e.capacity) for e in experts],
        lists,
        abroad=[(e.residence_country or HOME_COUNTRY) != HOME_COUNTRY for e in experts],
        require_abroad=require_abroad,
    )
    return AssignmentPlan(orders=orders, experts=experts, result=result)
