from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Select, select, update
from sqlalchemy.orm import Session

from vstid.accounts.models import Role, User
from vstid.core.repository import Repository
from vstid.notifications.models import EmailOutbox, EmailStatus, Notification
from vstid.organizations.models import Membership

__all__ = ["EmailOutboxRepository", "NotificationRepository", "RecipientRepository"]


class NotificationRepository(Repository[Notification]):
    model = Notification

    def for_user(self, user_id: uuid.UUID) -> Select[Notification]:
        return (
            select(Notification)
            .where(Notification.user_id == user_id)
            .order_by(Notification.created_at.desc(), Notification.id)
        )

    def unread_count(self, user_id: uuid.UUID) -> int:
        return self.count(self.for_user(user_id).where(Notification.read_at.is_(None)))

    def mark_all_read(self, user_id: uuid.UUID, now: datetime) -> None:
        self.session.execute(
            update(Notification)
            .where(Notification.user_id == user_id, Notification.read_at.is_(None))
            .values(read_at=now)
        )

    def sent_since(self, user_id: uuid.UUID, ref: str, since: datetime) -> bool:
        stmt = select(Notification.id).where(
            Notification.user_id == user_id,
            Notification.ref == ref,
            Notification.created_at >= since,
        )
        return self.session.scalars(stmt.limit(1)).first() is not None


class EmailOutboxRepository(Repository[EmailOutbox]):
    model = EmailOutbox

    def pending(self, limit: int = 100) -> list[EmailOutbox]:
        stmt = (
            select(EmailOutbox)
            .where(EmailOutbox.status == EmailStatus.pending.value)
            .order_by(EmailOutbox.created_at)
            .limit(limit)
        )
        return list(self.list(stmt))

    def recent(self, limit: int = 100) -> list[EmailOutbox]:
        stmt = select(EmailOutbox).order_by(EmailOutbox.created_at.desc(), EmailOutbox.id)
        return list(self.list(stmt.limit(limit)))

    def to_address(self, address: str) -> list[EmailOutbox]:
        stmt = select(EmailOutbox).where(EmailOutbox.to_address == address)
        return list(self.list(stmt.order_by(EmailOutbox.created_at)))


class RecipientRepository:
    """Who should hear about a record: a hub's coordinators, an organization's members, a user."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def hub_coordinators(self, hub_id: uuid.UUID) -> list[User]:
        stmt = select(User).where(
            User.hub_id == hub_id, User.role == Role.coordinator.value, User.is_active.is_(True)
        )
        return list(self.session.scalars(stmt.order_by(User.email)).all())

    def organization_members(self, organization_id: uuid.UUID) -> list[User]:
        stmt = (
            select(User)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.organization_id == organization_id, User.is_active.is_(True))
        )
        return list(self.session.scalars(stmt.order_by(User.email)).all())

    def organization_admins(self, organization_id: uuid.UUID) -> list[User]:
        stmt = (
            select(User)
            .join(Membership, Membership.user_id == User.id)
            .where(
                Membership.organization_id == organization_id,
                Membership.role == "admin",
                User.is_active.is_(True),
            )
        )
        return list(self.session.scalars(stmt.order_by(User.email)).all())

    def user(self, user_id: uuid.UUID | None) -> User | None:
        return self.session.get(User, user_id) if user_id else None
