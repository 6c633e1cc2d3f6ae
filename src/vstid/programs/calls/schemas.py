"""Call input (created and edited by the program's staff) and output (with the transitions the
caller may take, and the times in the call's own zone).

Opening and closing times are entered as wall-clock times in the call's zone (a naive
"2027-03-01T17:00" for a Tokyo call is 17:00 JST); the service stores them in UTC. A time
given with an offset is taken as that moment."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from vstid.core.i18n import N_
from vstid.orders.models import Currency
from vstid.programs.calls.models import ApplicantType, CallKind, CareerStage

__all__ = [
    "CallCreate",
    "CallFilters",
    "CallOut",
    "CallPatch",
    "CeilingInput",
    "CeilingOut",
    "CriterionInput",
    "DocumentInput",
    "EligibilityInput",
    "Language",
    "QuestionInput",
    "TranslationInput",
    "Zone",
]

Language = Literal["vi", "en", "ja", "ko"]
Zone = Literal["Asia/Ho_Chi_Minh", "Asia/Tokyo", "Asia/Seoul"]  # deadlines.CALL_ZONES
KEY = r"^[a-z][a-z0-9_]{0,39}$"
Labels = dict[Language, str]


def _labelled(labels: dict[str, str]) -> dict[str, str]:
    kept = {k: v.strip() for k, v in labels.items() if v and v.strip()}
    if not kept:
        raise ValueError(N_("give a label in at least one language"))
    if any(len(v) > 300 for v in kept.values()):
        raise ValueError(N_("a label has at most 300 characters"))
    return kept


class TranslationInput(BaseModel):
    title: str | None = Field(default=None, max_length=300)
    summary: str | None = Field(default=None, max_length=20000)


class EligibilityInput(BaseModel):
    """Who may apply; an empty list admits any."""

    applicant_types: list[ApplicantType] = Field(default_factory=list, max_length=10)
    countries: list[str] = Field(default_factory=list, max_length=30)
    fields: list[str] = Field(default_factory=list, max_length=30)
    career_stages: list[CareerStage] = Field(default_factory=list, max_length=10)

    @field_validator("countries")
    @classmethod
    def _countries(cls, countries: list[str]) -> list[str]:
        codes = [c.strip().upper() for c in countries]
        if any(len(c) != 2 or not c.isalpha() for c in codes):
            raise ValueError(N_("a country is its two-letter code (VN, JP, KR)"))
        return list(dict.fromkeys(codes))


class QuestionInput(BaseModel):
    key: str = Field(pattern=KEY)
    label: Labels
    kind: Literal["text", "number", "choice"] = "text"
    required: bool = False
    choices: list[str] = Field(default_factory=list, max_length=30)
    max_length: int | None = Field(default=None, ge=1, le=20000)

    _label = field_validator("label")(_labelled)

    @field_validator("choices")
    @classmethod
    def _choices(cls, choices: list[str]) -> list[str]:
        return list(dict.fromkeys(c.strip() for c in choices if c.strip()))


class DocumentInput(BaseModel):
    key: str = Field(pattern=KEY)
    label: Labels
    required: bool = True

    _label = field_validator("label")(_labelled)


class CriterionInput(BaseModel):
    key: str = Field(pattern=KEY)
    label: Labels
    weight: int = Field(ge=1, le=100)

    _label = field_validator("label")(_labelled)


class CeilingInput(BaseModel):
    """The most one owner agency grants a single application, in its currency."""

    agency_id: uuid.UUID
    amount: Decimal = Field(gt=0, max_digits=18, decimal_places=2)
    currency: Currency
    note: str = Field(default="", max_length=500)


class _CallFields(BaseModel):
    """What a call is made of; every field optional here (the patch), required on create."""

    title: str | None = Field(default=None, min_length=2, max_length=300)
    summary: str | None = Field(default=None, max_length=20000)
    language: Language | None = None
    translations: dict[Language, TranslationInput] | None = None
    fields: list[str] | None = Field(default=None, max_length=20)
    timezone: Zone | None = None
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    grace_minutes: int | None = Field(default=None, ge=0, le=1440)
    eligibility: EligibilityInput | None = None
    questions: list[QuestionInput] | None = Field(default=None, max_length=40)
    documents: list[DocumentInput] | None = Field(default=None, max_length=30)
    languages: list[Language] | None = Field(default=None, max_length=4)
    ceiling_amount: Decimal | None = Field(default=None, gt=0, max_digits=18, decimal_places=2)
    ceiling_currency: Currency | None = None
    ceilings: list[CeilingInput] | None = Field(default=None, max_length=10)
    max_duration_months: int | None = Field(default=None, ge=1, le=120)
    reviews_per_application: int | None = Field(default=None, ge=1, le=10)
    rubric: list[CriterionInput] | None = Field(default=None, max_length=20)
    report_every_months: int | None = Field(default=None, ge=1, le=24)


class CallPatch(_CallFields):
    """The changes; fields left out stay. The reference changes only while the call is a
    draft; the kind never."""

    reference: str | None = Field(default=None, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{1,59}$")


class CallCreate(_CallFields):
    reference: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{1,59}$")
    kind: CallKind = CallKind.joint_research
    title: str = Field(min_length=2, max_length=300)
    summary: str = Field(default="", max_length=20000)
    language: Language = "vi"
    translations: dict[Language, TranslationInput] = Field(default_factory=dict)
    fields: list[str] = Field(default_factory=list, max_length=20)
    timezone: Zone = "Asia/Ho_Chi_Minh"
    opens_at: datetime
    closes_at: datetime
    grace_minutes: int = Field(default=0, ge=0, le=1440)
    eligibility: EligibilityInput = Field(default_factory=EligibilityInput)
    questions: list[QuestionInput] = Field(default_factory=list, max_length=40)
    documents: list[DocumentInput] = Field(default_factory=list, max_length=30)
    languages: list[Language] = Field(
        default_factory=lambda: list[Language](["vi", "en"]), max_length=4
    )
    ceilings: list[CeilingInput] = Field(default_factory=list, max_length=10)
    reviews_per_application: int = Field(default=2, ge=1, le=10)
    rubric: list[CriterionInput] = Field(default_factory=list, max_length=20)
    report_every_months: int = Field(default=12, ge=1, le=24)


@dataclass
class CallFilters:
    kind: str | None = None
    field: str | None = None
    country: str | None = None
    status: str | None = None
    program_id: uuid.UUID | None = None


class _Row(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class CeilingOut(_Row):
    agency_id: uuid.UUID
    amount: Decimal
    currency: str
    note: str
    country: str | None = None


class CallOut(_Row):
    id: uuid.UUID
    program_id: uuid.UUID
    program_slug: str | None = None
    reference: str
    kind: str
    title: str
    summary: str
    language: str
    translations: dict[str, dict[str, str]]
    fields: list[str]
    timezone: str
    opens_at: datetime
    closes_at: datetime
    # the same moments as wall-clock times in the call's zone, as they were entered
    opens_at_local: str | None = None
    closes_at_local: str | None = None
    grace_minutes: int
    eligibility: dict[str, list[str]]
    questions: list[dict[str, object]]
    documents: list[dict[str, object]]
    languages: list[str]
    ceiling_amount: Decimal | None
    ceiling_currency: str | None
    ceilings: list[CeilingOut] = Field(default_factory=list)
    max_duration_months: int | None
    reviews_per_application: int
    rubric: list[dict[str, object]]
    report_every_months: int
    status: str
    status_changed_at: datetime | None
    accepts_submissions: bool = False
    allowed_actions: list[str] = Field(default_factory=list)
