"""Input and output of applications. Every refusal names its field; the checks that need the
call (ceilings, questions, duration) are the service's, in `rules.py`."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from vstid.core.i18n import LANGUAGES, N_
from vstid.orders.models import Currency
from vstid.programs.applications.models import MemberRole
from vstid.programs.calls.models import CareerStage

__all__ = [
    "ApplicationOut",
    "BudgetInput",
    "BudgetLineInput",
    "BudgetLineOut",
    "DocumentOut",
    "InviteInput",
    "MemberOut",
    "ProblemOut",
    "ReasonInput",
    "SectionInput",
    "SectionOut",
    "SharedInput",
    "StartInput",
    "SummaryOut",
    "VersionOut",
]

_LANGS = "^(" + "|".join(LANGUAGES) + ")$"


class StartInput(BaseModel):
    title: str = Field(min_length=3, max_length=300)
    language: str = Field(default="vi", pattern=_LANGS)


class SharedInput(BaseModel):
    """The shared part both agencies read. `translations` holds the title and summary in
    the other languages: {"ja": {"title": "…", "summary": "…"}}."""

    title: str = Field(min_length=3, max_length=300)
    summary: str = Field(default="", max_length=20000)
    language: str = Field(default="vi", pattern=_LANGS)
    translations: dict[str, dict[str, str]] = Field(default_factory=dict)
    fields: list[str] = Field(default_factory=list, max_length=10)
    start_date: date | None = None
    duration_months: int | None = Field(default=None, ge=1, le=240)
    career_stage: CareerStage | None = None
    answers: dict[str, Any] = Field(default_factory=dict)
    lead_organization_id: uuid.UUID | None = None

    @field_validator("translations")
    @classmethod
    def _known_languages(cls, value: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
        cleaned: dict[str, dict[str, str]] = {}
        for lang, parts in value.items():
            if lang not in LANGUAGES:
                raise ValueError(N_("unknown language"))
            kept = {k: v.strip() for k, v in parts.items() if k in ("title", "summary") and v}
            if any(len(v) > 20000 for v in kept.values()):
                raise ValueError(N_("a translation is too long"))
            if kept:
                cleaned[lang] = kept
        return cleaned


class SectionInput(BaseModel):
    body: str = Field(default="", max_length=40000)
    language: str = Field(default="en", pattern=_LANGS)


class BudgetLineInput(BaseModel):
    agency_id: uuid.UUID
    category: str = Field(default="other", max_length=40)
    description: str = Field(default="", max_length=300)
    amount: Decimal = Field(gt=0, max_digits=16, decimal_places=2)
    currency: Currency


class BudgetInput(BaseModel):
    lines: list[BudgetLineInput] = Field(default_factory=list, max_length=100)


class InviteInput(BaseModel):
    """A co-applicant, by the e-mail of their account or by their expert profile."""

    email: str | None = Field(default=None, max_length=254, pattern=r"^[^@\s]+@[^@\s]+$")
    expert_id: uuid.UUID | None = None
    role: MemberRole = MemberRole.co_applicant
    country: str | None = Field(default=None, pattern="^[A-Z]{2}$")
    institution: str = Field(default="", max_length=300)


class ReasonInput(BaseModel):
    reason: str = Field(min_length=3, max_length=4000)


class ProblemOut(BaseModel):
    field: str
    message: str


class MemberOut(BaseModel):
    id: uuid.UUID
    user_id: uuid.UUID | None
    expert_id: uuid.UUID | None
    name: str
    email: str
    country: str
    institution: str
    role: str
    status: str


class SectionOut(BaseModel):
    country: str
    agency_id: uuid.UUID | None
    body: str
    language: str


class BudgetLineOut(BaseModel):
    agency_id: uuid.UUID
    country: str
    category: str
    description: str
    amount: Decimal
    currency: str


class DocumentOut(BaseModel):
    kind: str
    file_name: str
    file_type: str = ""
    file_size: int = 0


class ApplicationOut(BaseModel):
    """An application as this reader may see it: an agency member gets its own country's
    section and budget lines only; a reviewer gets the last frozen copy."""

    model_config = ConfigDict(from_attributes=True)

    reference: str
    call_reference: str
    status: str
    version: int
    frozen: bool
    submitted_at: datetime | None
    title: str
    summary: str
    language: str
    translations: dict[str, dict[str, str]]
    fields: list[str]
    career_stage: str | None
    start_date: date | None
    duration_months: int | None
    answers: dict[str, Any]
    status_reason: str | None = None
    members: list[MemberOut]
    sections: list[SectionOut]
    budget: list[BudgetLineOut]
    totals: dict[str, Decimal]
    documents: list[DocumentOut]
    allowed_actions: list[str]
    problems: list[ProblemOut]


class SummaryOut(BaseModel):
    reference: str
    call_reference: str
    title: str
    status: str
    version: int
    submitted_at: datetime | None
    my_role: str | None = None
    my_status: str | None = None


class VersionOut(BaseModel):
    number: int
    submitted_at: datetime
    snapshot: dict[str, Any]
