"""Validated input for account actions (shared by pages and API)."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from vstid.accounts.models import Role
from vstid.core.i18n import N_
from vstid.core.security import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, password_weakness

__all__ = [
    "AccountCreateInput",
    "AdminUserOut",
    "ApiTokenOut",
    "LoginInput",
    "RegistrationInput",
    "RegistrationOut",
    "RoleChangeInput",
    "SessionOut",
    "TokenOut",
    "UserFilters",
    "UserOut",
]

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
SELF_SERVICE_ROLES = (Role.expert, Role.requester)


class _AccountFields(BaseModel):
    email: str = Field(max_length=254)
    display_name: str = Field(min_length=2, max_length=200)
    password: str = Field(min_length=MIN_PASSWORD_LENGTH, max_length=MAX_PASSWORD_LENGTH)
    locale: str = Field(default="vi", pattern="^(vi|en|ja|ko)$")

    @field_validator("email")
    @classmethod
    def _email(cls, v: str) -> str:
        v = v.strip().lower()
        if not _EMAIL.match(v):
            raise ValueError(N_("not a valid e-mail address"))
        return v

    @field_validator("display_name")
    @classmethod
    def _name(cls, v: str) -> str:
        return v.strip()

    @field_validator("password")
    @classmethod
    def _strong(cls, v: str, info: ValidationInfo) -> str:
        # e-mail and name are declared first, so they are validated (or missing) by now
        weakness = password_weakness(
            v, email=info.data.get("email", ""), name=info.data.get("display_name", "")
        )
        if weakness:
            raise ValueError(weakness)
        return v


class RegistrationInput(_AccountFields):
    role: Role = Role.expert

    @field_validator("role")
    @classmethod
    def _self_service(cls, v: Role) -> Role:
        if v not in SELF_SERVICE_ROLES:
            raise ValueError(N_("only expert or requester accounts can be self-registered"))
        return v


class AccountCreateInput(_AccountFields):
    """An account an admin creates, of any role (what `vstid users create` does)."""

    role: Role
    hub: str | None = Field(default=None, max_length=8)  # hub code; required for coordinators


class LoginInput(BaseModel):
    email: str = Field(max_length=254)
    password: str = Field(max_length=200)

    @field_validator("email")
    @classmethod
    def _email(cls, v: str) -> str:
        return v.strip().lower()


class UserOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    email: str
    display_name: str
    role: str
    locale: str
    email_verified: bool = Field(validation_alias="is_verified")


class RegistrationOut(BaseModel):
    """The same answer whether the address was new or already had an account."""

    email: str
    message: str


class TokenOut(BaseModel):
    token: str
    token_type: str = "bearer"
    expires_at: str


class SessionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    created_at: datetime
    last_seen_at: datetime
    user_agent: str
    ip: str


class ApiTokenOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str
    created_at: datetime
    expires_at: datetime
    last_used_at: datetime | None


@dataclass(frozen=True)
class UserFilters:
    """The admins' user list: a name or e-mail fragment, a role, a hub code, active or not."""

    q: str | None = None
    role: Role | None = None
    hub: str | None = None
    active: bool | None = None


class RoleChangeInput(BaseModel):
    role: Role
    hub: str | None = Field(default=None, max_length=8)  # hub code; required for coordinators


class AdminUserOut(BaseModel):
    """An account as admins see it."""

    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    email: str
    display_name: str
    role: str
    hub_id: uuid.UUID | None
    locale: str
    is_active: bool
    created_at: datetime
    last_login_at: datetime | None
