"""Request dependencies, as Annotated aliases named for what they give."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Query, Request
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from vstid.accounts.models import Role, User
from vstid.accounts.permissions import require_role, require_user
from vstid.accounts.schemas import LoginInput
from vstid.accounts.service import AccountService
from vstid.accounts.sessions import SessionService
from vstid.core.db import Database
from vstid.core.pagination import MAX_PAGE, MAX_SIZE, PageParams
from vstid.core.settings import Settings
from vstid.web.csrf import SESSION_COOKIE
from vstid.web.overload import WRITE_RETRY

__all__ = [
    "AccountsDep",
    "ClientIp",
    "CoordinatorUser",
    "CurrentUser",
    "FormDep",
    "OptionalUser",
    "PageDep",
    "SessionDep",
    "SessionsDep",
    "SettingsDep",
    "bearer_token",
    "verified_password_hash",
]

# Requests that only read by HTTP's definition; their unit of work takes no write lock.
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def get_settings_dep(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _database(request: Request) -> Database:
    # Deliberately no `DatabaseDep`: a request works in its one session (SessionDep). A second
    # transaction beside it would wait for the first one's SQLite write lock (issue 8, item 1).
    database: Database = request.app.state.database
    return database


def verified_password_hash(request: Request, data: LoginInput) -> str | None:
    """A sign-in's password check, in a read-only unit of its own that ends before the
    sign-in's (write) unit begins: argon2 then never runs under SQLite's write lock. A read
    unit holds no lock, so this second unit cannot wait on the request's own."""
    settings: Settings = request.app.state.settings
    with _database(request).transaction(read_only=True) as session:
        return AccountService(session, settings).verified_hash(data)


def get_session(request: Request) -> Iterator[Session]:
    """One unit of work per request: commit when the handler returns, roll back on error."""
    # A read that had to write and lost the race runs again as a write (ReadRetryMiddleware).
    read_only = request.method in READ_METHODS and not request.scope.get(WRITE_RETRY)
    with _database(request).transaction(read_only=read_only) as session:
        try:
            yield session
        except Exception:
            # Error pages render after the rollback, which expires every loaded row; the
            # viewer, detached first, keeps the name the page header shows (else a 404 -> 500).
            viewer = getattr(request.state, "user", None)
            if viewer is not None and viewer in session:
                session.expunge(viewer)
            raise


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
# Function scope: the unit of work ends (commits) before the response is sent. By default
# FastAPI ends it after, so a browser following a POST's 303 could read the page before the
# POST's commit (GETs take no lock up front): "Create my expert profile" then showed no profile.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]


def get_client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


ClientIp = Annotated[str, Depends(get_client_ip)]


def bearer_token(request: Request) -> str | None:
    auth = request.headers.get("authorization", "")
    return auth[7:].strip() if auth.lower().startswith("bearer ") else None


def get_optional_user(request: Request, session: SessionDep, settings: SettingsDep) -> User | None:
    """The bearer token's user, else the signed-in session's (`request.state.user_session`,
    the row the cookie names, for "this browser" on the account page)."""
    token = bearer_token(request)
    if token is not None:
        user = AccountService(session, settings).user_for_token(token)
        request.state.user, request.state.user_session = user, None
        return user
    signed_in = SessionService(session, settings).lookup(request.cookies.get(SESSION_COOKIE))
    request.state.user = signed_in.user if signed_in else None
    request.state.user_session = signed_in.session if signed_in else None
    return signed_in.user if signed_in else None


OptionalUser = Annotated[User | None, Depends(get_optional_user)]


def get_current_user(user: OptionalUser) -> User:
    return require_user(user)


CurrentUser = Annotated[User, Depends(get_current_user)]


def get_coordinator(user: OptionalUser) -> User:
    return require_role(user, Role.coordinator)


CoordinatorUser = Annotated[User, Depends(get_coordinator)]


def get_accounts(session: SessionDep, settings: SettingsDep) -> AccountService:
    return AccountService(session, settings)


AccountsDep = Annotated[AccountService, Depends(get_accounts)]


def get_sessions(session: SessionDep, settings: SettingsDep) -> SessionService:
    return SessionService(session, settings)


SessionsDep = Annotated[SessionService, Depends(get_sessions)]


async def read_form(request: Request) -> FormData:
    """The posted form, read on the event loop so the handler itself can be a plain `def`
    (database work runs in the thread pool, never on the loop)."""
    return await request.form()


FormDep = Annotated[FormData, Depends(read_form)]


def get_page(
    page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
    size: Annotated[int, Query(ge=1, le=MAX_SIZE)] = 20,
) -> PageParams:
    """Out-of-range pages are a 422 naming the parameter, never a database overflow."""
    return PageParams(page=page, size=size)


PageDep = Annotated[PageParams, Depends(get_page)]
