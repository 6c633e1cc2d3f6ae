"""Writing the audit log. Called by every service method that changes something."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.orm import Session

from vstid.audit.models import AuditEntry
from vstid.audit.repository import AuditRepository

__all__ = ["Auditor", "recent_about", "record"]


def record(
    session: Session,
    *,
    actor_id: uuid.UUID | None,
    action: str,
    entity_type: str,
    entity_id: object | None = None,
    data: dict[str, Any] | None = None,
    ip: str | None = None,
) -> AuditEntry:
    entry = AuditEntry(
        actor_id=actor_id,
        action=action,
        entity_type=entity_type,
        entity_id=str(entity_id) if entity_id is not None else None,
        data=_jsonable(data or {}),
        ip=ip,
    )
    session.add(entry)
    return entry


class Auditor:
    """The audit call every service makes on every change, bound to one kind of record:
    `self.audit(actor.id, "proposal.accept", proposal.id, order_id=...)`."""

    def __init__(self, session: Session, entity_type: str) -> None:
        self.session = session
        self.entity_type = entity_type

    def __call__(
        self,
        actor_id: uuid.UUID | None,
        action: str,
        entity_id: object,
        *,
        ip: str | None = None,
        **data: Any,
    ) -> AuditEntry:
        return record(
            self.session,
            actor_id=actor_id,
            action=action,
            entity_type=self.entity_type,
            entity_id=entity_id,
            data=data,
            ip=ip,
        )


def recent_about(
    session: Session, entity_type: str, entity_id: uuid.UUID, limit: int = 20
) -> list[AuditEntry]:
    """The latest entries about a record, or made by a person (the caller checks who may read
    them: the log is for admins)."""
    return AuditRepository(session).recent_about(entity_type, entity_id, limit)


def _jsonable(data: dict[str, Any]) -> dict[str, Any]:
    return {
        k: (v if isinstance(v, str | int | float | bool | type(None) | list | dict) else str(v))
        for k, v in data.items()
    }
