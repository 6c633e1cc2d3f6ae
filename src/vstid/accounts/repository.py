from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, func, select, update
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

    def revoke_all(self, user_id: uuid.UUID) -> None:
        self.session.execute(
            update(ApiToken).where(ApiToken.user_id == user_id).values(revoked=True)
        )


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
