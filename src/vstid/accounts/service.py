"""Registration with e-mail verification, authentication with rate limiting, passwords and API
tokens. Never commits."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy.orm import Session

from vstid.accounts.models import ApiToken, LoginFailure, Role, User
from vstid.accounts.permissions import require_role
from vstid.accounts.repository import (
    ApiTokenRepository,
    LoginFailureRepository,
    RegistrationRepository,
    UserRepository,
    UserSessionRepository,
)
from vstid.accounts.schemas import (
    AccountCreateInput,
    LoginInput,
    RegistrationInput,
    UserFilters,
)
from vstid.accounts.sessions import use_due
from vstid.accounts.states import ACCOUNT_STATES, state_of
from vstid.audit.models import AuditEntry
from vstid.audit.service import Auditor, recent_about
from vstid.core.errors import Conflict, NotFound, RateLimited, Unauthorized, ValidationFailed
from vstid.core.i18n import N_
from vstid.core.models import as_utc, utcnow
from vstid.core.pagination import Page, PageParams
from vstid.core.security import (
    MAX_PASSWORD_LENGTH,
    MIN_PASSWORD_LENGTH,
    constant_time_equals,
    hash_password,
    hash_token,
    needs_rehash,
    new_token,
    password_weakness,
    verify_password,
)
from vstid.core.settings import Settings
from vstid.hubs.models import Hub
from vstid.hubs.repository import HubRepository

__all__ = ["AccountService", "IssuedToken", "Registration", "UserAdministration", "UserDetail"]

VERIFY_MAILS_PER_HOUR = 3


@dataclass(frozen=True)
class Registration:
    """The account the address belongs to, and whether this registration created it."""

    user: User
    created: bool


@dataclass(frozen=True)
class IssuedToken:
    token: str
    expires_at: datetime


def _new_user(
    users: UserRepository, *, email: str, display_name: str, password: str, role: Role,
    locale: str, hub_id: uuid.UUID | None, ip: str | None, actor_id: uuid.UUID | None,
    verified: bool = True,
) -> User:  # fmt: skip
    email = email.strip().lower()
    if users.by_email(email) is not None:
        raise Conflict(N_("an account with this e-mail already exists"), field="email")
    user = users.add(User(
        email=email, display_name=display_name, password_hash=hash_password(password),
        role=role.value, locale=locale, hub_id=hub_id,
        email_verified_at=utcnow() if verified else None,  # staff vouch for their accounts
    ))  # fmt: skip
    Auditor(users.session, "user")(
        actor_id or user.id, "user.create", user.id, ip=ip, role=role.value
    )
    return user


class AccountService:
    def __init__(self, session: Session, settings: Settings) -> None:
        self.session = session
        self.settings = settings
        self.users = UserRepository(session)
        self.tokens = ApiTokenRepository(session)
        self.failures = LoginFailureRepository(session)
        self.signer = URLSafeTimedSerializer(settings.resolved_secret_key(), salt="verify-email")

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

    def register(self, data: RegistrationInput, *, ip: str) -> Registration:
        """A new, unverified account, or the one the address already has (left unchanged).
        Adapters answer both alike ("check your mail"), so registration never tells which
        addresses have an account; only the mail sent to the address differs."""
        self._check_registration_limit(ip)
        Auditor(self.session, "user")(None, RegistrationRepository.ACTION, None, ip=ip)
        existing = self.users.by_email(data.email)
        if existing is not None:
            return Registration(user=existing, created=False)
        user = self.create_user(
            email=data.email,
            display_name=data.display_name,
            password=data.password,
            role=data.role,
            locale=data.locale,
            ip=ip,
            verified=False,
        )
        return Registration(user=user, created=True)

    def _check_registration_limit(self, ip: str) -> None:
        window = timedelta(seconds=self.settings.register_window_s)
        if (
            RegistrationRepository(self.session).recent_from(ip, utcnow() - window)
            >= self.settings.register_max_per_ip
        ):
            raise RateLimited(
                N_("too many accounts were created from this address; try again later"),
                retry_after_s=self.settings.register_window_s,
            )

    def verification_link(self, user: User) -> str:
        """A new signed link for the adapters to mail; a few an hour, so "send again" cannot
        be turned into a mail cannon against the owner of the address."""
        since = utcnow() - timedelta(hours=1)
        if RegistrationRepository(self.session).mails_to(user.id, since) >= VERIFY_MAILS_PER_HOUR:
            raise RateLimited(
                N_("we sent several links in the last hour; wait a little and look in your mail"),
                retry_after_s=3600,
            )
        Auditor(self.session, "user")(user.id, RegistrationRepository.MAIL_ACTION, user.id)
        token = self.signer.dumps({"u": str(user.id), "m": user.email})
        return f"/verify-email?token={token}"

    def verify_email(self, token: str) -> User:
        try:
            data = self.signer.loads(token, max_age=self.settings.verify_email_max_age_s)
        except SignatureExpired as exc:
            raise ValidationFailed(N_("this link has expired; ask for a new one")) from exc
        except BadSignature as exc:
            raise ValidationFailed(N_("this link is not valid")) from exc
        try:
            user = self.users.get(uuid.UUID(str(data.get("u"))))
        except ValueError:
            user = None
        if user is None or user.email != data.get("m"):
            raise ValidationFailed(N_("this link is not valid"))
        if user.email_verified_at is None:
            user.email_verified_at = utcnow()
            Auditor(self.session, "user")(user.id, "user.verify_email", user.id)
        return user

    def check_new_password(self, password: str, user: User) -> None:
        if not MIN_PASSWORD_LENGTH <= len(password) <= MAX_PASSWORD_LENGTH:
            raise ValidationFailed(
                N_("a password has %(min)s to %(max)s characters"),
                field="new_password",
                params={"min": MIN_PASSWORD_LENGTH, "max": MAX_PASSWORD_LENGTH},
            )
        weakness = password_weakness(password, email=user.email, name=user.display_name)
        if weakness:
            raise ValidationFailed(weakness, field="new_password")

    def change_password(
        self, user: User, current: str, new: str, *, keep_session: uuid.UUID | None, ip: str
    ) -> None:
        """Every other session and every API token ends: a password is changed after a leak."""
        if not verify_password(user.password_hash, current):
            raise ValidationFailed(N_("the current password is wrong"), field="current_password")
        self.check_new_password(new, user)
        user.password_hash = hash_password(new)
        UserSessionRepository(self.session).delete_for_user(user.id, keep=keep_session)
        self.tokens.revoke_all_of(user.id)
        Auditor(self.session, "user")(user.id, "user.password_change", user.id, ip=ip)

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
        verified: bool = True,
    ) -> User:
        """Staff and the CLI vouch for the accounts they create; self-registration does not."""
        return _new_user(
            self.users, email=email, display_name=display_name, password=password, role=role,
            locale=locale, hub_id=hub_id, ip=ip, actor_id=actor_id, verified=verified,
        )  # fmt: skip

    def verified_hash(self, data: LoginInput) -> str | None:
        """The stored hash this password matches, None if it matches none. Only reads: an
        adapter runs it in a read-only unit before the sign-in's own unit, so argon2 (tens of
        milliseconds of CPU) never runs while SQLite's one write lock is held; a burst of
        sign-ins hashing under that lock starved every other request (issue 10)."""
        user = self.users.by_email(data.email)
        stored = user.password_hash if user else None
        return stored if verify_password(stored, data.password) else None

    def authenticate(
        self,
        data: LoginInput,
        *,
        ip: str,
        channel: str = "page",
        prechecked: bool = False,
        verified_hash: str | None = None,
    ) -> User:
        """Checks the rate limit before the password so a locked-out guesser learns nothing.

        With `prechecked`, the password was verified by `verified_hash` in an earlier unit; it
        counts only if the account still has that very hash (a password changed in between
        fails, and the person signs in again).

        A failure is recorded and audited in the caller's unit of work, which must still
        commit: adapters answer the raised error themselves instead of letting it roll the
        request back (else a guesser's failures would never count)."""
        self._check_rate_limit(data.email, ip)
        user = self.users.by_email(data.email)
        stored = user.password_hash if user else None
        if prechecked:
            password_ok = (
                stored is not None
                and verified_hash is not None
                and constant_time_equals(stored, verified_hash)
            )
        else:
            password_ok = verify_password(stored, data.password)
        if not password_ok or (user is not None and not user.is_active):
            self.failures.add(
                LoginFailure(email=data.email, ip=ip, user_id=user.id if user else None)
            )
            Auditor(self.session, "user")(
                None,
                "login.failed",
                user.id if user else None,
                ip=ip,
                email=data.email,
                channel=channel,
            )
            raise Unauthorized(N_("wrong e-mail or password"))
        assert user is not None
        if needs_rehash(user.password_hash):
            user.password_hash = hash_password(data.password)
        user.last_login_at = utcnow()
        self.failures.clear(data.email)
        Auditor(self.session, "user")(user.id, "login", user.id, ip=ip, channel=channel)
        return user

    def _check_rate_limit(self, email: str, ip: str) -> None:
        window = timedelta(seconds=self.settings.login_window_s)
        count, oldest = self.failures.recent(email, ip, utcnow() - window)
        if count >= self.settings.login_max_failures and oldest is not None:
            wait = int((as_utc(oldest) + window - utcnow()).total_seconds()) + 1
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
        """Record a token's use at most once per USE_RECORDED_EVERY: an API read then
        rarely writes, so it seldom needs SQLite's one write lock (issue 10, item 1)."""
        now = utcnow()
        if use_due(token.last_used_at, now):
            token.last_used_at = now

    def revoke_token(self, token: str, user: User) -> None:
        row = self.tokens.active_by_hash(hash_token(token), utcnow())
        if row is not None and row.user_id == user.id:
            row.revoked = True
            Auditor(self.session, "user")(user.id, "token.revoke", user.id, token_id=row.id)

    def set_locale(self, user: User, locale: str) -> None:
        user.locale = locale


@dataclass(frozen=True)
class UserDetail:
    user: User
    hub_code: str | None
    activity: list[AuditEntry]  # what was done to the account and what its holder did
    actor_names: dict[uuid.UUID, str]  # who made each change
    actions: list[str]  # deactivate / reactivate, as the lifecycle allows now
    can_change_role: bool


class UserAdministration:
    """Admins manage accounts: find them, change a role (and a coordinator's hub), deactivate
    and reactivate. An admin never locks themselves out, and the platform keeps one active
    admin at least. Every change is audited."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.users = UserRepository(session)
        self.tokens = ApiTokenRepository(session)
        self.hubs = HubRepository(session)
        self.audit = Auditor(session, "user")

    # -- reading -----------------------------------------------------------------------------
    def page(self, actor: User | None, filters: UserFilters, params: PageParams) -> Page[User]:
        require_role(actor, Role.admin)
        stmt = self.users.listing(
            q=filters.q, role=filters.role.value if filters.role else None,
            hub_id=self.hub_id_for(filters.hub), active=filters.active,
        )  # fmt: skip
        return self.users.paginate(stmt, params)

    def counts_by_role(self, actor: User | None) -> dict[str, int]:
        """Active accounts per role, every role present (0 when none)."""
        require_role(actor, Role.admin)
        counts = self.users.counts_by_role()
        return {role.value: counts.get(role.value, 0) for role in Role}

    def get(self, actor: User | None, user_id: uuid.UUID) -> User:
        require_role(actor, Role.admin)
        user = self.users.get(user_id)
        if user is None:
            raise NotFound(N_("user not found"))
        return user

    def detail(self, actor: User | None, user_id: uuid.UUID) -> UserDetail:
        user = self.get(actor, user_id)
        hub = self.hubs.get(user.hub_id) if user.hub_id else None
        activity = recent_about(self.session, "user", user.id)
        return UserDetail(
            user=user, hub_code=hub.code if hub else None, activity=activity,
            actor_names=self.users.names_of({e.actor_id for e in activity if e.actor_id}),
            actions=self.allowed_actions(actor, user),
            can_change_role=actor is not None and actor.id != user.id,
        )  # fmt: skip

    def allowed_actions(self, actor: User | None, user: User) -> list[str]:
        if actor is None or actor.id == user.id:
            return []  # an admin never deactivates themselves
        return ACCOUNT_STATES.allowed(state_of(user.is_active), {actor.role})

    def hub_id_for(self, code: str | None) -> uuid.UUID | None:
        hub = self._hub(code)
        return hub.id if hub else None

    def _hub(self, code: str | None) -> Hub | None:
        if not code:
            return None
        hub = self.hubs.by_code(code)
        if hub is None:
            raise ValidationFailed(
                N_("no hub with code %(code)s"), field="hub", params={"code": repr(code)}
            )
        return hub

    # -- changes -----------------------------------------------------------------------------
    def create(
        self, actor: User | None, data: AccountCreateInput, *, ip: str | None = None
    ) -> User:
        """An account of any role, as `vstid users create` makes one; the admin passes the
        first password on (the platform has no reset by e-mail yet)."""
        admin = require_role(actor, Role.admin)
        found = self._hub(data.hub)
        if data.role is Role.coordinator and found is None:
            raise ValidationFailed(N_("a coordinator needs a hub"), field="hub")
        return _new_user(
            self.users, email=data.email, display_name=data.display_name,
            password=data.password, role=data.role, locale=data.locale,
            hub_id=found.id if found else None, ip=ip, actor_id=admin.id,
        )  # fmt: skip

    def change_role(
        self, actor: User | None, user_id: uuid.UUID, role: Role, hub: str | None = None,
        *, ip: str | None = None,
    ) -> User:  # fmt: skip
        """A coordinator works for one hub, so the role needs it; other roles keep the hub
        given (a requester's default hub) or none."""
        user = self.get(actor, user_id)
        assert actor is not None
        found = self._hub(hub)
        hub_id = found.id if found else None
        if role is Role.coordinator and hub_id is None:
            raise ValidationFailed(N_("a coordinator needs a hub"), field="hub")
        if user.role == role.value and user.hub_id == hub_id:
            return user
        if user.role == Role.admin.value and role is not Role.admin:
            self._keep_an_admin(actor, user, N_("you cannot remove your own admin role"))
        previous = {"role": user.role, "hub_id": str(user.hub_id) if user.hub_id else None}
        user.role, user.hub_id = role.value, hub_id
        self.audit(actor.id, "user.role_change", user.id, ip=ip, before=previous,
                   role=role.value, hub=found.code if found else None)  # fmt: skip
        return user

    def deactivate(self, actor: User | None, user_id: uuid.UUID, *, ip: str | None = None) -> User:
        """Signs the account out everywhere: its sessions are deleted and its API tokens
        revoked (reactivation brings neither back); every request checks `is_active` too."""
        user = self.get(actor, user_id)
        assert actor is not None
        ACCOUNT_STATES.check("deactivate", state_of(user.is_active), {actor.role})
        self._keep_an_admin(actor, user, N_("you cannot deactivate your own account"))
        user.is_active = False
        revoked = self.tokens.revoke_all_of(user.id)
        UserSessionRepository(self.session).delete_for_user(user.id)
        self.audit(actor.id, "user.deactivate", user.id, ip=ip, tokens_revoked=revoked)
        return user

    def reactivate(self, actor: User | None, user_id: uuid.UUID, *, ip: str | None = None) -> User:
        user = self.get(actor, user_id)
        assert actor is not None
        ACCOUNT_STATES.check("reactivate", state_of(user.is_active), {actor.role})
        user.is_active = True
        self.audit(actor.id, "user.reactivate", user.id, ip=ip)
        return user

    def _keep_an_admin(self, actor: User, user: User, own: str) -> None:
        """Refuses (409) a change that would lock the actor out or leave no active admin."""
        if actor.id == user.id:
            raise Conflict(own)
        if user.role == Role.admin.value and user.is_active:
            others = [i for i in self.users.active_admin_ids() if i != user.id]
            if not others:
                raise Conflict(N_("the platform needs at least one active admin"))
