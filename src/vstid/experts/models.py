"""Expert profiles and their publications."""

from __future__ import annotations

import uuid
from enum import StrEnum

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from vstid.core.models import Base, IdMixin, TimestampMixin

__all__ = ["Availability", "ExpertProfile", "Publication", "Visibility"]


class Availability(StrEnum):
    available = "available"
    limited = "limited"
    unavailable = "unavailable"


class Visibility(StrEnum):
    public = "public"
    members = "members"
    hidden = "hidden"


class ExpertProfile(IdMixin, TimestampMixin, Base):
    __tablename__ = "expert_profiles"

    slug: Mapped[str] = mapped_column(String(120), unique=True)
    user_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("users.id"), unique=True)
    hub_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("hubs.id"), index=True)
    organization_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("organizations.id"))
    display_name: Mapped[str] = mapped_column(String(200))
    name_variants: Mapped[list[str]] = mapped_column(JSON, default=list)
    email: Mapped[str | None] = mapped_column(String(254), index=True)
    residence_country: Mapped[str | None] = mapped_column(String(2), index=True)
    affiliation: Mapped[str | None] = mapped_column(String(300))
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    headline: Mapped[str] = mapped_column(String(300), default="")
    bio: Mapped[str] = mapped_column(Text, default="")
    bio_language: Mapped[str] = mapped_column(String(5), default="en")
    expertise: Mapped[list[str]] = mapped_column(JSON, default=list)
    fields: Mapped[list[str]] = mapped_column(JSON, default=list)
    orcid: Mapped[str | None] = mapped_column(String(19), index=True)
    openalex_id: Mapped[str | None] = mapped_column(String(40), index=True)
    capacity: Mapped[int] = mapped_column(Integer, default=1)
    availability: Mapped[str] = mapped_column(String(20), default=Availability.available.value)
    engagement_types: Mapped[list[str]] = mapped_column(JSON, default=list)
    visibility: Mapped[str] = mapped_column(String(20), default=Visibility.public.value)
    claimed: Mapped[bool] = mapped_column(Boolean, default=False)

    publications: Mapped[list[Publication]] = relationship(
        back_populates="expert", cascade="all, delete-orphan", order_by="Publication.year.desc()"
    )


class Publication(IdMixin, Base):
    __tablename__ = "publications"

    expert_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("expert_profiles.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(1000))
    abstract: Mapped[str | None] = mapped_column(Text)
    year: Mapped[int | None] = mapped_column(Integer)
    venue: Mapped[str | None] = mapped_column(String(300))
    doi: Mapped[str | None] = mapped_column(String(200), index=True)
    language: Mapped[str | None] = mapped_column(String(5))

    expert: Mapped[ExpertProfile] = relationship(back_populates="publications")
