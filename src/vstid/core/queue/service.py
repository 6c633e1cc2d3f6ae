"""Enqueueing work. Runs inside the caller's transaction, so a job exists only if the change
that asked for it was committed."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from vstid.core.models import utcnow
from vstid.core.queue.kinds import MATCHING_ATTEMPTS, JobKind, order_match_key
from vstid.core.queue.models import Job, JobStatus
from vstid.core.queue.repository import JobRepository

__all__ = ["enqueue", "enqueue_order_match", "job_counts"]


def enqueue_order_match(session: Session, order_id: uuid.UUID) -> Job:
    """Queues the ranking of an order. Declared here, beside the queue, because orders (which
    ask for it on approval) sit below matching (which also asks for it after a rebuild)."""
    return enqueue(
        session,
        JobKind.matching_order,
        {"order_id": str(order_id)},
        dedupe_key=order_match_key(order_id),
        max_attempts=MATCHING_ATTEMPTS,
    )


def enqueue(
    session: Session,
    kind: JobKind | str,
    payload: dict[str, Any],
    *,
    dedupe_key: str | None = None,
    lock_key: str | None = None,
    run_after: datetime | None = None,
    max_attempts: int = 3,
) -> Job:
    """Queues a job. A job with the same dedupe key still waiting absorbs this one (keeps its
    place, takes the new payload); jobs sharing a lock key never run at the same time."""
    values = {
        "id": uuid.uuid4(),
        "kind": str(kind),
        "payload": payload,
        "status": JobStatus.queued.value,
        "dedupe_key": dedupe_key,
        "lock_key": lock_key,
        "attempts": 0,
        "max_attempts": max_attempts,
        "run_after": run_after or utcnow(),
        "created_at": utcnow(),
    }
    return JobRepository(session).insert(values)


def job_counts(session: Session) -> dict[str, int]:
    """Jobs per status, for the operator."""
    return JobRepository(session).counts()
