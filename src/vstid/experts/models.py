"""Expert profiles and their publications."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    Uuid,
    event,
    inspect,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from vstid.core.models import Base, IdMixin, TimestampMixin
from vstid.experts.search_keys import KEYED_COLUMNS, directory_columns, profile_keys

__all__ = [
    "ENGAGEMENT_TYPES",
    "Availability",
    "ExpertExternalId",
    "ExpertFacet",
    "ExpertProfile",
    "Publication",
    "ReindexMark",
    "Visibility",
]

ENGAGEMENT_TYPES = ("consulting", "joint_research", "training", "technology_transfer")


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
    # The directory's counts and pages read only these columns: an index holding them all
    # answers them without touching the wide rows. Name first: a page in name order walks it
    # in order; and no filter column leads, so that a search's short list of ids is looked
    # up by id rather than by scanning every public profile (SQLite keeps no statistics).
    __table_args__ = (
        Index("ix_expert_profiles_directory", "sort_name", "visibility", "residence_country",
              "availability", "hub_id", "fields_key", "languages_key", "user_id", "id"),
    )  # fmt: skip

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
    # Headline and bio in further languages: {"ja": {"headline": "...", "bio": "..."}}.
    translations: Mapped[dict[str, dict[str, str]]] = mapped_column(JSON, default=dict)
    # Folded display name (Đặng → dang): the directory's name order.
    sort_name: Mapped[str] = mapped_column(String(200), default="")
    # fields and languages as one value each ('|ai|iot|'): their facet counts group by these.
    fields_key: Mapped[str] = mapped_column(String(300), default="")
    languages_key: Mapped[str] = mapped_column(String(300), default="")

    publications: Mapped[list[Publication]] = relationship(
        back_populates="expert", cascade="all, delete-orphan", order_by="Publication.year.desc()"
    )
    external_ids: Mapped[list[ExpertExternalId]] = relationship(
        back_populates="expert", cascade="all, delete-orphan"
    )
    search_rows: Mapped[list[ExpertFacet]] = relationship(cascade="all, delete-orphan")


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
    # Where the record came from ("openalex:W123", "orcid:<iD>/<put-code>"): a dedupe key for
    # works that carry no DOI.
    source_key: Mapped[str | None] = mapped_column(String(200), index=True)

    expert: Mapped[ExpertProfile] = relationship(back_populates="publications")


class ExpertExternalId(IdMixin, Base):
    """A natural key of a profile in another system (ORCID, OpenAlex, an import file's id).
    Unique per scheme, so importing the same record twice finds the same profile."""

    __tablename__ = "expert_external_ids"
    __table_args__ = (UniqueConstraint("scheme", "value", name="scheme_value"),)

    expert_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("expert_profiles.id", ondelete="CASCADE"), index=True
    )
    scheme: Mapped[str] = mapped_column(String(40))
    value: Mapped[str] = mapped_column(String(200))

    expert: Mapped[ExpertProfile] = relationship(back_populates="external_ids")


class ReindexMark(Base):
    """A profile changed since the matching index last took it in. One row per expert, so a
    thousand edits of a profile before the index catches up cost one re-index; `token` is new
    on every mark, so the index clears only the marks it has applied. No foreign key: a
    deleted or merged-away profile must still be taken out of the index."""

    __tablename__ = "expert_reindex_marks"

    expert_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    token: Mapped[uuid.UUID] = mapped_column(Uuid)
    marked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class ExpertFacet(Base):
    """One searchable value of a profile: a 'field' or 'language' of its JSON lists (which no
    portable SQL can group), or a folded 'term' / 'name' word for keyword search. Derived
    from the profile on every flush (below), so every write path keeps it in step."""

    __tablename__ = "expert_facets"
    __table_args__ = (Index("ix_expert_facets_expert_id", "expert_id"),)

    facet: Mapped[str] = mapped_column(String(20), primary_key=True)
    value: Mapped[str] = mapped_column(String(120), primary_key=True)
    expert_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("expert_profiles.id", ondelete="CASCADE"), primary_key=True
    )


def _sync_search_rows(expert: ExpertProfile) -> None:
    for column, value in directory_columns(expert).items():
        setattr(expert, column, value)
    wanted = profile_keys(expert)
    current = {(r.facet, r.value): r for r in expert.search_rows}
    for key, row in current.items():
        if key not in wanted:
            expert.search_rows.remove(row)
    expert.search_rows.extend(
        ExpertFacet(facet=f, value=v) for f, v in sorted(wanted - current.keys())
    )


@event.listens_for(Session, "before_flush")
def _keep_search_rows(session: Session, _context: Any, _instances: Any) -> None:
    """Every profile written through the ORM (forms, API, imports, merges, demo, tests)."""
    for obj in [*session.new, *session.dirty]:
        if not isinstance(obj, ExpertProfile):
            continue
        state = inspect(obj)
        if state.pending or any(state.attrs[a].history.has_changes() for a in KEYED_COLUMNS):
            _sync_search_rows(obj)
