from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select

from vstid.accounts.models import ApiToken, LoginFailure, User
from vstid.core.repository import Repository

__all__ = ["ApiTokenRepository", "LoginFailureRepository", "UserRepository"]


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
