"""Indicator input (code, translatable name and definition, unit, baseline, targets per year
and overall, breakdowns, source) and reported values; output with progress and the records
behind a computed number."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from vstid.core.i18n import N_
from vstid.programs.models import IndicatorSource
from vstid.programs.schemas import Language

__all__ = [
    "Breakdown",
    "IndicatorCreate",
    "IndicatorOut",
    "IndicatorPatch",
    "IndicatorTranslation",
    "PeriodInput",
    "ProgressOut",
    "RecordOut",
    "ReportInput",
    "ReportOut",
    "ReturnInput",
    "TargetInput",
    "YearOut",
]

Breakdown = Literal["country", "sex", "institution", "field"]
Amount = Decimal


class IndicatorTranslation(BaseModel):
    name: str | None = Field(default=None, max_length=300)
    definition: str | None = Field(default=None, max_length=4000)


class TargetInput(BaseModel):
    year: int = Field(ge=2000, le=2100)
    value: Amount = Field(ge=0, max_digits=18, decimal_places=2)


def _unique_years(targets: list[TargetInput] | None) -> list[TargetInput] | None:
    if targets is not None and len({t.year for t in targets}) != len(targets):
        raise ValueError(N_("each year has one target"))
    return targets


def _unique(values: list[str] | None) -> list[str] | None:
    return list(dict.fromkeys(values)) if values is not None else None


class _Checked(BaseModel):
    @field_validator("targets", check_fields=False)
    @classmethod
    def _years(cls, targets: list[TargetInput] | None) -> list[TargetInput] | None:
        return _unique_years(targets)

    @field_validator("breakdowns", check_fields=False)
    @classmethod
    def _breakdowns(cls, values: list[str] | None) -> list[str] | None:
        return _unique(values)


class IndicatorCreate(_Checked):
    code: str = Field(min_length=2, max_length=60, pattern=r"^[a-z0-9_]+$")
    name: str = Field(min_length=2, max_length=300)
    definition: str = Field(min_length=3, max_length=4000)
    language: Language = "vi"
    translations: dict[Language, IndicatorTranslation] = Field(default_factory=dict)
    unit: str = Field(default="people", min_length=1, max_length=40)
    baseline: Amount = Field(default=Decimal(0), ge=0, max_digits=18, decimal_places=2)
    target: Amount = Field(gt=0, max_digits=18, decimal_places=2)
    targets: list[TargetInput] = Field(default_factory=list, max_length=20)
    breakdowns: list[Breakdown] = Field(default_factory=list)
    source: IndicatorSource = IndicatorSource.computed
    query: str | None = Field(default=None, max_length=60)


class IndicatorPatch(_Checked):
    name: str | None = Field(default=None, min_length=2, max_length=300)
    definition: str | None = Field(default=None, min_length=3, max_length=4000)
    language: Language | None = None
    translations: dict[Language, IndicatorTranslation] | None = None
    unit: str | None = Field(default=None, min_length=1, max_length=40)
    baseline: Amount | None = Field(default=None, ge=0, max_digits=18, decimal_places=2)
    target: Amount | None = Field(default=None, gt=0, max_digits=18, decimal_places=2)
    targets: list[TargetInput] | None = Field(default=None, max_length=20)
    breakdowns: list[Breakdown] | None = None
    query: str | None = Field(default=None, max_length=60)


class PeriodInput(BaseModel):
    """A period a reported indicator is due for (opened by the staff)."""

    period_start: date
    period_end: date

    @field_validator("period_end")
    @classmethod
    def _ends_after_start(cls, end: date, info: ValidationInfo) -> date:
        start = info.data.get("period_start")
        if start and end < start:
            raise ValueError(N_("the period cannot end before it starts"))
        return end


class ReportInput(BaseModel):
    """The value achieved in the period and its evidence: a link here, or a file uploaded
    to the report beforehand."""

    value: Amount | None = Field(default=None, ge=0, max_digits=18, decimal_places=2)
    evidence_url: str | None = Field(default=None, max_length=1000, pattern=r"^https?://\S+$")
    note: str = Field(default="", max_length=4000)
    breakdown: dict[Breakdown, dict[str, Amount]] = Field(default_factory=dict)


class ReturnInput(BaseModel):
    reason: str = Field(default="", max_length=4000)


class _Row(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class TargetOut(_Row):
    year: int
    value: Decimal


class IndicatorOut(_Row):
    id: uuid.UUID
    program_id: uuid.UUID
    code: str
    name: str
    definition: str
    language: str
    translations: dict[str, dict[str, str]]
    unit: str
    baseline: Decimal
    target: Decimal
    targets: list[TargetOut]
    breakdowns: list[str]
    source: str
    query: str | None
    position: int


class ReportOut(_Row):
    id: uuid.UUID
    indicator_id: uuid.UUID
    period_start: date
    period_end: date
    status: str
    value: Decimal | None
    breakdown: dict[str, dict[str, str]]
    note: str
    evidence_url: str | None
    file_name: str | None
    reported_by_id: uuid.UUID | None
    reported_at: datetime | None
    verified_by_id: uuid.UUID | None
    verified_at: datetime | None
    returned_reason: str | None
    allowed_actions: list[str] = Field(default_factory=list)


class YearOut(BaseModel):
    year: int
    value: Decimal | None  # cumulative, baseline included; None for a year not yet begun
    target: Decimal | None


class ProgressOut(BaseModel):
    indicator: IndicatorOut
    as_of: date
    value: Decimal  # cumulative, baseline included
    target: Decimal
    percent: Decimal
    years: list[YearOut]
    breakdown: dict[str, dict[str, Decimal]]
    pending: int  # reported values waiting for verification


class RecordOut(BaseModel):
    kind: str
    on: date
    name: str | None  # hidden (None) from readers outside the program's staff and agencies
    project_id: uuid.UUID | None
    country: str
    sex: str
    institution: str
    field: str
