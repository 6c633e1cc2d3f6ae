"""Calls under a program: a joint research call decided by two agencies, a mobility or
fellowship call, a seminar grant. Times are stored in UTC and shown in the reader's zone and
the call's own zone (`timezone`, an IANA name: Asia/Ho_Chi_Minh, Asia/Tokyo, Asia/Seoul)."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from vstid.core.models import Base, IdMixin, TimestampMixin

__all__ = ["ApplicantType", "Call", "CallAgencyCeiling", "CallKind", "CallStatus", "CareerStage"]


class CallKind(StrEnum):
    joint_research = "joint_research"
    mobility = "mobility"  # fellowships, PhD mobility: awards become mobility records
    seminar_grant = "seminar_grant"


class CallStatus(StrEnum):
    draft = "draft"
    forecast = "forecast"  # announced, not yet open
    open = "open"
    closed = "closed"  # past the deadline (and grace): no more submissions
    in_review = "in_review"
    decided = "decided"
    archived = "archived"


class ApplicantType(StrEnum):
    university = "university"
    institute = "institute"
    enterprise = "enterprise"
    startup = "startup"
    hospital = "hospital"
    agency = "agency"
    individual = "individual"


class CareerStage(StrEnum):
    phd_candidate = "phd_candidate"
    early_career = "early_career"  # PhD within 7 years
    established = "established"
    senior = "senior"


class Call(IdMixin, TimestampMixin, Base):
    __tablename__ = "program_calls"

    program_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("programs.id", ondelete="CASCADE"), index=True
    )
    reference: Mapped[str] = mapped_column(String(60), unique=True)  # "NEXUS-SEMI-2027"
    kind: Mapped[str] = mapped_column(String(20), default=CallKind.joint_research.value)
    title: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(5), default="vi")
    translations: Mapped[dict[str, dict[str, str]]] = mapped_column(JSON, default=dict)
    fields: Mapped[list[str]] = mapped_column(JSON, default=list)
    opens_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    closes_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    timezone: Mapped[str] = mapped_column(String(40), default="Asia/Ho_Chi_Minh")
    # Minutes after closes_at during which a submission is still accepted (an upload that
    # started before the deadline); refused after, with the deadline in both zones.
    grace_minutes: Mapped[int] = mapped_column(Integer, default=0)
    # {"applicant_types": [...ApplicantType], "countries": ["VN", "JP"], "fields": [...],
    #  "career_stages": [...CareerStage]}: an empty list admits any.
    eligibility: Mapped[dict[str, list[str]]] = mapped_column(JSON, default=dict)
    # The configurable extra questions, after the fixed core fields:
    # [{"key": "q1", "label": {"vi": "…", "en": "…"}, "kind": "text"|"number"|"choice",
    #   "required": true, "choices": ["…"], "max_length": 2000}]
    questions: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # [{"key": "cv", "label": {"vi": "…", "en": "…"}, "required": true}]
    documents: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)  # accepted for applications
    ceiling_amount: Mapped[Decimal | None] = mapped_column(Numeric(18, 2))  # per project
    ceiling_currency: Mapped[str | None] = mapped_column(String(3))
    max_duration_months: Mapped[int | None] = mapped_column(Integer)
    # Review: how many reviews each application gets, and the weighted rubric:
    # [{"key": "excellence", "label": {"vi": "…", "en": "…"}, "weight": 40}]
    reviews_per_application: Mapped[int] = mapped_column(Integer, default=2)
    rubric: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # The reporting rule an awarded project inherits: months between periodic reports.
    report_every_months: Mapped[int] = mapped_column(Integer, default=12)
    status: Mapped[str] = mapped_column(String(20), default=CallStatus.draft.value, index=True)
    status_changed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))

    ceilings: Mapped[list[CallAgencyCeiling]] = relationship(cascade="all, delete-orphan")


class CallAgencyCeiling(IdMixin, Base):
    """The most one agency grants a single application, in its currency."""

    __tablename__ = "program_call_ceilings"
    __table_args__ = (UniqueConstraint("call_id", "agency_id", name="uq_program_call_ceilings"),)

    call_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("program_calls.id", ondelete="CASCADE"), index=True
    )
    agency_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("program_agencies.id", ondelete="CASCADE")
    )
    amount: Mapped[Decimal] = mapped_column(Numeric(18, 2))
    currency: Mapped[str] = mapped_column(String(3))
    note: Mapped[str] = mapped_column(Text, default="")
