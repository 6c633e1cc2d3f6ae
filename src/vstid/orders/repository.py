from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Select, String, cast, func, or_, select

from vstid.core.repository import Repository
from vstid.orders.models import Order, OrderAttachment

__all__ = ["AttachmentRepository", "OrderRepository"]


class OrderRepository(Repository[Order]):
    model = Order

    def by_slug(self, slug: str) -> Order | None:
        return self.get_by(slug=slug)

    def listing(
        self,
        *,
        q: str | None = None,
        status: str | None = None,
        field: str | None = None,
        organization_id: uuid.UUID | None = None,
    ) -> Select[Order]:
        stmt = select(Order).order_by(Order.created_at.desc(), Order.id)
        if q:
            like = f"%{q}%"
            stmt = stmt.where(or_(Order.title.ilike(like), Order.description.ilike(like)))
        if status:
            stmt = stmt.where(Order.status == status)
        if organization_id:
            stmt = stmt.where(Order.organization_id == organization_id)
        if field:
            # JSON containment differs per dialect; the list is short, so match its text form.
            stmt = stmt.where(cast(Order.fields, String).contains(f'"{field}"'))
        return stmt

    def status_counts(self, stmt: Select[Order]) -> dict[str, int]:
        """How many of the orders `stmt` selects are in each state."""
        inner = stmt.order_by(None).subquery()
        rows = self.session.execute(
            select(inner.c.status, func.count()).group_by(inner.c.status)
        ).all()
        return {status: count for status, count in rows}

    def waiting_since(self, status: str, before: datetime) -> list[Order]:
        stmt = select(Order).where(Order.status == status, Order.updated_at < before)
        return list(self.list(stmt.order_by(Order.updated_at)))


class AttachmentRepository(Repository[OrderAttachment]):
    model = OrderAttachment

    def for_order(self, order_id: uuid.UUID) -> list[OrderAttachment]:
        stmt = select(OrderAttachment).where(OrderAttachment.order_id == order_id)
        return list(self.list(stmt.order_by(OrderAttachment.created_at, OrderAttachment.id)))
