"""A rate as the API and the pages take it, and as they show it."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from vstid.core.i18n import N_
from vstid.rates.models import Currency, QuoteCurrency

if TYPE_CHECKING:  # the service imports this module: its types only, never at run time
    from vstid.rates.service import Conversion, Converted

__all__ = [
    "ConversionOut",
    "ConvertedOut",
    "ImportOut",
    "RateInput",
    "RateOut",
    "RateUsedOut",
    "conversion_out",
]


class RateInput(BaseModel):
    currency: Currency
    quote: QuoteCurrency
    rate: Decimal = Field(gt=0, max_digits=24, decimal_places=10)
    valid_from: date
    valid_to: date
    source: str = Field(min_length=2, max_length=200)

    @field_validator("quote")
    @classmethod
    def _not_itself(cls, quote: QuoteCurrency, info: ValidationInfo) -> QuoteCurrency:
        if info.data.get("currency") == quote.value:
            raise ValueError(N_("a currency is not quoted in itself"))
        return quote

    @field_validator("valid_to")
    @classmethod
    def _ends_after_start(cls, end: date, info: ValidationInfo) -> date:
        start = info.data.get("valid_from")
        if start and end < start:
            raise ValueError(N_("a rate cannot stop being valid before it starts"))
        return end

    @field_validator("source")
    @classmethod
    def _stripped(cls, source: str) -> str:
        return " ".join(source.split())


class _Row(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class RateOut(_Row):
    id: uuid.UUID
    currency: str
    quote: str
    rate: Decimal
    valid_from: date
    valid_to: date
    source: str
    created_at: datetime


class RateUsedOut(BaseModel):
    """One rate a conversion went through; `inverse` when it was divided by (a VND→JPY
    conversion through the recorded JPY→VND rate)."""

    rate: RateOut
    inverse: bool


class ConvertedOut(BaseModel):
    amount: Decimal
    currency: str
    rates: list[RateUsedOut]


class ConversionOut(BaseModel):
    amount: Decimal
    currency: str
    on: date
    vnd: ConvertedOut
    usd: ConvertedOut


class ImportOut(BaseModel):
    created: int
    unchanged: int


def conversion_out(conversion: Conversion) -> ConversionOut:
    """A conversion (rates.service.Conversion) with the rates each side went through."""

    def side(converted: Converted) -> ConvertedOut:
        return ConvertedOut(
            amount=converted.amount, currency=converted.currency,
            rates=[RateUsedOut(rate=RateOut.model_validate(s.rate), inverse=s.inverse)
                   for s in converted.steps],
        )  # fmt: skip

    return ConversionOut(
        amount=conversion.amount, currency=conversion.currency, on=conversion.on,
        vnd=side(conversion.vnd), usd=side(conversion.usd),
    )  # fmt: skip
