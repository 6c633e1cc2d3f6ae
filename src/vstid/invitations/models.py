"""Invitations link an order to an expert: shortlisted first, then invited, then answered."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import DateTime, Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from vstid.core.models import Base, IdMixin, TimestampMixin

__all__ = ["Invitation", "InvitationStatus"]


class InvitationStatus(StrEnum):
    shortlisted = "shortlisted"
    invited = "invited"
    accepted = "accepted"
    declined = "declined"


class Invitation(IdMixin, TimestampMixin, Base):
    __tablename__ = "invitations"
    __table_args__ = (UniqueConstraint("order_id", "expert_id", name="invitation_order_expert"),)

    order_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("orders.id", ondelete="CASCADE"), index=True
    )
    expert_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("expert_profiles.id", ondelete="CASCADE"), index=True
    )
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(
        String(20), default=InvitationStatus.shortlisted.value, index=True
    )
    message: Mapped[str] = mapped_column(Text, default="")
    score: Mapped[float | None] = mapped_column(Float)
    invited_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    responded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
