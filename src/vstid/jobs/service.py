"""Enqueueing work. Runs inside the caller's transaction, so a job exists only if the change
that asked for it was committed."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from vstid.core.models import utcnow
from vstid.jobs.models import Job
from vstid.jobs.repository import JobRepository

__all__ = ["enqueue"]


def enqueue(
    session: Session,
    kind: str,
    payload: dict[str, Any],
    *,
    dedupe_key: str | None = None,
    run_after: datetime | None = None,
) -> Job:
    """A job with the same dedupe key still waiting in the queue absorbs this one."""
    repo = JobRepository(session)
    if dedupe_key:
        waiting = repo.queued_with_key(dedupe_key)
        if waiting is not None:
            waiting.payload = payload
            return waiting
    return repo.add(
        Job(kind=kind, payload=payload, dedupe_key=dedupe_key, run_after=run_after or utcnow())
    )
