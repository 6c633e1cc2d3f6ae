"""Organizations (enterprise, agency, university, ...) and their members."""

from __future__ import annotations

import uuid
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from vstid.core.models import Base, IdMixin, TimestampMixin

__all__ = ["JoinRequest", "JoinStatus", "Membership", "OrgKind", "OrgStatus", "Organization"]


class OrgKind(StrEnum):
    enterprise = "enterprise"
    startup = "startup"
    agency = "agency"
    university = "university"
    institute = "institute"
    hospital = "hospital"
    fund = "fund"
    association = "association"
    embassy_office = "embassy_office"


class OrgStatus(StrEnum):
    """A requester may create an organization; the hub's coordinators verify it before any of
    its orders can be approved."""

    pending = "pending"
    verified = "verified"
    rejected = "rejected"


class JoinStatus(StrEnum):
    pending = "pending"
    approved = "approved"
    declined = "declined"


class Organization(IdMixin, TimestampMixin, Base):
    __tablename__ = "organizations"

    slug: Mapped[str] = mapped_column(String(120), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(20))
    country: Mapped[str] = mapped_column(String(2))
    hub_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("hubs.id"), index=True)
    website: Mapped[str | None] = mapped_column(String(300))
    description: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    # `name` is written in `language`; `name_translations` holds its other languages, the
    # way an order keeps the language it was written in beside its text.
    language: Mapped[str] = mapped_column(String(5), default="vi", server_default=text("'vi'"))
    name_translations: Mapped[dict[str, str]] = mapped_column(
        JSON, default=dict, server_default=text("'{}'")
    )
    contact_email: Mapped[str | None] = mapped_column(String(254))  # public, optional
    contact_phone: Mapped[str | None] = mapped_column(String(40))
    # where the resized logo files are (organizations/logos.py); None = the initials badge
    logo_key: Mapped[str | None] = mapped_column(String(200))
    parent_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("organizations.id"))
    # Organizations loaded by imports and the demo are known to the hub: verified by default.
    status: Mapped[str] = mapped_column(
        String(20), default=OrgStatus.verified.value, server_default=text("'verified'")
    )
    rejection_reason: Mapped[str | None] = mapped_column(String(500))
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )


class Membership(IdMixin, TimestampMixin, Base):
    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("user_id", "organization_id", name="user_org"),)

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(20), default="member")


class JoinRequest(IdMixin, TimestampMixin, Base):
    """A requester asking to become a member; approving it creates the membership."""

    __tablename__ = "join_requests"

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(20), default=JoinStatus.pending.value)
    decided_by_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
