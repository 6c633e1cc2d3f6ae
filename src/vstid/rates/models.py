"""An exchange rate as it was recorded: what one unit of a currency was worth in a quote
currency (VND or USD) over a period, and where the figure came from."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import Date, DateTime, ForeignKey, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from vstid.core.models import Base, IdMixin, utcnow

__all__ = ["MINOR_UNITS", "Currency", "ExchangeRate", "QuoteCurrency"]


class Currency(StrEnum):
    """The currencies projects, programs and offers are funded in (orders keep their own
    four: an order is never priced in EUR)."""

    VND = "VND"
    JPY = "JPY"
    KRW = "KRW"
    USD = "USD"
    EUR = "EUR"


class QuoteCurrency(StrEnum):
    """What rates are quoted in: the two currencies totals are consolidated in."""

    VND = "VND"
    USD = "USD"


# Digits after the decimal point a converted amount is rounded to (ISO 4217 minor units).
MINOR_UNITS = {"VND": 0, "JPY": 0, "KRW": 0, "USD": 2, "EUR": 2}


class ExchangeRate(IdMixin, Base):
    """1 `currency` = `rate` `quote`, valid from `valid_from` to `valid_to` (both included).
    The same currency, quote, period and source is recorded once."""

    __tablename__ = "exchange_rates"
    __table_args__ = (UniqueConstraint("currency", "quote", "valid_from", "valid_to", "source"),)

    currency: Mapped[str] = mapped_column(String(3), index=True)
    quote: Mapped[str] = mapped_column(String(3))
    rate: Mapped[Decimal] = mapped_column(Numeric(24, 10))
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(200))
    entered_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
