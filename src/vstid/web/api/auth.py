"""Account endpoints: register, exchange credentials for a bearer token, who am I."""

from __future__ import annotations

from fastapi import APIRouter, status

from vstid.accounts.schemas import LoginInput, RegistrationInput, TokenOut, UserOut
from vstid.web.deps import AccountsDep, ClientIp, CurrentUser

router = APIRouter(prefix="/auth", tags=["auth"])


@router.post("/register", response_model=UserOut, status_code=status.HTTP_201_CREATED)
def register(data: RegistrationInput, accounts: AccountsDep, ip: ClientIp) -> UserOut:
    return UserOut.model_validate(accounts.register(data, ip=ip))


@router.post("/token", response_model=TokenOut)
def token(data: LoginInput, accounts: AccountsDep, ip: ClientIp) -> TokenOut:
    user = accounts.authenticate(data, ip=ip)
    issued = accounts.issue_token(user)
    return TokenOut(token=issued.token, expires_at=issued.expires_at.isoformat())


@router.get("/me", response_model=UserOut)
def me(user: CurrentUser) -> UserOut:
    return UserOut.model_validate(user)
