"""All SQL of the job queue, including the dialect-specific upsert and claim."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, delete, func, or_, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError

from vstid.core.queue.models import Job, JobStatus
from vstid.core.repository import Repository

__all__ = ["JobRepository"]

_RUNNING = JobStatus.running.value
_QUEUED = JobStatus.queued.value


class JobRepository(Repository[Job]):
    model = Job

    @property
    def _postgres(self) -> bool:
        return self.session.get_bind().dialect.name == "postgresql"

    def insert(self, values: dict[str, Any]) -> Job:
        """Adds a job. A waiting job with the same dedupe key absorbs it (takes its payload):
        `insert ... on conflict` on the partial unique index, so two concurrent enqueues
        cannot both insert (PostgreSQL waits for the first to commit, then updates)."""
        if values.get("dedupe_key") is None:
            return self.add(Job(**values))
        stmt = (pg_insert if self._postgres else sqlite_insert)(Job).values(**values)
        stmt = stmt.on_conflict_do_update(
            index_elements=[Job.dedupe_key],
            index_where=text("status = 'queued'"),
            set_={"payload": stmt.excluded.payload},
        )
        opts = {"populate_existing": True}
        return self.session.scalars(stmt.returning(Job), execution_options=opts).one()

    def queued_with_key(self, dedupe_key: str) -> Job | None:
        stmt = select(Job).where(Job.dedupe_key == dedupe_key, Job.status == _QUEUED)
        return self.session.scalars(stmt.limit(1)).first()

    # ------------------------------------------------------------------ claiming
    def claim_next(self, now: datetime, worker_id: str, lease_until: datetime) -> Job | None:
        """Marks the oldest due job running under this worker's lease and returns it.

        A job whose lock key is held by a running job is not due. Two claimers racing for two
        jobs of one lock key: the unique index refuses the second, which tries the next job."""
        skipped: list[uuid.UUID] = []
        for _ in range(5):
            job_id = self.session.scalar(self._due(now, skipped))
            if job_id is None:
                return None
            if self._mark_running(job_id, now, worker_id, lease_until):
                return self.session.get(Job, job_id, populate_existing=True)
            skipped.append(job_id)
        return None

    def _due(self, now: datetime, skipped: list[uuid.UUID]) -> Select[uuid.UUID]:
        held = select(Job.lock_key).where(Job.status == _RUNNING, Job.lock_key.is_not(None))
        stmt = (
            select(Job.id)
            .where(Job.status == _QUEUED, Job.run_after <= now, Job.id.not_in(skipped))
            .where(or_(Job.lock_key.is_(None), Job.lock_key.not_in(held)))
            .order_by(Job.run_after, Job.created_at)
            .limit(1)
        )
        # PostgreSQL: SKIP LOCKED lets many workers claim without waiting on each other.
        # SQLite has a single writer (BEGIN IMMEDIATE), so claims are already exclusive.
        return stmt.with_for_update(skip_locked=True) if self._postgres else stmt

    def _mark_running(
        self, job_id: uuid.UUID, now: datetime, worker_id: str, lease_until: datetime
    ) -> bool:
        values = {
            "status": _RUNNING,
            "started_at": now,
            "attempts": Job.attempts + 1,
            "worker_id": worker_id,
            "heartbeat_at": now,
            "lease_expires_at": lease_until,
        }
        try:
            with self.session.begin_nested():
                return self._update([Job.id == job_id, Job.status == _QUEUED], values)
        except IntegrityError:  # another job with this lock key started meanwhile
            return False

    # ----------------------------------------------------------------- leases
    def expired(self, now: datetime) -> Sequence[Job]:
        """Running jobs whose worker stopped renewing the lease (or never had one: rows
        claimed before leases existed)."""
        return self.session.scalars(select(Job).where(*_running(expired_at=now))).all()

    def heartbeat(self, job_id: uuid.UUID, worker_id: str, now: datetime, until: datetime) -> bool:
        """Extends the lease; False when this worker no longer owns the job."""
        values = {"heartbeat_at": now, "lease_expires_at": until}
        return self._update(_running(job_id, owner=worker_id), values)

    def settle(
        self,
        job_id: uuid.UUID,
        values: dict[str, Any],
        *,
        owner: str | None = None,
        expired_at: datetime | None = None,
    ) -> bool:
        """Moves a running job on (done, failed) if it is still this owner's, or still expired
        at that time; False when someone else settled it first."""
        return self._update(_running(job_id, owner=owner, expired_at=expired_at), values)

    def requeue(
        self,
        job_id: uuid.UUID,
        values: dict[str, Any],
        *,
        owner: str | None = None,
        expired_at: datetime | None = None,
    ) -> bool:
        """Puts a running job back in the queue. False when that is refused because a job with
        the same dedupe key is already waiting (it will do the work) or the job moved on."""
        where = _running(job_id, owner=owner, expired_at=expired_at)
        try:
            with self.session.begin_nested():
                return self._update(where, {**values, "status": _QUEUED})
        except IntegrityError:
            return False

    def _update(self, where: Sequence[ColumnElement[bool]], values: dict[str, Any]) -> bool:
        stmt = update(Job).where(*where).values(**values)
        result = self.session.execute(stmt.execution_options(synchronize_session=False))
        return int(result.rowcount) == 1  # type: ignore[attr-defined]

    # -------------------------------------------------------------- reporting
    def purge(self, done_before: datetime, failed_before: datetime) -> int:
        """Deletes finished jobs past their retention; queued and running ones are kept."""
        stmt = delete(Job).where(
            or_(
                (Job.status == JobStatus.done.value) & (Job.finished_at < done_before),
                (Job.status == JobStatus.failed.value) & (Job.finished_at < failed_before),
            )
        )
        result = self.session.execute(stmt.execution_options(synchronize_session=False))
        return int(result.rowcount)  # type: ignore[attr-defined]

    def last_failed(self, kinds: Sequence[str], since: datetime | None = None) -> Job | None:
        """The most recent job of these kinds that failed for good (after `since`)."""
        stmt = select(Job).where(Job.kind.in_(kinds), Job.status == JobStatus.failed.value)
        if since is not None:
            stmt = stmt.where(Job.finished_at > since)
        return self.session.scalars(stmt.order_by(Job.finished_at.desc()).limit(1)).first()

    def active(self, kinds: Sequence[str]) -> dict[str, str]:
        """Kind -> queued or running, for the jobs of these kinds not finished yet."""
        stmt = select(Job.kind, Job.status).where(
            Job.kind.in_(kinds), Job.status.in_((_QUEUED, _RUNNING))
        )
        found: dict[str, str] = {}
        for kind, status in self.session.execute(stmt):
            if found.get(kind) != _RUNNING:  # running says more than queued
                found[kind] = status
        return found

    def latest_with_key(self, dedupe_key: str) -> Job | None:
        """The newest job enqueued under this dedupe key, whatever its state."""
        stmt = select(Job).where(Job.dedupe_key == dedupe_key)
        return self.session.scalars(stmt.order_by(Job.created_at.desc()).limit(1)).first()

    def backlog(self) -> list[tuple[str, int, datetime]]:
        """Per kind: the jobs waiting to run and when the oldest of them was queued."""
        stmt = (
            select(Job.kind, func.count(), func.min(Job.created_at))
            .where(Job.status == _QUEUED)
            .group_by(Job.kind)
        )
        return [(kind, int(n), oldest) for kind, n, oldest in self.session.execute(stmt)]

    def last_done(self, kinds: Sequence[str]) -> Job | None:
        """The most recent job of these kinds that finished well."""
        stmt = select(Job).where(Job.kind.in_(kinds), Job.status == JobStatus.done.value)
        return self.session.scalars(stmt.order_by(Job.finished_at.desc()).limit(1)).first()

    def counts(self) -> dict[str, int]:
        rows = self.session.execute(select(Job.status, func.count()).group_by(Job.status)).all()
        return {status: int(n) for status, n in rows}


def _running(
    job_id: uuid.UUID | None = None,
    *,
    owner: str | None = None,
    expired_at: datetime | None = None,
) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = [Job.status == _RUNNING]
    if job_id is not None:
        where.append(Job.id == job_id)
    if owner is not None:
        where.append(Job.worker_id == owner)
    if expired_at is not None:
        where.append(or_(Job.lease_expires_at.is_(None), Job.lease_expires_at < expired_at))
    return where
