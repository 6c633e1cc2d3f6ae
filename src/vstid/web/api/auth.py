"""Account endpoints: register and confirm the address, exchange credentials for a bearer token,
sign out (here or everywhere), list and revoke sessions and tokens, who am I."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request, status
from fastapi.responses import Response

from vstid.accounts.schemas import (
    ApiTokenOut,
    LoginInput,
    RegistrationInput,
    RegistrationOut,
    SessionOut,
    TokenOut,
    UserOut,
)
from vstid.core.errors import DomainError
from vstid.core.i18n import N_
from vstid.notifications.account_mail import AccountMail
from vstid.web.csrf import SESSION_COOKIE
from vstid.web.deps import (
    AccountsDep,
    ClientIp,
    CurrentUser,
    SessionDep,
    SessionsDep,
    SettingsDep,
    bearer_token,
    verified_password_hash,
)
from vstid.web.errors import domain_error_response

router = APIRouter(prefix="/auth", tags=["auth"])

CHECK_EMAIL = N_(
    "if this address can be used for a new account, a link to confirm it was sent there"
)


@router.post("/register", response_model=RegistrationOut, status_code=status.HTTP_202_ACCEPTED)
def register(
    data: RegistrationInput,
    session: SessionDep,
    settings: SettingsDep,
    accounts: AccountsDep,
    ip: ClientIp,
) -> RegistrationOut:
    """The same answer whether the address is new or already has an account."""
    AccountMail(session, settings).after_registration(accounts.register(data, ip=ip))
    return RegistrationOut(email=data.email, message=CHECK_EMAIL)


@router.post("/verify-email", response_model=UserOut)
def verify_email(token: str, accounts: AccountsDep) -> Any:
    return UserOut.model_validate(accounts.verify_email(token))


@router.post("/verify-email/resend", status_code=status.HTTP_204_NO_CONTENT)
def resend_verification(session: SessionDep, settings: SettingsDep, user: CurrentUser) -> None:
    if not user.is_verified:
        AccountMail(session, settings).verification(user)


@router.post("/token", response_model=TokenOut)
def token(request: Request, data: LoginInput, accounts: AccountsDep, ip: ClientIp) -> Any:
    checked = verified_password_hash(request, data)
    try:
        user = accounts.authenticate(
            data, ip=ip, channel="api", prechecked=True, verified_hash=checked
        )
    except DomainError as exc:
        # answered, not raised: a raised error rolls the request back, and the failure
        # record with it, so a guesser would never reach the rate limit
        return domain_error_response(request, exc)
    issued = accounts.issue_token(user)
    return TokenOut(token=issued.token, expires_at=issued.expires_at.isoformat())


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
def logout(
    request: Request, accounts: AccountsDep, sessions: SessionsDep, user: CurrentUser
) -> Response:
    """Ends what authenticated this request: the bearer token, or the browser's session."""
    raw = bearer_token(request)
    response = Response(status_code=status.HTTP_204_NO_CONTENT)
    if raw is not None:
        accounts.revoke_token(raw, user)
    else:
        sessions.end(request.cookies.get(SESSION_COOKIE))
        response.delete_cookie(SESSION_COOKIE)
    return response


@router.post("/logout-everywhere", status_code=status.HTTP_204_NO_CONTENT)
def logout_everywhere(sessions: SessionsDep, user: CurrentUser, ip: ClientIp) -> None:
    sessions.end_everywhere(user, ip=ip)


@router.get("/sessions", response_model=list[SessionOut])
def my_sessions(sessions: SessionsDep, user: CurrentUser) -> Any:
    return [SessionOut.model_validate(s) for s in sessions.sessions_of(user)]


@router.delete("/sessions/{session_id}", status_code=status.HTTP_204_NO_CONTENT)
def revoke_session(session_id: uuid.UUID, sessions: SessionsDep, user: CurrentUser) -> None:
    sessions.revoke_session(user, session_id)


@router.get("/tokens", response_model=list[ApiTokenOut])
def my_tokens(sessions: SessionsDep, user: CurrentUser) -> Any:
    return [ApiTokenOut.model_validate(t) for t in sessions.tokens_of(user)]


@router.delete("/tokens/{token_id}", status_code=status.HTTP_204_NO_CONTENT)
def revoke_token(token_id: uuid.UUID, sessions: SessionsDep, user: CurrentUser) -> None:
    sessions.revoke_token(user, token_id)


@router.get("/me", response_model=UserOut)
def me(user: CurrentUser) -> UserOut:
    return UserOut.model_validate(user)
