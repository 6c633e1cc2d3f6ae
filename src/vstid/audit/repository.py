from __future__ import annotations

import uuid

from sqlalchemy import or_, select

from vstid.audit.models import AuditEntry
from vstid.core.repository import Repository

__all__ = ["AuditRepository"]


class AuditRepository(Repository[AuditEntry]):
    model = AuditEntry

    def recent_about(self, entity_type: str, entity_id: uuid.UUID, limit: int) -> list[AuditEntry]:
        """What was done to a record and, when it is a person, what they did; newest first."""
        about = (AuditEntry.entity_type == entity_type) & (AuditEntry.entity_id == str(entity_id))
        stmt = (
            select(AuditEntry)
            .where(or_(about, AuditEntry.actor_id == entity_id))
            .order_by(AuditEntry.at.desc())
            .limit(limit)
        )
        return list(self.list(stmt))
