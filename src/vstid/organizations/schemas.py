from __future__ import annotations

import re
import uuid

from pydantic import BaseModel, ConfigDict, Field, field_validator

from vstid.core.i18n import N_
from vstid.organizations.models import OrgKind

__all__ = [
    "LANGUAGES",
    "JoinRequestOut",
    "MemberOut",
    "OrganizationCreate",
    "OrganizationOut",
    "OrganizationUpdate",
    "ReasonIn",
]

LANGUAGES = ("vi", "en", "ja", "ko")  # the site's languages, in which a profile is written
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9 ().\-]{6,40}$")
_WEBSITE = re.compile(r"^https?://[^\s/]+\.[^\s]+$")


class OrganizationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    slug: str
    name: str
    kind: str
    country: str
    website: str | None
    description: dict[str, str]
    status: str
    rejection_reason: str | None = None
    language: str = "vi"
    name_translations: dict[str, str] = Field(default_factory=dict)
    contact_email: str | None = None
    contact_phone: str | None = None
    logo_url: str | None = None  # 256 px; the same path ends in 64.webp for the small one


class MemberOut(BaseModel):
    """A member as the reader may see them: the e-mail only for fellow members and the hub's
    coordinators; the public sees the organization's admins' names alone."""

    display_name: str
    role: str
    email: str | None = None


class OrganizationCreate(BaseModel):
    name: str = Field(min_length=2, max_length=300)
    kind: OrgKind
    country: str = Field(min_length=2, max_length=2, pattern=r"^[A-Za-z]{2}$")
    hub_id: uuid.UUID | None = None  # the requester's own hub when left out
    website: str | None = Field(default=None, max_length=300)


class ReasonIn(BaseModel):
    reason: str = ""


class JoinRequestOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    user_id: uuid.UUID
    organization_id: uuid.UUID
    status: str


def _blank_to_none(v: str | None) -> str | None:
    return (v or "").strip() or None


def _texts(v: dict[str, str]) -> dict[str, str]:
    """Only the site's languages, without empty texts."""
    unknown = set(v) - set(LANGUAGES)
    if unknown:
        raise ValueError(N_("choose one of the listed values"))
    return {k: t.strip() for k, t in v.items() if t and t.strip()}


class OrganizationUpdate(BaseModel):
    """What its admins edit: the name in the language it is written in and its translations,
    the description per language, the website and a public contact (both optional)."""

    name: str = Field(min_length=2, max_length=300)
    language: str = Field(default="vi", pattern="^(vi|en|ja|ko)$")
    name_translations: dict[str, str] = Field(default_factory=dict)
    description: dict[str, str] = Field(default_factory=dict)
    website: str | None = Field(default=None, max_length=300)
    contact_email: str | None = Field(default=None, max_length=254)
    contact_phone: str | None = Field(default=None, max_length=40)

    @field_validator("name")
    @classmethod
    def _name(cls, v: str) -> str:
        return v.strip()

    @field_validator("name_translations")
    @classmethod
    def _name_translations(cls, v: dict[str, str]) -> dict[str, str]:
        texts = _texts(v)
        if any(len(t) > 300 for t in texts.values()):
            raise ValueError(N_("a name has at most 300 characters"))
        return texts

    @field_validator("description")
    @classmethod
    def _description(cls, v: dict[str, str]) -> dict[str, str]:
        texts = _texts(v)
        if any(len(t) > 4000 for t in texts.values()):
            raise ValueError(N_("a description has at most 4000 characters"))
        return texts

    @field_validator("website")
    @classmethod
    def _website(cls, v: str | None) -> str | None:
        v = _blank_to_none(v)
        if v is not None and not _WEBSITE.match(v):
            raise ValueError(N_("write the full address, like https://example.vn"))
        return v

    @field_validator("contact_email")
    @classmethod
    def _email(cls, v: str | None) -> str | None:
        v = _blank_to_none(v)
        if v is not None and not _EMAIL.match(v):
            raise ValueError(N_("not a valid e-mail address"))
        return v.lower() if v else None

    @field_validator("contact_phone")
    @classmethod
    def _phone(cls, v: str | None) -> str | None:
        v = _blank_to_none(v)
        if v is not None and not _PHONE.match(v):
            raise ValueError(N_("write the phone number with digits, like +84 24 3825 1234"))
        return v
