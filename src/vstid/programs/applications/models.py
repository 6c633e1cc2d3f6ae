"""Applications to a call: a lead applicant and co-applicants (one of them in the partner
country) who confirm; a shared part and one section per country for a mirror submission
(each agency reads its own side and the shared part); a budget per agency and currency; a
frozen, versioned copy at every submission."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

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

from vstid.core.models import Base, IdMixin, TimestampMixin, utcnow

__all__ = [
    "Application",
    "ApplicationBudgetLine",
    "ApplicationDocument",
    "ApplicationMember",
    "ApplicationSection",
    "ApplicationStatus",
    "ApplicationVersion",
    "MemberRole",
    "MemberStatus",
]


class ApplicationStatus(StrEnum):
    draft = "draft"
    submitted = "submitted"
    eligibility_check = "eligibility_check"
    in_review = "in_review"
    shortlisted = "shortlisted"
    awarded = "awarded"
    rejected = "rejected"
    ineligible = "ineligible"
    withdrawn = "withdrawn"


class MemberRole(StrEnum):
    lead = "lead"  # the lead applicant (one per application; on the Vietnamese side or not)
    co_lead = "co_lead"  # the lead in the partner country (a joint call needs one)
    co_applicant = "co_applicant"


class MemberStatus(StrEnum):
    invited = "invited"
    confirmed = "confirmed"
    declined = "declined"


class Application(IdMixin, TimestampMixin, Base):
    __tablename__ = "program_applications"

    call_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("program_calls.id", ondelete="CASCADE"), index=True
    )
    reference: Mapped[str] = mapped_column(String(80), unique=True)  # "NEXUS-SEMI-2027-004"
    lead_user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"), index=True)
    lead_organization_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("organizations.id"))
    # The shared part: title and summary written in `language`, translations per field.
    title: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(5), default="vi")
    translations: Mapped[dict[str, dict[str, str]]] = mapped_column(JSON, default=dict)
    fields: Mapped[list[str]] = mapped_column(JSON, default=list)
    career_stage: Mapped[str | None] = mapped_column(String(20))  # of the lead applicant
    start_date: Mapped[date | None] = mapped_column(Date)
    duration_months: Mapped[int | None] = mapped_column(Integer)
    # Answers to the call's extra questions: {"q1": "…"}.
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(
        String(20), default=ApplicationStatus.draft.value, index=True
    )
    status_changed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    status_reason: Mapped[str | None] = mapped_column(Text)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer, default=0)  # number of the last frozen copy
    # Set when the award opened the joint project.
    project_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("projects.id"), unique=True)

    members: Mapped[list[ApplicationMember]] = relationship(
        cascade="all, delete-orphan", order_by="ApplicationMember.position"
    )
    sections: Mapped[list[ApplicationSection]] = relationship(cascade="all, delete-orphan")
    budget_lines: Mapped[list[ApplicationBudgetLine]] = relationship(
        cascade="all, delete-orphan", order_by="ApplicationBudgetLine.position"
    )
    documents: Mapped[list[ApplicationDocument]] = relationship(cascade="all, delete-orphan")


class ApplicationMember(IdMixin, Base):
    """The lead applicant or a co-applicant. An invited co-applicant confirms (or declines)
    from their own account; until every co-applicant has confirmed the application cannot be
    submitted."""

    __tablename__ = "program_application_members"

    application_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("program_applications.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), index=True)
    expert_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("expert_profiles.id"))
    organization_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("organizations.id"))
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    country: Mapped[str] = mapped_column(String(2))
    institution: Mapped[str] = mapped_column(String(300), default="")
    role: Mapped[str] = mapped_column(String(20), default=MemberRole.co_applicant.value)
    status: Mapped[str] = mapped_column(String(20), default=MemberStatus.invited.value)
    invited_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    answered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    position: Mapped[int] = mapped_column(Integer, default=0)


class ApplicationSection(IdMixin, Base):
    """One country's side of a mirror submission: what that country's agency reads besides
    the shared part (its team, its work, its budget justification)."""

    __tablename__ = "program_application_sections"
    __table_args__ = (
        UniqueConstraint("application_id", "country", name="uq_program_application_sections"),
    )

    application_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("program_applications.id", ondelete="CASCADE"), index=True
    )
    country: Mapped[str] = mapped_column(String(2))
    agency_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("program_agencies.id"))
    body: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(5), default="en")


class ApplicationBudgetLine(IdMixin, Base):
    """What the application asks of one agency, in that agency's currency."""

    __tablename__ = "program_application_budget"

    application_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("program_applications.id", ondelete="CASCADE"), index=True
    )
    agency_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("program_agencies.id"))
    category: Mapped[str] = mapped_column(String(40), default="other")  # staff, equipment…
    description: Mapped[str] = mapped_column(String(300), default="")
    amount: Mapped[Decimal] = mapped_column(Numeric(18, 2))
    currency: Mapped[str] = mapped_column(String(3))
    position: Mapped[int] = mapped_column(Integer, default=0)


class ApplicationDocument(IdMixin, Base):
    """An uploaded document, one per required kind of the call (the latest upload wins)."""

    __tablename__ = "program_application_documents"
    __table_args__ = (
        UniqueConstraint("application_id", "kind", name="uq_program_application_documents"),
    )

    application_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("program_applications.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(60))  # a key of Call.documents
    file_name: Mapped[str] = mapped_column(String(255))
    file_type: Mapped[str] = mapped_column(String(100))
    file_size: Mapped[int] = mapped_column(Integer)
    file_key: Mapped[str] = mapped_column(String(300))
    uploaded_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ApplicationVersion(IdMixin, Base):
    """The frozen copy made at a submission: everything the reviewers and agencies read."""

    __tablename__ = "program_application_versions"
    __table_args__ = (
        UniqueConstraint("application_id", "number", name="uq_program_application_versions"),
    )

    application_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("program_applications.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)
    submitted_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    submitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
