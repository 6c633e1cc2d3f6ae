"""Registration, authentication with rate limiting, and API tokens. Never commits."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from vstid.accounts.models import ApiToken, LoginFailure, Role, User
from vstid.accounts.repository import ApiTokenRepository, LoginFailureRepository, UserRepository
from vstid.accounts.schemas import LoginInput, RegistrationInput
from vstid.audit.service import Auditor
from vstid.core.errors import Conflict, RateLimited, Unauthorized, ValidationFailed
from vstid.core.i18n import N_
from vstid.core.models import utcnow
from vstid.core.security import hash_password, hash_token, needs_rehash, new_token, verify_password
from vstid.core.settings import Settings
from vstid.hubs.repository import HubRepository

__all__ = ["AccountService", "IssuedToken"]

TOKEN_TOUCH_INTERVAL = timedelta(minutes=5)


@dataclass(frozen=True)
class IssuedToken:
    token: str
    expires_at: datetime


def _aware(dt: datetime) -> datetime:
    # SQLite returns naive datetimes even for timezone-aware columns.
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


class AccountService:
    def __init__(self, session: Session, settings: Settings) -> None:
        self.session = session
        self.settings = settings
        self.users = UserRepository(session)
        self.tokens = ApiTokenRepository(session)
        self.failures = LoginFailureRepository(session)

    def hub_id_for(self, code: str | None) -> uuid.UUID | None:
        """Staff accounts name their hub by code (JP, KR); an unknown code is the caller's error."""
        if not code:
            return None
        hub = HubRepository(self.session).by_code(code)
        if hub is None:
            raise ValidationFailed(
                N_("no hub with code %(code)s"), field="hub", params={"code": repr(code)}
            )
        return hub.id

    def register(self, data: RegistrationInput, *, ip: str | None = None) -> User:
        return self.create_user(
            email=data.email,
            display_name=data.display_name,
            password=data.password,
            role=data.role,
            locale=data.locale,
            ip=ip,
        )

    def create_user(
        self,
        *,
        email: str,
        display_name: str,
        password: str,
        role: Role,
        locale: str = "vi",
        hub_id: uuid.UUID | None = None,
        ip: str | None = None,
        actor_id: uuid.UUID | None = None,
    ) -> User:
        email = email.strip().lower()
        if self.users.by_email(email) is not None:
            raise Conflict(N_("an account with this e-mail already exists"), field="email")
        user = self.users.add(
            User(
                email=email,
                display_name=display_name,
                password_hash=hash_password(password),
                role=role.value,
                locale=locale,
                hub_id=hub_id,
            )
        )
        Auditor(self.session, "user")(
            actor_id or user.id, "user.create", user.id, ip=ip, role=role.value
        )
        return user

    def authenticate(self, data: LoginInput, *, ip: str) -> User:
        """Checks the rate limit before the password so a locked-out guesser learns nothing."""
        self._check_rate_limit(data.email, ip)
        user = self.users.by_email(data.email)
        if not verify_password(user.password_hash if user else None, data.password) or (
            user is not None and not user.is_active
        ):
            self.failures.add(
                LoginFailure(email=data.email, ip=ip, user_id=user.id if user else None)
            )
            Auditor(self.session, "user")(
                None, "login.failed", user.id if user else None, ip=ip, email=data.email
            )
            raise Unauthorized(N_("wrong e-mail or password"))
        assert user is not None
        if needs_rehash(user.password_hash):
            user.password_hash = hash_password(data.password)
        user.last_login_at = utcnow()
        self.failures.clear(data.email)
        Auditor(self.session, "user")(user.id, "login", user.id, ip=ip)
        return user

    def _check_rate_limit(self, email: str, ip: str) -> None:
        window = timedelta(seconds=self.settings.login_window_s)
        count, oldest = self.failures.recent(email, ip, utcnow() - window)
        if count >= self.settings.login_max_failures and oldest is not None:
            wait = int((_aware(oldest) + window - utcnow()).total_seconds()) + 1
            raise RateLimited(
                N_("too many failed sign-in attempts; try again in %(minutes)s minutes"),
                retry_after_s=max(1, wait),
                params={"minutes": max(1, wait // 60 + 1)},
            )

    def issue_token(self, user: User, name: str = "api") -> IssuedToken:
        token = new_token()
        expires = utcnow() + timedelta(days=self.settings.api_token_ttl_days)
        self.tokens.add(
            ApiToken(user_id=user.id, name=name, token_hash=hash_token(token), expires_at=expires)
        )
        Auditor(self.session, "user")(user.id, "token.issue", user.id, name=name)
        return IssuedToken(token=token, expires_at=expires)

    def user_for_token(self, token: str) -> User | None:
        row = self.tokens.active_by_hash(hash_token(token), utcnow())
        if row is None:
            return None
        self._touch(row)
        user = self.users.get(row.user_id)
        return user if user is not None and user.is_active else None

    def _touch(self, token: ApiToken) -> None:
        """Record a token's use at most once per TOKEN_TOUCH_INTERVAL: an API read then
        rarely writes, so it seldom needs SQLite's one write lock (issue 10, item 1)."""
        now = utcnow()
        last = token.last_used_at
        if last is None or now - _aware(last) >= TOKEN_TOUCH_INTERVAL:
            token.last_used_at = now

    def active_user(self, raw_id: object) -> User | None:
        """The signed-in user a session cookie names, if the account still exists and is active."""
        if not isinstance(raw_id, str):
            return None
        try:
            user = self.users.get(uuid.UUID(raw_id))
        except ValueError:
            return None
        return user if user is not None and user.is_active else None

    def set_locale(self, user: User, locale: str) -> None:
        user.locale = locale
