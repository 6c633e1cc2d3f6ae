"""Program input (created and edited by the staff: slug, hubs, translatable title and
summary, fields, period, agencies, budget lines) and output (the whole program, a summary
for lists, the budget with its totals per currency and converted)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from vstid.core.i18n import N_
from vstid.programs.models import AgencyRole
from vstid.rates.models import Currency

__all__ = [
    "MAX_PERIOD_YEARS",
    "AgencyInput",
    "AgencyOut",
    "BudgetLineInput",
    "BudgetLineOut",
    "BudgetOut",
    "ConvertedOut",
    "Language",
    "ProgramCreate",
    "ProgramOut",
    "ProgramPatch",
    "ProgramSummaryOut",
    "ProgramTranslation",
]

Language = Literal["vi", "en", "ja", "ko"]
SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"
# A program runs for whole years, long ones for 5 to 10 years: more than ten is a typing slip.
MAX_PERIOD_YEARS = 10


class ProgramTranslation(BaseModel):
    title: str | None = Field(default=None, max_length=300)
    summary: str | None = Field(default=None, max_length=8000)


def _period(start: int | None, end: int | None) -> None:
    if start is not None and end is not None:
        if end < start:
            raise ValueError(N_("the program cannot end before it starts"))
        if end - start + 1 > MAX_PERIOD_YEARS:
            raise ValueError(N_("a program runs for at most 10 years"))


class AgencyInput(BaseModel):
    """An organization of kind agency or fund taking part; its country is the
    organization's."""

    organization_id: uuid.UUID
    role: AgencyRole = AgencyRole.owner


class ProgramCreate(BaseModel):
    slug: str = Field(min_length=3, max_length=120, pattern=SLUG)
    hub_id: uuid.UUID | None = None  # an admin chooses; a coordinator's is their own hub
    other_hub_ids: list[uuid.UUID] = Field(default_factory=list, max_length=10)
    title: str = Field(min_length=3, max_length=300)
    summary: str = Field(default="", max_length=8000)
    language: Language = "vi"
    translations: dict[Language, ProgramTranslation] = Field(default_factory=dict)
    fields: list[str] = Field(default_factory=list, max_length=20)
    start_year: int = Field(ge=2000, le=2100)
    end_year: int = Field(ge=2000, le=2100)
    agencies: list[AgencyInput] = Field(default_factory=list, max_length=10)

    @field_validator("end_year")
    @classmethod
    def _ends_after_start(cls, end: int, info: ValidationInfo) -> int:
        _period(info.data.get("start_year"), end)
        return end


class ProgramPatch(BaseModel):
    other_hub_ids: list[uuid.UUID] | None = Field(default=None, max_length=10)
    title: str | None = Field(default=None, min_length=3, max_length=300)
    summary: str | None = Field(default=None, max_length=8000)
    language: Language | None = None
    translations: dict[Language, ProgramTranslation] | None = None
    fields: list[str] | None = Field(default=None, max_length=20)
    start_year: int | None = Field(default=None, ge=2000, le=2100)
    end_year: int | None = Field(default=None, ge=2000, le=2100)

    @field_validator("end_year")
    @classmethod
    def _ends_after_start(cls, end: int | None, info: ValidationInfo) -> int | None:
        _period(info.data.get("start_year"), end)
        return end


class BudgetLineInput(BaseModel):
    agency_id: uuid.UUID
    amount: Decimal = Field(gt=0, max_digits=18, decimal_places=2)
    currency: Currency
    year: int | None = Field(default=None, ge=2000, le=2100)
    note: str = Field(default="", max_length=300)


class _Row(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class AgencyOut(_Row):
    id: uuid.UUID
    organization_id: uuid.UUID
    name: str = ""
    country: str
    role: str
    position: int


class BudgetLineOut(_Row):
    id: uuid.UUID
    agency_id: uuid.UUID
    amount: Decimal
    currency: str
    year: int | None
    note: str


class ConvertedOut(BaseModel):
    """A total converted at the rates valid on `on`, with every rate it used."""

    currency: str
    amount: Decimal
    on: date
    rates: list[str]  # "1 JPY = 168.5 VND (2026-12-01, SBV)"


class BudgetOut(BaseModel):
    lines: list[BudgetLineOut]
    totals: dict[str, Decimal]  # per currency, as committed
    converted: list[ConvertedOut]  # VND and USD; empty when a rate is missing
    missing_rate: str | None = None


class ProgramSummaryOut(_Row):
    id: uuid.UUID
    slug: str
    title: str
    summary: str
    language: str
    translations: dict[str, dict[str, str]]
    fields: list[str]
    start_year: int
    end_year: int
    status: str


class ProgramOut(ProgramSummaryOut):
    hub_id: uuid.UUID
    other_hub_ids: list[uuid.UUID] = Field(default_factory=list)
    status_changed_at: datetime | None
    agencies: list[AgencyOut] = Field(default_factory=list)
    allowed_actions: list[str] = Field(default_factory=list)
    can_edit: bool = False
