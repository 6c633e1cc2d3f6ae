"""Import batches and their per-row checkpoints: what makes an import resumable and auditable."""

from __future__ import annotations

import uuid
from enum import StrEnum

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from vstid.core.models import Base, IdMixin, TimestampMixin

__all__ = ["BatchStatus", "ImportBatch", "ImportRow", "RowStatus"]


class BatchStatus(StrEnum):
    running = "running"
    completed = "completed"
    failed = "failed"


class RowStatus(StrEnum):
    created = "created"
    updated = "updated"
    unchanged = "unchanged"
    error = "error"


class ImportBatch(IdMixin, TimestampMixin, Base):
    """One file imported once. The file's hash is the natural key: re-running the same file
    resumes (or re-confirms) the same batch instead of starting a new one."""

    __tablename__ = "import_batches"
    __table_args__ = (UniqueConstraint("file_sha256", "format", name="file_format"),)

    file_name: Mapped[str] = mapped_column(String(300))
    file_sha256: Mapped[str] = mapped_column(String(64))
    format: Mapped[str] = mapped_column(String(20))
    hub_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("hubs.id"))
    actor_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    status: Mapped[str] = mapped_column(String(20), default=BatchStatus.running.value)
    total_rows: Mapped[int] = mapped_column(Integer, default=0)
    created_count: Mapped[int] = mapped_column(Integer, default=0)
    updated_count: Mapped[int] = mapped_column(Integer, default=0)
    unchanged_count: Mapped[int] = mapped_column(Integer, default=0)
    error_count: Mapped[int] = mapped_column(Integer, default=0)


class ImportRow(IdMixin, Base):
    """A row committed together with the profile change it made: present means done."""

    __tablename__ = "import_rows"
    __table_args__ = (UniqueConstraint("batch_id", "line", name="batch_line"),)

    batch_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("import_batches.id", ondelete="CASCADE"), index=True
    )
    line: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20))
    expert_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    natural_key: Mapped[str | None] = mapped_column(String(250))
    message: Mapped[str | None] = mapped_column(Text)
