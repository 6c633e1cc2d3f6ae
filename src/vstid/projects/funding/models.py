"""Funding lines and their fiscal periods."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import Date, ForeignKey, Integer, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from vstid.core.models import Base, IdMixin, TimestampMixin

__all__ = [
    "FiscalConvention",
    "FundingKind",
    "FundingLine",
    "FundingPeriod",
    "convention_for",
    "fiscal_label",
    "fiscal_year_bounds",
    "fiscal_year_of",
]


class FundingKind(StrEnum):
    cash = "cash"
    in_kind = "in_kind"


class FiscalConvention(StrEnum):
    japan_april = "japan_april"  # FY2026 = 1 April 2026 – 31 March 2027
    calendar = "calendar"  # FY2026 = 1 January – 31 December 2026 (Vietnam, Korea)


# Funders' countries whose fiscal year is not the calendar year.
_BY_COUNTRY = {"JP": FiscalConvention.japan_april}


def convention_for(country: str | None) -> FiscalConvention:
    """A funder's fiscal year by its country: April–March in Japan, the calendar year in
    Vietnam, Korea and elsewhere."""
    return _BY_COUNTRY.get((country or "").upper(), FiscalConvention.calendar)


def fiscal_year_bounds(convention: str, year: int) -> tuple[date, date]:
    """First and last day of fiscal year `year` (named by the calendar year it begins in)."""
    if convention == FiscalConvention.japan_april.value:
        return date(year, 4, 1), date(year + 1, 3, 31)
    return date(year, 1, 1), date(year, 12, 31)


def fiscal_year_of(convention: str, day: date) -> int:
    """The fiscal year a day falls in: 31 March 2027 is FY2026 in Japan, FY2027 elsewhere."""
    if convention == FiscalConvention.japan_april.value and day.month < 4:
        return day.year - 1
    return day.year


def fiscal_label(year: int) -> str:
    return f"FY{year}"


class FundingLine(IdMixin, TimestampMixin, Base):
    """What one funder puts into the project: a partner of the project, an organization on
    the platform, or a funder named only."""

    __tablename__ = "project_funding_lines"

    project_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    partner_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("project_partners.id"))
    organization_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("organizations.id"))
    funder_name: Mapped[str] = mapped_column(String(300))
    funder_country: Mapped[str | None] = mapped_column(String(2))
    reference: Mapped[str] = mapped_column(String(200), default="")  # programme / grant
    amount: Mapped[Decimal] = mapped_column(Numeric(18, 2))
    currency: Mapped[str] = mapped_column(String(3))
    kind: Mapped[str] = mapped_column(String(10), default=FundingKind.cash.value)
    fiscal_convention: Mapped[str] = mapped_column(
        String(20), default=FiscalConvention.calendar.value
    )
    position: Mapped[int] = mapped_column(Integer, default=0)

    periods: Mapped[list[FundingPeriod]] = relationship(
        cascade="all, delete-orphan", order_by="FundingPeriod.fiscal_year"
    )


class FundingPeriod(IdMixin, Base):
    """One fiscal year of a line: committed, disbursed and spent, in the line's currency."""

    __tablename__ = "project_funding_periods"
    __table_args__ = (UniqueConstraint("line_id", "fiscal_year"),)

    line_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("project_funding_lines.id", ondelete="CASCADE"), index=True
    )
    fiscal_year: Mapped[int] = mapped_column(Integer)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    committed: Mapped[Decimal] = mapped_column(Numeric(18, 2), default=Decimal(0))
    disbursed: Mapped[Decimal] = mapped_column(Numeric(18, 2), default=Decimal(0))
    spent: Mapped[Decimal] = mapped_column(Numeric(18, 2), default=Decimal(0))

    @property
    def label(self) -> str:
        return fiscal_label(self.fiscal_year)
