"""Review of a call's applications: reviewers (experts) assigned under a capacity, their
scored reviews against the call's rubric, declared conflicts, each agency's position and the
joint decision both agencies reach."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import JSON, DateTime, ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from vstid.core.models import Base, IdMixin, utcnow

__all__ = [
    "AgencyPosition",
    "Conflict",
    "JointDecision",
    "Position",
    "Recommendation",
    "ReviewAssignment",
    "ReviewStatus",
]


class ReviewStatus(StrEnum):
    assigned = "assigned"
    declined = "declined"  # the reviewer declined (a late-found conflict, no time)
    submitted = "submitted"


class Recommendation(StrEnum):
    fund = "fund"
    fund_with_changes = "fund_with_changes"
    do_not_fund = "do_not_fund"


class ReviewAssignment(IdMixin, Base):
    """One reviewer on one application, and their review once written. The reviewer sits on
    the panel of one agency (`agency_id`), whose side of the application they score."""

    __tablename__ = "program_reviews"
    __table_args__ = (
        UniqueConstraint("application_id", "expert_id", name="uq_program_reviews_pair"),
    )

    application_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("program_applications.id", ondelete="CASCADE"), index=True
    )
    expert_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("expert_profiles.id"), index=True)
    agency_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("program_agencies.id"))
    status: Mapped[str] = mapped_column(String(20), default=ReviewStatus.assigned.value)
    assigned_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    assigned_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # The matching score that suggested the reviewer (None when assigned by hand).
    match_score: Mapped[float | None] = mapped_column(Numeric(8, 4))
    # A coordinator forced a pair with a conflict: the reason is kept and audited.
    override_reason: Mapped[str | None] = mapped_column(Text)
    scores: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)  # rubric key → 1..5
    weighted_score: Mapped[Decimal | None] = mapped_column(Numeric(6, 2))  # 0..100
    recommendation: Mapped[str | None] = mapped_column(String(30))
    comment: Mapped[str] = mapped_column(Text, default="")
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    declined_reason: Mapped[str | None] = mapped_column(Text)


class Conflict(IdMixin, Base):
    """A conflict of interest declared by a reviewer (or recorded by a coordinator) on an
    application. Conflicts the platform finds itself (same organization, co-authorship in
    imported publications, the applicants themselves) are computed, not stored."""

    __tablename__ = "program_review_conflicts"
    __table_args__ = (
        UniqueConstraint("application_id", "expert_id", name="uq_program_review_conflicts"),
    )

    application_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("program_applications.id", ondelete="CASCADE"), index=True
    )
    expert_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("expert_profiles.id"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    declared_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    declared_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Position(StrEnum):
    fund = "fund"
    reserve = "reserve"
    do_not_fund = "do_not_fund"


class AgencyPosition(IdMixin, Base):
    """One agency's position on an application, from its panel's scores."""

    __tablename__ = "program_agency_positions"
    __table_args__ = (
        UniqueConstraint("application_id", "agency_id", name="uq_program_agency_positions"),
    )

    application_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("program_applications.id", ondelete="CASCADE"), index=True
    )
    agency_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("program_agencies.id"))
    position: Mapped[str] = mapped_column(String(20))
    # The amount this agency grants if funded, in its currency.
    amount: Mapped[Decimal | None] = mapped_column(Numeric(18, 2))
    currency: Mapped[str | None] = mapped_column(String(3))
    note: Mapped[str] = mapped_column(Text, default="")
    decided_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class JointDecision(IdMixin, Base):
    """The final decision on an application of a joint call, once every owner agency has a
    position: award only when all say fund."""

    __tablename__ = "program_joint_decisions"

    application_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("program_applications.id", ondelete="CASCADE"), unique=True
    )
    decision: Mapped[str] = mapped_column(String(20))  # "award" | "reject"
    reason: Mapped[str] = mapped_column(Text, default="")
    decided_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # The decision letter, rendered in the lead applicant's language at decision time.
    letter_language: Mapped[str] = mapped_column(String(5), default="vi")
    letter: Mapped[str] = mapped_column(Text, default="")
