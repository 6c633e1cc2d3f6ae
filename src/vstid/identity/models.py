"""Merge suggestions (a coordinator queue) and merge records (whose snapshots undo them)."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Float, String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from vstid.core.models import Base, IdMixin, TimestampMixin

__all__ = ["MergeRecord", "MergeSuggestion", "SuggestionStatus"]


class SuggestionStatus(StrEnum):
    pending = "pending"
    merged = "merged"
    dismissed = "dismissed"


class MergeSuggestion(IdMixin, TimestampMixin, Base):
    """A pair of profiles that may be one person; (first_id, second_id) is stored ordered.
    No foreign keys: a merge deletes one side, and the suggestion stays as history."""

    __tablename__ = "merge_suggestions"
    __table_args__ = (UniqueConstraint("first_id", "second_id", name="pair"),)

    first_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    second_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    score: Mapped[float] = mapped_column(Float)
    evidence: Mapped[list[str]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(20), default=SuggestionStatus.pending.value)


class MergeRecord(IdMixin, TimestampMixin, Base):
    """Everything needed to undo a merge: the merged-away profile as it was, and which
    publications and external ids moved to the survivor."""

    __tablename__ = "merge_records"

    survivor_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    merged_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    actor_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    automatic: Mapped[bool] = mapped_column(Boolean, default=False)
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    undone_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
