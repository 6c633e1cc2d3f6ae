from __future__ import annotations

import uuid

from sqlalchemy import Select, String, cast, or_, select

from vstid.core.repository import Repository
from vstid.orders.models import Order

__all__ = ["OrderRepository"]


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
