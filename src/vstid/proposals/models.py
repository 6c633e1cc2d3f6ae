"""Proposals: an expert's answer to an order."""

from __future__ import annotations

import uuid
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from vstid.core.models import Base, IdMixin, TimestampMixin

__all__ = ["Proposal", "ProposalStatus"]


class ProposalStatus(StrEnum):
    submitted = "submitted"
    screen = "screen"
    assess = "assess"
    finalist = "finalist"
    accepted = "accepted"
    declined = "declined"
    withdrawn = "withdrawn"


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
