"""Joint research projects: opened from an accepted proposal or created by a coordinator, run
by a consortium for up to ten years. This module holds the project, its consortium and its
amendments; the plan, funding, results, risks, agreements and reports live in the
sub-packages beside it, each with its own tables."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from vstid.core.models import Base, IdMixin, TimestampMixin, utcnow

__all__ = [
    "MAX_DURATION_MONTHS",
    "AmendmentKind",
    "MilestoneStatus",
    "PartnerRole",
    "PartnerSide",
    "Project",
    "ProjectAmendment",
    "ProjectFunding",
    "ProjectMilestone",
    "ProjectOrigin",
    "ProjectPartner",
    "ProjectStatus",
]

MAX_DURATION_MONTHS = 120  # the longest joint programmes run ten years


class ProjectStatus(StrEnum):
    draft = "draft"
    agreement_pending = "agreement_pending"
    active = "active"
    suspended = "suspended"
    closing = "closing"
    closed = "closed"
    terminated = "terminated"


class ProjectOrigin(StrEnum):
    proposal = "proposal"  # an accepted proposal opened it
    direct = "direct"  # a coordinator recorded a project that began outside the platform
    call = "call"  # awarded by a program call


class PartnerSide(StrEnum):
    vietnam = "vietnam"
    abroad = "abroad"


class PartnerRole(StrEnum):
    lead = "lead"  # one per side
    partner = "partner"
    funder = "funder"
    associated = "associated"


class AmendmentKind(StrEnum):
    end_date = "end_date"
    budget = "budget"
    partner = "partner"
    other = "other"


class MilestoneStatus(StrEnum):
    planned = "planned"
    done = "done"


class Project(IdMixin, TimestampMixin, Base):
    __tablename__ = "projects"

    # Set when an accepted proposal opened the project; empty for the other two doors.
    order_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("orders.id"), unique=True)
    proposal_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("proposals.id"), unique=True)
    origin: Mapped[str] = mapped_column(String(20), default=ProjectOrigin.proposal.value)
    hub_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("hubs.id"), index=True)
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    # `title` and `summary` are written in `language`; `translations` holds the other
    # languages per field: {"ja": {"title": "…", "summary": "…"}}.
    title: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(5), default="vi")
    translations: Mapped[dict[str, dict[str, str]]] = mapped_column(JSON, default=dict)
    fields: Mapped[list[str]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(20), default=ProjectStatus.draft.value, index=True)
    # A confidential project is invisible (404) outside its consortium, the hub's
    # coordinators and admins; any other project shows a public summary to everyone.
    confidential: Mapped[bool] = mapped_column(Boolean, default=False)
    start_date: Mapped[date | None] = mapped_column(Date)
    duration_months: Mapped[int | None] = mapped_column(Integer)
    # The current end: start + duration when planned, moved only by an amendment.
    end_date: Mapped[date | None] = mapped_column(Date)
    status_changed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    status_reason: Mapped[str | None] = mapped_column(Text)

    partners: Mapped[list[ProjectPartner]] = relationship(
        cascade="all, delete-orphan", order_by="ProjectPartner.position"
    )
    milestones: Mapped[list[ProjectMilestone]] = relationship(
        cascade="all, delete-orphan", order_by="ProjectMilestone.due_date"
    )
    funding: Mapped[list[ProjectFunding]] = relationship(
        cascade="all, delete-orphan", order_by="ProjectFunding.position"
    )


class ProjectPartner(IdMixin, Base):
    """A member of the consortium: an organization, an expert, or a named party not (yet) on
    the platform. Leaving sets `left_on`; rows are never deleted, so the history stays."""

    __tablename__ = "project_partners"

    project_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(300))
    side: Mapped[str] = mapped_column(String(20))
    country: Mapped[str | None] = mapped_column(String(2))
    role: Mapped[str] = mapped_column(String(20), default=PartnerRole.partner.value)
    organization_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("organizations.id"))
    expert_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("expert_profiles.id"))
    contact_name: Mapped[str | None] = mapped_column(String(200))
    contact_email: Mapped[str | None] = mapped_column(String(320))
    joined_on: Mapped[date | None] = mapped_column(Date)
    left_on: Mapped[date | None] = mapped_column(Date)
    # Kept from the first projects (ownership of results now lives in the result register).
    share_percent: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    position: Mapped[int] = mapped_column(Integer, default=0)


class ProjectAmendment(IdMixin, Base):
    """A versioned change to what was agreed: who, when, why, before and after."""

    __tablename__ = "project_amendments"

    project_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text)
    before: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    after: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    author_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ProjectMilestone(IdMixin, Base):
    """The first projects' milestones. Migration 0019 moved them into the plan
    (projects.plan) and nothing writes here since; kept for that migration's way back."""

    __tablename__ = "project_milestones"

    project_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(300))
    deliverable: Mapped[str] = mapped_column(Text, default="")
    due_date: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default=MilestoneStatus.planned.value)


class ProjectFunding(IdMixin, Base):
    """The first projects' funding sources. Migration 0015 copied them into funding lines
    (projects.funding) and nothing writes here since; kept for that migration's way back."""

    __tablename__ = "project_funding"

    project_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    source: Mapped[str] = mapped_column(String(300))
    amount: Mapped[Decimal] = mapped_column(Numeric(18, 2))
    currency: Mapped[str] = mapped_column(String(3))
    # Share of the total budget, in percent.
    share_percent: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    position: Mapped[int] = mapped_column(Integer, default=0)
