"""Stored matching artefacts: embeddings (so no text is embedded twice, on any server), match
snapshots (the explained ranking an order was shown, with the model that made it) and the
index version every process compares against."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from vstid.core.models import Base, IdMixin, utcnow

__all__ = ["ConflictDeclaration", "IndexState", "MatchSnapshot", "StoredEmbedding"]


class StoredEmbedding(IdMixin, Base):
    __tablename__ = "embeddings"
    __table_args__ = (UniqueConstraint("model_id", "role", "text_hash", name="uq_embeddings_key"),)

    model_id: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(10))
    text_hash: Mapped[str] = mapped_column(String(64))
    dim: Mapped[int] = mapped_column(Integer)
    vector: Mapped[bytes] = mapped_column(LargeBinary)


class MatchSnapshot(IdMixin, Base):
    __tablename__ = "match_snapshots"

    order_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("orders.id", ondelete="CASCADE"), index=True
    )
    model_version: Mapped[str] = mapped_column(String(160))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    results: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)


class IndexState(Base):
    __tablename__ = "index_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, default=1)
    version: Mapped[int] = mapped_column(Integer, default=0)
    model_id: Mapped[str] = mapped_column(String(120), default="")
    experts: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ConflictDeclaration(IdMixin, Base):
    """An expert's declared conflict of interest with an organization (a former employer, a
    competitor, a relative's company): the expert is never proposed for its orders."""

    __tablename__ = "conflict_declarations"
    __table_args__ = (
        UniqueConstraint("expert_id", "organization_id", name="uq_conflict_declarations_pair"),
    )

    expert_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("expert_profiles.id", ondelete="CASCADE"), index=True
    )
    organization_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    reason: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
