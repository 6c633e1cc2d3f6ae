"""Queued background work."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, DateTime, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from vstid.core.models import Base, IdMixin, utcnow

__all__ = ["Job", "JobStatus"]


class JobStatus(StrEnum):
    queued = "queued"
    running = "running"
    done = "done"
    failed = "failed"


_QUEUED = text("status = 'queued'")
_RUNNING = text("status = 'running'")


class Job(IdMixin, Base):
    __tablename__ = "jobs"
    __table_args__ = (
        # At most one waiting job per dedupe key: enqueue absorbs into it (insert ... on conflict).
        Index(
            "ux_jobs_dedupe_key_queued",
            "dedupe_key",
            unique=True,
            sqlite_where=_QUEUED,
            postgresql_where=_QUEUED,
        ),
        # At most one running job per lock key: the database, not the worker, serialises them.
        Index(
            "ux_jobs_lock_key_running",
            "lock_key",
            unique=True,
            sqlite_where=_RUNNING,
            postgresql_where=_RUNNING,
        ),
    )

    kind: Mapped[str] = mapped_column(String(60), index=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(10), default=JobStatus.queued.value, index=True)
    dedupe_key: Mapped[str | None] = mapped_column(String(200))
    lock_key: Mapped[str | None] = mapped_column(String(200), index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    max_attempts: Mapped[int] = mapped_column(Integer, default=3)
    run_after: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The running job's owner and lease: a worker that stops heart-beating (killed) loses it.
    worker_id: Mapped[str | None] = mapped_column(String(100))
    heartbeat_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    lease_expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_error: Mapped[str | None] = mapped_column(Text)
