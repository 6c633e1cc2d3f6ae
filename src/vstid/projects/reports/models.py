"""Report rules (the calendar's recipe) and the periodic reports they generate."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from vstid.core.models import Base, IdMixin, TimestampMixin

__all__ = [
    "DEFAULT_DUE_DAYS",
    "Anchor",
    "Frequency",
    "ProjectReport",
    "ReportRule",
    "ReportStatus",
]

DEFAULT_DUE_DAYS = 30


class Frequency(StrEnum):
    yearly = "yearly"
    half_yearly = "half_yearly"
    quarterly = "quarterly"


class Anchor(StrEnum):
    """Where the periods start: on the project's start date, or on the boundaries of a
    fiscal year (calendar year as in Vietnam and Korea; April–March as in Japan)."""

    project_start = "project_start"
    calendar_year = "calendar_year"
    april_march = "april_march"


class ReportStatus(StrEnum):
    open = "open"
    submitted = "submitted"
    accepted = "accepted"
    returned = "returned"


class ReportRule(IdMixin, TimestampMixin, Base):
    """How often a project reports, to whom (a funder partner, a funder's name, or everyone
    when neither is set) and how long after a period ends the report is due."""

    __tablename__ = "project_report_rules"

    project_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    frequency: Mapped[str] = mapped_column(String(20))
    anchor: Mapped[str] = mapped_column(String(20), default=Anchor.project_start.value)
    funder_partner_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("project_partners.id", ondelete="SET NULL")
    )
    funder_name: Mapped[str | None] = mapped_column(String(300))
    due_days: Mapped[int] = mapped_column(Integer, default=DEFAULT_DUE_DAYS)
    updated_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))


class ProjectReport(IdMixin, TimestampMixin, Base):
    """One report for one period. Its narratives ({"vi": "…", "ja": "…"}) are written while
    it is open or returned; submitting freezes the compiled sections in `snapshot`, so what
    was accepted never changes when the project's data does later."""

    __tablename__ = "project_reports"

    project_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    rule_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("project_report_rules.id", ondelete="SET NULL"), index=True
    )
    funder_name: Mapped[str | None] = mapped_column(String(300))
    number: Mapped[int] = mapped_column(Integer, default=1)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    due_date: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(20), default=ReportStatus.open.value, index=True)
    narratives: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    source_language: Mapped[str | None] = mapped_column(String(5))
    snapshot: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    submitted_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decided_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    decision_comment: Mapped[str | None] = mapped_column(Text)

    def is_overdue(self, today: date) -> bool:
        """Past its due date and still with the consortium (open or returned)."""
        waiting = self.status in (ReportStatus.open.value, ReportStatus.returned.value)
        return waiting and self.due_date < today
