"""Orders: a technology problem posted by an organization, with a lifecycle."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from vstid.core.models import Base, IdMixin, TimestampMixin, utcnow

__all__ = [
    "Confidentiality",
    "Currency",
    "EngagementType",
    "Order",
    "OrderAttachment",
    "OrderStatus",
]


class OrderStatus(StrEnum):
    draft = "draft"
    submitted = "submitted"
    approved = "approved"
    open = "open"
    awarded = "awarded"
    closed = "closed"
    rejected = "rejected"
    cancelled = "cancelled"


class Confidentiality(StrEnum):
    public = "public"
    members = "members"
    invite_only = "invite_only"


class EngagementType(StrEnum):
    consulting = "consulting"
    joint_research = "joint_research"
    training = "training"
    technology_transfer = "technology_transfer"


class Currency(StrEnum):
    VND = "VND"
    JPY = "JPY"
    KRW = "KRW"
    USD = "USD"


class Order(IdMixin, TimestampMixin, Base):
    __tablename__ = "orders"

    slug: Mapped[str] = mapped_column(String(140), unique=True)
    hub_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("hubs.id"), index=True)
    organization_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organizations.id"), index=True)
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(5), default="vi")
    fields: Mapped[list[str]] = mapped_column(JSON, default=list)
    budget_amount: Mapped[Decimal | None] = mapped_column(Numeric(18, 2))
    currency: Mapped[str] = mapped_column(String(3), default=Currency.VND.value)
    deadline: Mapped[date | None] = mapped_column(Date)
    engagement_type: Mapped[str] = mapped_column(String(30))
    confidentiality: Mapped[str] = mapped_column(String(20), default=Confidentiality.public.value)
    status: Mapped[str] = mapped_column(String(20), default=OrderStatus.draft.value, index=True)
    rejection_reason: Mapped[str | None] = mapped_column(Text)


class OrderAttachment(IdMixin, Base):
    """A file attached to an order; its content lives in the platform storage (core/storage)
    under storage_key, never served directly."""

    __tablename__ = "order_attachments"

    order_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("orders.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size_bytes: Mapped[int] = mapped_column(Integer)
    storage_key: Mapped[str] = mapped_column(String(300))
    uploaded_by_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
