"""Proposals: an expert's answer to an order."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from vstid.core.models import Base, IdMixin, TimestampMixin, utcnow

__all__ = ["ACTIVE_STAGES", "Proposal", "ProposalComment", "ProposalStatus"]


class ProposalStatus(StrEnum):
    submitted = "submitted"
    screen = "screen"
    assess = "assess"
    finalist = "finalist"
    accepted = "accepted"
    declined = "declined"
    withdrawn = "withdrawn"


# The requester's review stages, in order; a proposal only moves forward through them.
ACTIVE_STAGES = (
    ProposalStatus.submitted,
    ProposalStatus.screen,
    ProposalStatus.assess,
    ProposalStatus.finalist,
)


class Proposal(IdMixin, TimestampMixin, Base):
    __tablename__ = "proposals"
    __table_args__ = (UniqueConstraint("order_id", "expert_id", name="order_expert"),)

    order_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("orders.id", ondelete="CASCADE"), index=True
    )
    expert_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("expert_profiles.id"), index=True)
    approach: Mapped[str] = mapped_column(Text)
    team: Mapped[list[str]] = mapped_column(JSON, default=list)
    timeline: Mapped[str] = mapped_column(Text, default="")
    cost_amount: Mapped[Decimal | None] = mapped_column(Numeric(18, 2))
    currency: Mapped[str] = mapped_column(String(3), default="VND")
    trl: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), default=ProposalStatus.submitted.value)


class ProposalComment(IdMixin, Base):
    """The requester's internal notes on a proposal; never shown to the expert."""

    __tablename__ = "proposal_comments"

    proposal_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
