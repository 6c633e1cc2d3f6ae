"""Validated input for account actions (shared by pages and API)."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from vstid.accounts.models import Role
from vstid.core.i18n import N_

__all__ = [
    "AccountCreateInput",
    "AdminUserOut",
    "LoginInput",
    "RegistrationInput",
    "RoleChangeInput",
    "TokenOut",
    "UserFilters",
    "UserOut",
]

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
SELF_SERVICE_ROLES = (Role.expert, Role.requester)


class _AccountFields(BaseModel):
    email: str = Field(max_length=254)
    display_name: str = Field(min_length=2, max_length=200)
    password: str = Field(min_length=10, max_length=200)
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


class TokenOut(BaseModel):
    token: str
    token_type: str = "bearer"
    expires_at: str


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
