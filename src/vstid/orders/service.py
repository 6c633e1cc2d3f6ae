"""Reading orders within what the viewer may see. Never commits."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy.orm import Session

from vstid.accounts.models import User
from vstid.core.errors import NotFound
from vstid.core.pagination import Page, PageParams
from vstid.orders.models import Order
from vstid.orders.permissions import restrict_orders
from vstid.orders.repository import OrderRepository

__all__ = ["OrderFilters", "OrderQueries"]


@dataclass(frozen=True)
class OrderFilters:
    q: str | None = None
    status: str | None = None
    field: str | None = None
    organization_id: uuid.UUID | None = None


class OrderQueries:
    def __init__(self, session: Session) -> None:
        self.repo = OrderRepository(session)

    def list_visible(
        self, user: User | None, filters: OrderFilters, params: PageParams
    ) -> Page[Order]:
        stmt = self.repo.listing(
            q=filters.q,
            status=filters.status,
            field=filters.field,
            organization_id=filters.organization_id,
        )
        return self.repo.paginate(restrict_orders(stmt, user), params)

    def count_visible(self, user: User | None, status: str | None = None) -> int:
        return self.repo.count(restrict_orders(self.repo.listing(status=status), user))

    def get_visible(self, slug: str, user: User | None) -> Order:
        stmt = restrict_orders(self.repo.listing().where(Order.slug == slug), user)
        found = self.repo.list(stmt)
        if not found:
            raise NotFound("order not found")
        return found[0]
