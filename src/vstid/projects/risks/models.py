"""Risks of a project and their state assessed in each periodic report."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from vstid.core.models import Base, IdMixin, TimestampMixin, utcnow

__all__ = ["LEVEL_WORDS", "ProjectRisk", "RiskAssessment", "RiskState"]

# Likelihood and impact on a 1–5 scale; the words low/medium/high are read as 2/3/4.
LEVEL_WORDS = {"low": 2, "medium": 3, "high": 4}


class RiskState(StrEnum):
    open = "open"
    mitigated = "mitigated"
    occurred = "occurred"
    closed = "closed"


class ProjectRisk(IdMixin, TimestampMixin, Base):
    __tablename__ = "project_risks"

    project_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    description: Mapped[str] = mapped_column(Text)
    likelihood: Mapped[int] = mapped_column(Integer)
    impact: Mapped[int] = mapped_column(Integer)
    mitigation: Mapped[str] = mapped_column(Text, default="")
    owner_partner_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("project_partners.id", ondelete="SET NULL")
    )
    raised_on: Mapped[date] = mapped_column(Date)
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))

    @property
    def score(self) -> int:
        return self.likelihood * self.impact


class RiskAssessment(IdMixin, Base):
    """A risk's state as recorded while one report was written (one row per risk and
    report; recording again in the same report replaces the state and note)."""

    __tablename__ = "project_risk_assessments"
    __table_args__ = (
        UniqueConstraint("risk_id", "report_id", name="uq_project_risk_assessments_risk_id"),
    )

    risk_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("project_risks.id", ondelete="CASCADE"), index=True
    )
    report_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("project_reports.id", ondelete="CASCADE"), index=True
    )
    state: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
