"""Mobility records: a researcher sent abroad under a program (a PhD researcher to Japan),
from planning to return and what came after. The program's "sent" and "trained" indicators
are computed from these rows."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from vstid.core.models import Base, IdMixin, TimestampMixin, utcnow

__all__ = ["EvidenceKind", "MobilityEvidence", "MobilityRecord", "MobilityStatus"]


class MobilityStatus(StrEnum):
    planned = "planned"
    departed = "departed"
    returned = "returned"
    extended = "extended"  # still abroad past the planned return, with a new date
    discontinued = "discontinued"


class EvidenceKind(StrEnum):
    departure = "departure"  # boarding pass, host's arrival letter
    return_ = "return"
    host_letter = "host_letter"
    degree = "degree"  # the degree obtained (a returned PhD researcher)
    other = "other"


class MobilityRecord(IdMixin, TimestampMixin, Base):
    __tablename__ = "program_mobility"

    program_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("programs.id", ondelete="CASCADE"), index=True
    )
    call_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("program_calls.id"))
    application_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("program_applications.id"))
    # The person: an expert profile of the platform, or a name until they have one.
    expert_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("expert_profiles.id"), index=True
    )
    person_name: Mapped[str] = mapped_column(String(200))
    sex: Mapped[str | None] = mapped_column(String(10))  # female, male, other; optional
    nationality: Mapped[str] = mapped_column(String(2), default="VN")
    career_stage: Mapped[str | None] = mapped_column(String(20))  # calls.models.CareerStage
    field: Mapped[str | None] = mapped_column(String(60))  # a taxonomy code
    home_organization_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("organizations.id"))
    home_institution: Mapped[str] = mapped_column(String(300))
    home_country: Mapped[str] = mapped_column(String(2), default="VN")
    host_organization_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("organizations.id"))
    host_institution: Mapped[str] = mapped_column(String(300))
    host_country: Mapped[str] = mapped_column(String(2))
    supervisor: Mapped[str] = mapped_column(String(200), default="")
    planned_departure: Mapped[date | None] = mapped_column(Date)
    planned_return: Mapped[date | None] = mapped_column(Date)
    departed_on: Mapped[date | None] = mapped_column(Date, index=True)
    returned_on: Mapped[date | None] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(
        String(20), default=MobilityStatus.planned.value, index=True
    )
    status_changed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    status_reason: Mapped[str | None] = mapped_column(Text)
    # After return: where the person went next (a Vietnamese university, a company…).
    next_destination: Mapped[str | None] = mapped_column(String(300))
    next_country: Mapped[str | None] = mapped_column(String(2))
    degree_obtained: Mapped[str | None] = mapped_column(String(20))  # phd, master…
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))

    evidence: Mapped[list[MobilityEvidence]] = relationship(
        cascade="all, delete-orphan", order_by="MobilityEvidence.uploaded_at"
    )


class MobilityEvidence(IdMixin, Base):
    __tablename__ = "program_mobility_evidence"

    record_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("program_mobility.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(String(300), default="")
    url: Mapped[str | None] = mapped_column(String(1000))
    file_name: Mapped[str | None] = mapped_column(String(255))
    file_type: Mapped[str | None] = mapped_column(String(100))
    file_size: Mapped[int | None] = mapped_column(Integer)
    file_key: Mapped[str | None] = mapped_column(String(300))
    uploaded_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
