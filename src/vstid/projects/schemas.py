"""Project input (given when a proposal is accepted, or by a coordinator creating a project
directly; edits, partners, amendments, transitions) and project output (full inside, a public
summary outside)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from vstid.core.i18n import N_
from vstid.orders.models import Currency
from vstid.projects.models import MAX_DURATION_MONTHS, PartnerRole, PartnerSide

__all__ = [
    "AmendmentOut",
    "AwardPartner",
    "EndDateInput",
    "FundingInput",
    "LeaveInput",
    "MilestoneInput",
    "PartnerAdd",
    "PartnerInput",
    "ProjectAward",
    "ProjectCreate",
    "ProjectFilters",
    "ProjectInput",
    "ProjectOut",
    "ProjectPatch",
    "ProjectSummaryOut",
    "TransitionInput",
]

Percent = Decimal


class MilestoneInput(BaseModel):
    title: str = Field(min_length=2, max_length=300)
    due_date: date
    deliverable: str = Field(default="", max_length=4000)


class FundingInput(BaseModel):
    source: str = Field(min_length=2, max_length=300)
    amount: Decimal = Field(gt=0, max_digits=18, decimal_places=2)
    currency: Currency
    share_percent: Percent | None = Field(default=None, ge=0, le=100, decimal_places=2)


class PartnerInput(BaseModel):
    name: str = Field(min_length=2, max_length=300)
    side: PartnerSide
    country: str | None = Field(default=None, pattern="^[A-Z]{2}$")
    share_percent: Percent | None = Field(default=None, ge=0, le=100, decimal_places=2)


def _total(shares: list[Percent | None]) -> Percent:
    return sum((s for s in shares if s is not None), Decimal(0))


class ProjectInput(BaseModel):
    title: str | None = Field(default=None, max_length=300)
    start_date: date | None = None
    end_date: date | None = None
    requester_share_percent: Percent | None = Field(default=None, ge=0, le=100)
    expert_share_percent: Percent | None = Field(default=None, ge=0, le=100)
    # validated when absent too: the two sides' shares alone may exceed 100%
    partners: list[PartnerInput] = Field(default_factory=list, max_length=20, validate_default=True)
    milestones: list[MilestoneInput] = Field(min_length=1, max_length=50)
    funding: list[FundingInput] = Field(default_factory=list, max_length=20)

    # Checks across fields are field validators (run in declaration order, each seeing the
    # fields before it), not one model validator: pydantic then reports every problem of the
    # form at once, instead of the cross-field ones only after all fields are valid, one a time.
    @field_validator("end_date")
    @classmethod
    def _ends_after_start(cls, end: date | None, info: ValidationInfo) -> date | None:
        start = info.data.get("start_date")
        if start and end and end < start:
            raise ValueError(N_("the project cannot end before it starts"))
        return end

    @field_validator("partners")
    @classmethod
    def _ownership(cls, partners: list[PartnerInput], info: ValidationInfo) -> list[PartnerInput]:
        shares = [info.data.get("requester_share_percent"), info.data.get("expert_share_percent")]
        if _total(shares + [p.share_percent for p in partners]) > 100:
            raise ValueError(N_("ownership shares add up to more than 100%"))
        return partners

    @field_validator("funding")
    @classmethod
    def _funding_shares(cls, funding: list[FundingInput]) -> list[FundingInput]:
        if _total([f.share_percent for f in funding]) > 100:
            raise ValueError(N_("funding shares add up to more than 100%"))
        return funding


class _Row(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class PartnerOut(_Row):
    id: uuid.UUID
    name: str
    side: str
    country: str | None
    role: str
    organization_id: uuid.UUID | None
    expert_id: uuid.UUID | None
    contact_name: str | None
    contact_email: str | None
    joined_on: date | None
    left_on: date | None
    share_percent: Decimal | None


class ProjectOut(_Row):
    """The whole project, for those inside it."""

    id: uuid.UUID
    order_id: uuid.UUID | None
    proposal_id: uuid.UUID | None
    origin: str
    hub_id: uuid.UUID
    title: str
    summary: str
    language: str
    translations: dict[str, dict[str, str]]
    fields: list[str]
    status: str
    status_reason: str | None
    status_changed_at: datetime | None
    confidential: bool
    start_date: date | None
    duration_months: int | None
    end_date: date | None
    partners: list[PartnerOut]
    allowed_actions: list[str] = []
    visibility: Literal["inside"] = "inside"


class PublicPartnerOut(_Row):
    name: str
    side: str
    country: str | None
    role: str
    joined_on: date | None
    left_on: date | None


class PublicResultOut(_Row):
    """A result the consortium marked public: what it is, when, and where to read it."""

    kind: str
    title: str
    language: str
    result_date: date
    doi: str | None
    venue: str | None
    evidence_url: str | None
    ip_office: str | None
    ip_status: str | None


class ProjectSummaryOut(_Row):
    """What anyone reads of a project that is neither confidential nor a draft: no budget,
    no contacts, no internals."""

    id: uuid.UUID
    origin: str
    hub_id: uuid.UUID
    title: str
    summary: str
    language: str
    translations: dict[str, dict[str, str]]
    fields: list[str]
    status: str
    start_date: date | None
    duration_months: int | None
    end_date: date | None
    partners: list[PublicPartnerOut]
    public_results: list[PublicResultOut] = []
    visibility: Literal["public"] = "public"


class AmendmentOut(_Row):
    id: uuid.UUID
    number: int
    kind: str
    reason: str
    before: dict[str, object]
    after: dict[str, object]
    author_id: uuid.UUID | None
    author: str | None = None
    created_at: datetime


# -- the core: direct creation, edits, consortium, amendments, transitions -----------------

Language = Literal["vi", "en", "ja", "ko"]


class TranslationInput(BaseModel):
    title: str = Field(default="", max_length=300)
    summary: str = Field(default="", max_length=20000)


class PartnerAdd(BaseModel):
    """A partner: an organization on the platform, an expert, or a named party. The side is
    the country's: VN is the Vietnamese side, any other country abroad."""

    organization_id: uuid.UUID | None = None
    expert_id: uuid.UUID | None = None
    name: str | None = Field(default=None, max_length=300)
    country: str | None = Field(default=None, pattern="^[A-Za-z]{2}$")
    role: PartnerRole = PartnerRole.partner
    contact_name: str | None = Field(default=None, max_length=200)
    contact_email: str | None = Field(default=None, max_length=320, pattern=r"^[^@\s]+@[^@\s]+$")
    joined_on: date | None = None
    # Past the draft a partner change is an amendment, and an amendment needs a reason.
    reason: str = Field(default="", max_length=4000)


class ProjectCreate(BaseModel):
    title: str = Field(min_length=2, max_length=300)
    summary: str = Field(default="", max_length=20000)
    language: Language = "vi"
    translations: dict[Language, TranslationInput] = Field(default_factory=dict)
    hub_id: uuid.UUID | None = None
    fields: list[str] = Field(default_factory=list, max_length=20)
    start_date: date
    duration_months: int = Field(ge=1, le=MAX_DURATION_MONTHS)
    confidential: bool = False
    vietnam_lead: PartnerAdd
    abroad_lead: PartnerAdd


@dataclass(frozen=True)
class AwardPartner:
    """A member of an awarded project's consortium, as the program's decision names it."""

    name: str
    country: str
    role: PartnerRole
    organization_id: uuid.UUID | None = None
    expert_id: uuid.UUID | None = None
    contact_name: str | None = None
    contact_email: str | None = None


@dataclass(frozen=True)
class ProjectAward:
    """What a program's joint decision hands over when it awards an application: the
    application's shared part, its dates and its consortium (one lead per side, the other
    confirmed co-applicants as partners, the owner agencies as funders)."""

    hub_id: uuid.UUID
    title: str
    summary: str
    language: str
    translations: dict[str, dict[str, str]]
    fields: list[str]
    start_date: date
    duration_months: int
    partners: list[AwardPartner]


class ProjectPatch(BaseModel):
    title: str | None = Field(default=None, min_length=2, max_length=300)
    summary: str | None = Field(default=None, max_length=20000)
    language: Language | None = None
    translations: dict[Language, TranslationInput] | None = None
    fields: list[str] | None = Field(default=None, max_length=20)
    start_date: date | None = None
    duration_months: int | None = Field(default=None, ge=1, le=MAX_DURATION_MONTHS)
    confidential: bool | None = None


class TransitionInput(BaseModel):
    reason: str = Field(default="", max_length=4000)


class LeaveInput(BaseModel):
    left_on: date
    reason: str = Field(default="", max_length=4000)


class EndDateInput(BaseModel):
    end_date: date
    reason: str = Field(default="", max_length=4000)


@dataclass(frozen=True)
class ProjectFilters:
    """The browse list's filters: hub, field code, status, a partner's country (ISO-2) and a
    funder (a partner with the role funder: an organization id or part of a name)."""

    hub_id: uuid.UUID | None = None
    field: str | None = None
    status: str | None = None
    country: str | None = None
    funder: str | None = None
