from __future__ import annotations

import uuid

from sqlalchemy import select

from vstid.accounts.models import User
from vstid.core.repository import Repository
from vstid.orders.models import Order
from vstid.threads.models import ThreadMessage
from vstid.threads.permissions import thread_orders_clause

__all__ = ["ThreadRepository"]


class ThreadRepository(Repository[ThreadMessage]):
    model = ThreadMessage

    def for_order(self, order_id: uuid.UUID) -> list[ThreadMessage]:
        stmt = select(ThreadMessage).where(ThreadMessage.order_id == order_id)
        return list(self.list(stmt.order_by(ThreadMessage.created_at, ThreadMessage.id)))

    def for_project(self, project_id: uuid.UUID) -> list[ThreadMessage]:
        stmt = select(ThreadMessage).where(ThreadMessage.project_id == project_id)
        return list(self.list(stmt.order_by(ThreadMessage.created_at, ThreadMessage.id)))

    def takes_part(self, order_id: uuid.UUID, user: User | None) -> bool:
        stmt = select(Order.id).where(Order.id == order_id, thread_orders_clause(user))
        return self.session.scalars(stmt.limit(1)).first() is not None
