"""Programs: long cooperation programmes owned by one or more agencies of two countries (a
Japan–ASEAN semiconductor programme, a PhD mobility programme, a Vietnam–Korea joint
committee), with their budget lines and indicators.

A program's calls live in `programs.calls`, applications in `programs.applications`, reviews
and joint decisions in `programs.reviews`, mobility records in `programs.mobility`; this
module holds the program, its agencies, hubs and budget, and its indicators with targets and
reported values."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from vstid.core.models import Base, IdMixin, TimestampMixin

__all__ = [
    "AgencyRole",
    "Indicator",
    "IndicatorReport",
    "IndicatorSource",
    "IndicatorTarget",
    "Program",
    "ProgramAgency",
    "ProgramBudgetLine",
    "ProgramHub",
    "ProgramStatus",
    "ReportStatus",
]


class ProgramStatus(StrEnum):
    draft = "draft"  # seen by the hub's staff only
    active = "active"  # public
    closed = "closed"  # public, read-only: its calls are archived, its indicators final


class AgencyRole(StrEnum):
    owner = "owner"  # decides the program's calls (one per country at least)
    funder = "funder"  # puts money in, no vote
    implementing = "implementing"  # runs it day to day


class Program(IdMixin, TimestampMixin, Base):
    __tablename__ = "programs"

    slug: Mapped[str] = mapped_column(String(120), unique=True)
    # The lead hub: its coordinators run the program. Other hubs join through ProgramHub.
    hub_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("hubs.id"), index=True)
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    # `title` and `summary` are written in `language`; `translations` holds the others per
    # field: {"ja": {"title": "…", "summary": "…"}}.
    title: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(5), default="vi")
    translations: Mapped[dict[str, dict[str, str]]] = mapped_column(JSON, default=dict)
    fields: Mapped[list[str]] = mapped_column(JSON, default=list)
    start_year: Mapped[int] = mapped_column(Integer)
    end_year: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), default=ProgramStatus.draft.value, index=True)
    status_changed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    agencies: Mapped[list[ProgramAgency]] = relationship(
        cascade="all, delete-orphan", order_by="ProgramAgency.position"
    )
    hubs: Mapped[list[ProgramHub]] = relationship(cascade="all, delete-orphan")
    budget_lines: Mapped[list[ProgramBudgetLine]] = relationship(
        cascade="all, delete-orphan", order_by="ProgramBudgetLine.position"
    )
    indicators: Mapped[list[Indicator]] = relationship(
        cascade="all, delete-orphan", order_by="Indicator.position"
    )


class ProgramHub(Base):
    """A further hub taking part (the lead hub is `Program.hub_id`): its coordinators help run
    the program's calls."""

    __tablename__ = "program_hubs"

    program_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("programs.id", ondelete="CASCADE"), primary_key=True
    )
    hub_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("hubs.id"), primary_key=True)


class ProgramAgency(IdMixin, Base):
    """An agency behind the program (NAFOSTED, JST, NRF Korea…): an organization of the
    platform, with its country. Members of an owner agency's organization form that agency's
    panel and record its position on every application of a joint call."""

    __tablename__ = "program_agencies"
    __table_args__ = (
        UniqueConstraint("program_id", "organization_id", name="uq_program_agencies_org"),
    )

    program_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("programs.id", ondelete="CASCADE"), index=True
    )
    organization_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organizations.id"))
    country: Mapped[str] = mapped_column(String(2))
    role: Mapped[str] = mapped_column(String(20), default=AgencyRole.owner.value)
    position: Mapped[int] = mapped_column(Integer, default=0)


class ProgramBudgetLine(IdMixin, Base):
    """What one agency commits, in its own currency (Decimal + ISO code); converted only for
    display, with the rate recorded in `vstid.rates`."""

    __tablename__ = "program_budget_lines"

    program_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("programs.id", ondelete="CASCADE"), index=True
    )
    agency_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("program_agencies.id", ondelete="CASCADE")
    )
    amount: Mapped[Decimal] = mapped_column(Numeric(18, 2))
    currency: Mapped[str] = mapped_column(String(3))
    year: Mapped[int | None] = mapped_column(Integer)  # None: over the whole period
    note: Mapped[str] = mapped_column(String(300), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)


class IndicatorSource(StrEnum):
    computed = "computed"  # a named, tested query over platform records (indicators/queries)
    reported = "reported"  # a coordinator reports a value per period, with evidence


class Indicator(IdMixin, Base):
    """A KPI of a program: "PhD researchers sent to Japan", target 60. Its definition is
    written once and shown next to every number."""

    __tablename__ = "program_indicators"
    __table_args__ = (UniqueConstraint("program_id", "code", name="uq_program_indicators_code"),)

    program_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("programs.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str] = mapped_column(String(60))
    # `name` and `definition` are written in `language`; translations per field as on Program.
    name: Mapped[str] = mapped_column(String(300))
    definition: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(5), default="vi")
    translations: Mapped[dict[str, dict[str, str]]] = mapped_column(JSON, default=dict)
    unit: Mapped[str] = mapped_column(String(40), default="people")
    baseline: Mapped[Decimal] = mapped_column(Numeric(18, 2), default=Decimal(0))
    target: Mapped[Decimal] = mapped_column(Numeric(18, 2))  # over the whole period
    # Which breakdowns the indicator is shown by: a subset of indicators.queries.BREAKDOWNS
    # ("country", "sex", "institution", "field").
    breakdowns: Mapped[list[str]] = mapped_column(JSON, default=list)
    source: Mapped[str] = mapped_column(String(20), default=IndicatorSource.computed.value)
    # For a computed indicator: the name of its query in indicators.queries.QUERIES.
    query: Mapped[str | None] = mapped_column(String(60))
    position: Mapped[int] = mapped_column(Integer, default=0)

    targets: Mapped[list[IndicatorTarget]] = relationship(
        cascade="all, delete-orphan", order_by="IndicatorTarget.year"
    )
    reports: Mapped[list[IndicatorReport]] = relationship(
        cascade="all, delete-orphan", order_by="IndicatorReport.period_start"
    )


class IndicatorTarget(IdMixin, Base):
    """The cumulative value an indicator should reach by the end of a year."""

    __tablename__ = "program_indicator_targets"
    __table_args__ = (
        UniqueConstraint("indicator_id", "year", name="uq_program_indicator_targets_year"),
    )

    indicator_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("program_indicators.id", ondelete="CASCADE"), index=True
    )
    year: Mapped[int] = mapped_column(Integer)
    value: Mapped[Decimal] = mapped_column(Numeric(18, 2))


class ReportStatus(StrEnum):
    open = "open"  # the period is due; nothing reported yet (or returned for correction)
    reported = "reported"  # a coordinator reported a value with evidence
    verified = "verified"  # another coordinator (or an agency member) checked the evidence


class IndicatorReport(IdMixin, TimestampMixin, Base):
    """A reported indicator's value for one period (the value achieved in that period)."""

    __tablename__ = "program_indicator_reports"
    __table_args__ = (
        UniqueConstraint(
            "indicator_id", "period_start", name="uq_program_indicator_reports_period"
        ),
    )

    indicator_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("program_indicators.id", ondelete="CASCADE"), index=True
    )
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default=ReportStatus.open.value)
    value: Mapped[Decimal | None] = mapped_column(Numeric(18, 2))
    # {"country": {"VN": 3, "JP": 1}, "sex": {...}}: optional, by the indicator's breakdowns
    breakdown: Mapped[dict[str, dict[str, str]]] = mapped_column(JSON, default=dict)
    note: Mapped[str] = mapped_column(Text, default="")
    evidence_url: Mapped[str | None] = mapped_column(String(1000))
    file_name: Mapped[str | None] = mapped_column(String(255))
    file_type: Mapped[str | None] = mapped_column(String(100))
    file_size: Mapped[int | None] = mapped_column(Integer)
    file_key: Mapped[str | None] = mapped_column(String(300))
    reported_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    reported_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    verified_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    verified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    returned_reason: Mapped[str | None] = mapped_column(Text)
