"""Server-side sign-in sessions and the account's own view of its sessions and API tokens.

The browser's cookie holds only a random id; the row keeps its hash, when it started and was
last seen, from which browser and address. Signing out deletes the row, so a copied cookie
stops working at once. Never commits."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from vstid.accounts.models import ApiToken, User, UserSession
from vstid.accounts.repository import ApiTokenRepository, UserRepository, UserSessionRepository
from vstid.audit.service import Auditor
from vstid.core.errors import NotFound
from vstid.core.i18n import N_
from vstid.core.models import as_utc, utcnow
from vstid.core.security import hash_token, new_token
from vstid.core.settings import Settings

__all__ = ["USE_RECORDED_EVERY", "SessionService", "SignedIn", "use_due"]

# A session's or an API token's last use is written at most this often: writing it on every
# request would turn each page view into a write (and GETs take no write lock up front).
USE_RECORDED_EVERY = timedelta(minutes=5)


def use_due(last: datetime | None, now: datetime) -> bool:
    return last is None or now - as_utc(last) >= USE_RECORDED_EVERY


@dataclass(frozen=True)
class SignedIn:
    user: User
    session: UserSession


class SessionService:
    def __init__(self, session: Session, settings: Settings) -> None:
        self.session = session
        self.settings = settings
        self.sessions = UserSessionRepository(session)
        self.tokens = ApiTokenRepository(session)
        self.audit = Auditor(session, "user")

    def start(self, user: User, *, ip: str, user_agent: str) -> str:
        """A new session for a user who just proved who they are; returns the cookie value."""
        raw = new_token()
        # sessions nobody came back to are cleared here, where a new one begins
        self.sessions.delete_older_than(
            utcnow() - timedelta(seconds=self.settings.session_max_age_s)
        )
        self.sessions.add(
            UserSession(
                token_hash=hash_token(raw), user_id=user.id, ip=ip[:64], user_agent=user_agent[:300]
            )
        )
        return raw

    def lookup(self, raw: str | None) -> SignedIn | None:
        """The session a cookie names, while it lasts and its account is active."""
        if not raw:
            return None
        row = self.sessions.by_hash(hash_token(raw))
        if row is None:
            return None
        now = utcnow()
        if as_utc(row.created_at) + timedelta(seconds=self.settings.session_max_age_s) < now:
            self.sessions.delete(row)
            return None
        user = UserRepository(self.session).get(row.user_id)
        if user is None or not user.is_active:
            return None
        if use_due(row.last_seen_at, now):
            row.last_seen_at = now
        return SignedIn(user=user, session=row)

    def end(self, raw: str | None) -> None:
        """Sign out of this browser."""
        row = self.sessions.by_hash(hash_token(raw)) if raw else None
        if row is not None:
            self.sessions.delete(row)
            self.audit(row.user_id, "logout", row.user_id)

    def end_everywhere(self, user: User, *, ip: str) -> None:
        """Every browser and every API token of the account stop working."""
        self.sessions.delete_for_user(user.id)
        self.tokens.revoke_all_of(user.id)
        self.audit(user.id, "logout.everywhere", user.id, ip=ip)

    def sessions_of(self, user: User) -> Sequence[UserSession]:
        return self.sessions.for_user(user.id)

    def tokens_of(self, user: User) -> Sequence[ApiToken]:
        return self.tokens.active_for_user(user.id, utcnow())

    def revoke_session(self, user: User, session_id: uuid.UUID) -> None:
        row = self.sessions.get(session_id)
        if row is None or row.user_id != user.id:
            raise NotFound(N_("no such session"))
        self.sessions.delete(row)
        self.audit(user.id, "session.revoke", user.id, session_id=session_id)

    def revoke_token(self, user: User, token_id: uuid.UUID) -> None:
        row = self.tokens.get(token_id)
        if row is None or row.user_id != user.id or row.revoked:
            raise NotFound(N_("no such API token"))
        row.revoked = True
        self.audit(user.id, "token.revoke", user.id, token_id=token_id)
