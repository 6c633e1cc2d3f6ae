from __future__ import annotations

import uuid

from sqlalchemy import select

from vstid.core.repository import Repository
from vstid.threads.models import ThreadMessage

__all__ = ["ThreadRepository"]


class ThreadRepository(Repository[ThreadMessage]):
    model = ThreadMessage

    def for_order(self, order_id: uuid.UUID) -> list[ThreadMessage]:
        stmt = select(ThreadMessage).where(ThreadMessage.order_id == order_id)
        return list(self.list(stmt.order_by(ThreadMessage.created_at, ThreadMessage.id)))
