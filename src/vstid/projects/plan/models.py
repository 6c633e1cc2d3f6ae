"""Work packages and their plan items (deliverables and milestones).

An item is due either in "month N of the project" (`due_month`: the last day of that month,
counted from the project's start date, so moving the start moves the plan) or on a fixed
`due_date`; exactly one of the two is set."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from vstid.core.models import Base, IdMixin, TimestampMixin

__all__ = ["DeliverableStatus", "MilestoneState", "PlanItem", "PlanItemKind", "WorkPackage"]


class PlanItemKind(StrEnum):
    deliverable = "deliverable"
    milestone = "milestone"


class DeliverableStatus(StrEnum):
    pending = "pending"
    draft = "draft"
    submitted = "submitted"
    accepted = "accepted"
    revision_requested = "revision_requested"


class MilestoneState(StrEnum):
    pending = "pending"
    reached = "reached"


class WorkPackage(IdMixin, TimestampMixin, Base):
    __tablename__ = "project_work_packages"

    project_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(300))
    lead_partner_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("project_partners.id"))
    # Months of the project, the first being 1; within the project's duration.
    start_month: Mapped[int] = mapped_column(Integer)
    end_month: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer, default=0)

    items: Mapped[list[PlanItem]] = relationship(
        cascade="all, delete-orphan", order_by="PlanItem.position"
    )


class PlanItem(IdMixin, TimestampMixin, Base):
    """A deliverable or a milestone; who moved it last, when and why, kept on the row (and
    every step in the audit log)."""

    __tablename__ = "project_plan_items"

    project_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    work_package_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("project_work_packages.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    code: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    due_month: Mapped[int | None] = mapped_column(Integer)
    due_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(30), default=DeliverableStatus.pending.value)
    position: Mapped[int] = mapped_column(Integer, default=0)
    # The last transition: who, when, with what comment.
    status_changed_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    status_changed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    status_comment: Mapped[str | None] = mapped_column(Text)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The last decision: a deliverable accepted or sent back, a milestone reached.
    decided_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decision_comment: Mapped[str | None] = mapped_column(Text)
    # The deliverable's file, checked like order attachments; the key names it in storage.
    file_name: Mapped[str | None] = mapped_column(String(200))
    file_key: Mapped[str | None] = mapped_column(String(300))
    file_type: Mapped[str | None] = mapped_column(String(100))
    file_size: Mapped[int | None] = mapped_column(Integer)
    # Last reminder about this item (due soon or overdue): at most one per reminder period.
    reminded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
