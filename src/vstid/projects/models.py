"""Projects opened by an accepted proposal: partners, milestones and funding sources."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import Date, ForeignKey, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from vstid.core.models import Base, IdMixin, TimestampMixin

__all__ = [
    "MilestoneStatus",
    "PartnerSide",
    "Project",
    "ProjectFunding",
    "ProjectMilestone",
    "ProjectPartner",
    "ProjectStatus",
]


class ProjectStatus(StrEnum):
    active = "active"
    completed = "completed"


class PartnerSide(StrEnum):
    vietnam = "vietnam"
    abroad = "abroad"


class MilestoneStatus(StrEnum):
    planned = "planned"
    done = "done"


class Project(IdMixin, TimestampMixin, Base):
    __tablename__ = "projects"

    order_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("orders.id"), unique=True)
    proposal_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("proposals.id"), unique=True)
    hub_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("hubs.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(20), default=ProjectStatus.active.value)
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)

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
    __tablename__ = "project_partners"

    project_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(300))
    side: Mapped[str] = mapped_column(String(20))
    country: Mapped[str | None] = mapped_column(String(2))
    organization_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("organizations.id"))
    expert_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("expert_profiles.id"))
    # Ownership share of the results, in percent.
    share_percent: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    position: Mapped[int] = mapped_column(Integer, default=0)


class ProjectMilestone(IdMixin, Base):
    __tablename__ = "project_milestones"

    project_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(300))
    deliverable: Mapped[str] = mapped_column(Text, default="")
    due_date: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default=MilestoneStatus.planned.value)


class ProjectFunding(IdMixin, Base):
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
