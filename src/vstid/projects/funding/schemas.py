"""Funding lines as the API and the pages take them, and as they show them."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from vstid.core.i18n import N_
from vstid.projects.funding.models import FiscalConvention, FundingKind
from vstid.rates.models import Currency
from vstid.rates.schemas import ConversionOut, RateOut

__all__ = [
    "ConsolidatedOut",
    "FundingLineInput",
    "FundingLineOut",
    "FundingPeriodInput",
    "FundingPeriodOut",
    "LineTotalOut",
]

Amount = Decimal


class FundingPeriodInput(BaseModel):
    fiscal_year: int = Field(ge=1990, le=2200)
    committed: Amount = Field(default=Decimal(0), ge=0, max_digits=18, decimal_places=2)
    disbursed: Amount = Field(default=Decimal(0), ge=0, max_digits=18, decimal_places=2)
    spent: Amount = Field(default=Decimal(0), ge=0, max_digits=18, decimal_places=2)


class FundingLineInput(BaseModel):
    """A funder is a partner of the project, an organization, or a name (at least one)."""

    partner_id: uuid.UUID | None = None
    organization_id: uuid.UUID | None = None
    funder_name: str | None = Field(default=None, max_length=300)
    funder_country: str | None = Field(default=None, pattern="^[A-Z]{2}$")
    reference: str = Field(default="", max_length=200)
    amount: Amount = Field(ge=0, max_digits=18, decimal_places=2)
    currency: Currency
    kind: FundingKind = FundingKind.cash
    # Left empty, it follows the funder's country (JP: April–March; others: calendar year).
    fiscal_convention: FiscalConvention | None = None
    periods: list[FundingPeriodInput] = Field(default_factory=list, max_length=20)
    # Why, when the change amends a project past its draft (a budget amendment).
    reason: str = Field(default="", max_length=2000)

    @field_validator("funder_name")
    @classmethod
    def _name(cls, name: str | None) -> str | None:
        return " ".join(name.split()) or None if name is not None else None

    @field_validator("periods")
    @classmethod
    def _one_row_per_year(cls, periods: list[FundingPeriodInput]) -> list[FundingPeriodInput]:
        years = [p.fiscal_year for p in periods]
        if len(set(years)) != len(years):
            raise ValueError(N_("each fiscal year appears once"))
        return periods


class _Row(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class FundingPeriodOut(_Row):
    fiscal_year: int
    label: str
    start_date: date
    end_date: date
    committed: Decimal
    disbursed: Decimal
    spent: Decimal


class FundingLineOut(_Row):
    id: uuid.UUID
    partner_id: uuid.UUID | None
    organization_id: uuid.UUID | None
    funder_name: str
    funder_country: str | None
    reference: str
    amount: Decimal
    currency: str
    kind: str
    fiscal_convention: str
    periods: list[FundingPeriodOut]


class PeriodTotalOut(BaseModel):
    fiscal_year: int
    label: str
    on: date
    committed: ConversionOut
    disbursed: ConversionOut
    spent: ConversionOut


class LineTotalOut(BaseModel):
    line_id: uuid.UUID
    funder_name: str
    amount: ConversionOut
    periods: list[PeriodTotalOut]
    rates: list[RateOut]


class ConsolidatedOut(BaseModel):
    """The project's funding in VND and USD; every line says which rates it used."""

    on: date
    lines: list[LineTotalOut]
    totals: dict[str, dict[str, Decimal]]
