from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Select, delete, func, or_, select, update
from sqlalchemy.orm import Session

from vstid.accounts.models import ApiToken, LoginFailure, User, UserSession
from vstid.audit.models import AuditEntry
from vstid.core.repository import Repository

__all__ = [
    "ApiTokenRepository",
    "LoginFailureRepository",
    "RegistrationRepository",
    "UserRepository",
    "UserSessionRepository",
]


class UserRepository(Repository[User]):
    model = User

    def by_email(self, email: str) -> User | None:
        return self.get_by(email=email.strip().lower())

    def listing(
        self, *, q: str | None = None, role: str | None = None,
        hub_id: uuid.UUID | None = None, active: bool | None = None,
    ) -> Select[User]:  # fmt: skip
        """The admins' user list: newest first, narrowed by name or e-mail, role, hub, state."""
        stmt = select(User).order_by(User.created_at.desc(), User.email)
        if q:
            pattern = f"%{q.strip()}%"
            stmt = stmt.where(or_(User.display_name.ilike(pattern), User.email.ilike(pattern)))
        if role:
            stmt = stmt.where(User.role == role)
        if hub_id is not None:
            stmt = stmt.where(User.hub_id == hub_id)
        if active is not None:
            stmt = stmt.where(User.is_active.is_(active))
        return stmt

    def names_of(self, ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
        if not ids:
            return {}
        stmt = select(User.id, User.display_name).where(User.id.in_(ids))
        return {uid: name for uid, name in self.session.execute(stmt).all()}

    def counts_by_role(self) -> dict[str, int]:
        """Active accounts per role."""
        stmt = select(User.role, func.count()).where(User.is_active.is_(True)).group_by(User.role)
        return {role: int(n) for role, n in self.session.execute(stmt).all()}

    def active_admin_ids(self) -> list[uuid.UUID]:
        """Locked (PostgreSQL) so two admins demoting each other at once cannot leave none:
        the second waits and then sees the first one's change."""
        stmt = select(User.id).where(User.role == "admin", User.is_active.is_(True))
        if self.session.get_bind().dialect.name == "postgresql":
            stmt = stmt.with_for_update()
        return list(self.session.scalars(stmt).all())


class ApiTokenRepository(Repository[ApiToken]):
    model = ApiToken

    def active_by_hash(self, token_hash: str, now: datetime) -> ApiToken | None:
        stmt = select(ApiToken).where(
            ApiToken.token_hash == token_hash,
            ApiToken.revoked.is_(False),
            ApiToken.expires_at > now,
        )
        return self.session.scalars(stmt).first()

    def active_for_user(self, user_id: uuid.UUID, now: datetime) -> Sequence[ApiToken]:
        stmt = select(ApiToken).where(
            ApiToken.user_id == user_id, ApiToken.revoked.is_(False), ApiToken.expires_at > now
        )
        return self.session.scalars(stmt.order_by(ApiToken.created_at.desc())).all()

    def revoke_all_of(self, user_id: uuid.UUID) -> int:
        """Revokes every live token of a user; returns how many there were."""
        stmt = (
            update(ApiToken)
            .where(ApiToken.user_id == user_id, ApiToken.revoked.is_(False))
            .values(revoked=True)
        )
        return int(getattr(self.session.execute(stmt), "rowcount", 0) or 0)


class UserSessionRepository(Repository[UserSession]):
    model = UserSession

    def by_hash(self, token_hash: str) -> UserSession | None:
        return self.get_by(token_hash=token_hash)

    def for_user(self, user_id: uuid.UUID) -> Sequence[UserSession]:
        stmt = select(UserSession).where(UserSession.user_id == user_id)
        return self.session.scalars(stmt.order_by(UserSession.last_seen_at.desc())).all()

    def delete_for_user(self, user_id: uuid.UUID, keep: uuid.UUID | None = None) -> None:
        stmt = delete(UserSession).where(UserSession.user_id == user_id)
        if keep is not None:
            stmt = stmt.where(UserSession.id != keep)
        self.session.execute(stmt)

    def delete_older_than(self, since: datetime) -> None:
        self.session.execute(delete(UserSession).where(UserSession.created_at < since))


class LoginFailureRepository(Repository[LoginFailure]):
    model = LoginFailure

    def recent(self, email: str, ip: str, since: datetime) -> tuple[int, datetime | None]:
        """Failures for this e-mail or from this address since `since`, and the oldest time."""
        stmt = select(func.count(), func.min(LoginFailure.at)).where(
            LoginFailure.at >= since, (LoginFailure.email == email) | (LoginFailure.ip == ip)
        )
        count, oldest = self.session.execute(stmt).one()
        return int(count), oldest

    def clear(self, email: str) -> None:
        self.session.execute(delete(LoginFailure).where(LoginFailure.email == email))

    def count_since(self, since: datetime) -> int:
        return int(self.session.scalar(select(func.count()).where(LoginFailure.at >= since)) or 0)


class RegistrationRepository:
    """Registration attempts and verification mails, counted from the audit log (each writes
    one row there), for their rate limits."""

    ACTION = "user.register"
    MAIL_ACTION = "user.verify_email.send"

    def __init__(self, session: Session) -> None:
        self.session = session

    def recent_from(self, ip: str, since: datetime) -> int:
        stmt = select(func.count()).where(
            AuditEntry.action == self.ACTION, AuditEntry.ip == ip, AuditEntry.at >= since
        )
        return int(self.session.scalar(stmt) or 0)

    def mails_to(self, user_id: uuid.UUID, since: datetime) -> int:
        stmt = select(func.count()).where(
            AuditEntry.action == self.MAIL_ACTION,
            AuditEntry.entity_id == str(user_id),
            AuditEntry.at >= since,
        )
        return int(self.session.scalar(stmt) or 0)
