"""Input and output of the result register, background IP and agreements. Every refusal
names its field: the owners' shares ("owners"), the DOI ("doi"), the evidence link
("evidence_url")…; checks across fields are field validators, so pydantic reports them all."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

from babel import Locale
from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from vstid.core.i18n import N_
from vstid.core.text import normalise_doi
from vstid.orders.models import Currency
from vstid.projects.results.models import (
    IP_CAPABLE,
    AgreementKind,
    Degree,
    IPOffice,
    ResultKind,
    Sex,
    SignatureStatus,
)

__all__ = [
    "HUNDRED",
    "AbandonInput",
    "AgreementInput",
    "AgreementOut",
    "BackgroundIPInput",
    "BackgroundIPOut",
    "DoiInput",
    "FileInput",
    "GrantInput",
    "LicenseInput",
    "OwnerInput",
    "OwnersInput",
    "ResultInput",
    "ResultOut",
    "SignatureInput",
    "check_country",
    "check_doi",
    "check_url",
]

HUNDRED = Decimal("100.00")
_TERRITORIES = frozenset(Locale.parse("en").territories)


def check_url(value: str | None) -> str | None:
    """An evidence link: an absolute http or https URL, or nothing."""
    if value is None or not value.strip():
        return None
    url = value.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or " " in url:
        raise ValueError(N_("give a link that starts with http:// or https://"))
    return url


def check_doi(value: str | None) -> str | None:
    """The DOI as 10.xxxx/…, lower case, from any of its spellings (doi:, https://doi.org/)."""
    if value is None or not value.strip():
        return None
    doi = normalise_doi(value)
    if doi is None:
        raise ValueError(N_("this is not a DOI (it looks like 10.1234/abcd)"))
    return doi


def check_country(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    code = value.strip().upper()
    if len(code) != 2 or code not in _TERRITORIES:
        raise ValueError(N_("use a two-letter ISO code such as JP"))
    return code


class OwnerInput(BaseModel):
    """A partner of the project (partner_id), or a named party outside it (party_name)."""

    partner_id: uuid.UUID | None = None
    party_name: str | None = Field(default=None, max_length=300)
    share_percent: Decimal = Field(gt=0, le=100, max_digits=5, decimal_places=2)


def _owners(owners: list[OwnerInput]) -> list[OwnerInput]:
    for owner in owners:
        named = bool(owner.party_name and owner.party_name.strip())
        if (owner.partner_id is None) == (not named):
            raise ValueError(N_("each owner is either a partner of the project or a named party"))
    partners = [o.partner_id for o in owners if o.partner_id]
    names = [o.party_name.strip().casefold() for o in owners if o.party_name and not o.partner_id]
    if len(set(partners)) != len(partners) or len(set(names)) != len(names):
        raise ValueError(N_("an owner is listed twice"))
    if owners and sum((o.share_percent for o in owners), Decimal(0)) != HUNDRED:
        raise ValueError(N_("the owners' shares must add up to exactly 100%"))
    return owners


class OwnersInput(BaseModel):
    owners: list[OwnerInput] = Field(max_length=20)

    @field_validator("owners")
    @classmethod
    def _sum(cls, owners: list[OwnerInput]) -> list[OwnerInput]:
        return _owners(owners)


class ResultInput(BaseModel):
    kind: ResultKind
    title: str = Field(min_length=2, max_length=500)
    language: str = Field(default="en", pattern="^[a-z]{2}$")
    result_date: date
    description: str = Field(default="", max_length=8000)
    evidence_url: str | None = Field(default=None, max_length=1000)
    public: bool = False
    owners: list[OwnerInput] = Field(default_factory=list, max_length=20)
    # publication
    doi: str | None = Field(default=None, max_length=255)
    venue: str | None = Field(default=None, max_length=300)
    authors: list[str] = Field(default_factory=list, max_length=200)
    # IP: a patent always; software or a prototype when protected
    ip_protected: bool = Field(default=False, validate_default=True)
    ip_office: IPOffice | None = None
    application_number: str | None = Field(default=None, max_length=100)
    registration_number: str | None = Field(default=None, max_length=100)
    # trained person
    person_name: str | None = Field(default=None, max_length=200)
    degree: Degree | None = Field(default=None, validate_default=True)
    nationality: str | None = None
    sex: Sex | None = None
    destination: str | None = Field(default=None, max_length=300)
    destination_country: str | None = Field(default=None, validate_default=True)
    # further funding
    amount: Decimal | None = Field(default=None, ge=0, max_digits=18, decimal_places=2)
    currency: Currency | None = None
    funder: str | None = Field(default=None, max_length=300, validate_default=True)

    @field_validator("evidence_url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        return check_url(value)

    @field_validator("owners")
    @classmethod
    def _owners_sum(cls, owners: list[OwnerInput]) -> list[OwnerInput]:
        return _owners(owners)

    @field_validator("doi")
    @classmethod
    def _doi(cls, value: str | None) -> str | None:
        return check_doi(value)

    @field_validator("ip_protected")
    @classmethod
    def _ip(cls, protected: bool, info: ValidationInfo) -> bool:
        kind = info.data.get("kind")
        if kind == ResultKind.patent:
            return True
        if protected and kind not in IP_CAPABLE:
            raise ValueError(N_("only a patent, software or a prototype enters the IP register"))
        return protected

    @field_validator("ip_office")
    @classmethod
    def _office(cls, office: IPOffice | None, info: ValidationInfo) -> IPOffice | None:
        if office is not None and not info.data.get("ip_protected"):
            raise ValueError(N_("an IP office is recorded only for a result in the IP register"))
        return office

    @field_validator("nationality", "destination_country")
    @classmethod
    def _country(cls, value: str | None) -> str | None:
        return check_country(value)

    @field_validator("degree")
    @classmethod
    def _degree(cls, degree: Degree | None, info: ValidationInfo) -> Degree | None:
        if info.data.get("kind") == ResultKind.trained_person and degree is None:
            raise ValueError(N_("a trained person's degree is required"))
        return degree

    @field_validator("destination_country")
    @classmethod
    def _nationality_needed(cls, value: str | None, info: ValidationInfo) -> str | None:
        if info.data.get("kind") == ResultKind.trained_person and not info.data.get("nationality"):
            raise ValueError(N_("a trained person's nationality is required"))
        return value

    @field_validator("funder")
    @classmethod
    def _funding(cls, funder: str | None, info: ValidationInfo) -> str | None:
        if info.data.get("kind") == ResultKind.further_funding and not (
            info.data.get("amount") is not None and info.data.get("currency") and funder
        ):
            raise ValueError(N_("further funding needs an amount, a currency and a funder"))
        return funder.strip() if funder else None


class DoiInput(BaseModel):
    doi: str = Field(max_length=255)
    public: bool = False
    owners: list[OwnerInput] = Field(default_factory=list, max_length=20)

    @field_validator("doi")
    @classmethod
    def _doi(cls, value: str) -> str:
        doi = check_doi(value)
        if doi is None:
            raise ValueError(N_("this is not a DOI (it looks like 10.1234/abcd)"))
        return doi

    @field_validator("owners")
    @classmethod
    def _owners_sum(cls, owners: list[OwnerInput]) -> list[OwnerInput]:
        return _owners(owners)


class FileInput(BaseModel):
    """Filing an invention: where and under which application number."""

    ip_office: IPOffice
    application_number: str = Field(min_length=1, max_length=100)
    filed_on: date


class GrantInput(BaseModel):
    registration_number: str = Field(min_length=1, max_length=100)
    granted_on: date


class LicenseInput(BaseModel):
    licensee: str = Field(min_length=2, max_length=300)
    licensed_on: date
    exclusive: bool = False
    territory: str | None = Field(default=None, max_length=200)


class AbandonInput(BaseModel):
    abandoned_on: date


class BackgroundIPInput(BaseModel):
    partner_id: uuid.UUID
    title: str = Field(min_length=2, max_length=300)
    description: str = Field(default="", max_length=8000)
    declared_on: date
    restrictions: str = Field(default="", max_length=4000)


class AgreementInput(BaseModel):
    kind: AgreementKind
    title: str = Field(min_length=2, max_length=300)
    version: str = Field(default="1", min_length=1, max_length=30)
    dated: date


class SignatureInput(BaseModel):
    status: SignatureStatus
    signed_on: date | None = Field(default=None, validate_default=True)

    @field_validator("signed_on")
    @classmethod
    def _date(cls, signed_on: date | None, info: ValidationInfo) -> date | None:
        if info.data.get("status") == SignatureStatus.signed and signed_on is None:
            raise ValueError(N_("a signature needs the date it was signed on"))
        return signed_on


# -- output -----------------------------------------------------------------------------------
class _Row(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class OwnerOut(_Row):
    partner_id: uuid.UUID | None
    party_name: str | None
    share_percent: Decimal


class LicenseOut(_Row):
    licensee: str
    licensed_on: date
    exclusive: bool
    territory: str | None


class ResultOut(_Row):
    id: uuid.UUID
    project_id: uuid.UUID
    kind: str
    title: str
    language: str
    result_date: date
    description: str
    evidence_url: str | None
    public: bool
    file_name: str | None
    doi: str | None
    venue: str | None
    authors: list[str]
    ip_status: str | None
    ip_office: str | None
    application_number: str | None
    registration_number: str | None
    filed_on: date | None
    granted_on: date | None
    abandoned_on: date | None
    person_name: str | None
    degree: str | None
    nationality: str | None
    sex: str | None
    destination: str | None
    destination_country: str | None
    amount: Decimal | None
    currency: str | None
    funder: str | None
    owners: list[OwnerOut]
    licenses: list[LicenseOut]
    ip_actions: list[str] = Field(default_factory=list)


class BackgroundIPOut(_Row):
    id: uuid.UUID
    partner_id: uuid.UUID
    title: str
    description: str
    declared_on: date
    restrictions: str


class SignatureOut(_Row):
    partner_id: uuid.UUID
    partner_name: str
    status: str
    signed_on: date | None


class AgreementOut(_Row):
    id: uuid.UUID
    kind: str
    title: str
    version: str
    dated: date
    file_name: str | None
    fully_signed: bool
    signatures: list[SignatureOut]

    @classmethod
    def of(cls, view: Any) -> AgreementOut:
        return cls(
            id=view.agreement.id,
            kind=view.agreement.kind,
            title=view.agreement.title,
            version=view.agreement.version,
            dated=view.agreement.dated,
            file_name=view.agreement.file_name,
            fully_signed=view.fully_signed,
            signatures=[
                SignatureOut(
                    partner_id=s.partner.id,
                    partner_name=s.partner.name,
                    status=s.status,
                    signed_on=s.signed_on,
                )
                for s in view.parties
            ],
        )
