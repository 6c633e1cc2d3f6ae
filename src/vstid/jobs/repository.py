"""All SQL of the job queue, including the one dialect-specific claim."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import func, select, update

from vstid.core.repository import Repository
from vstid.jobs.models import Job, JobStatus

__all__ = ["JobRepository"]


class JobRepository(Repository[Job]):
    model = Job

    def queued_with_key(self, dedupe_key: str) -> Job | None:
        stmt = select(Job).where(Job.dedupe_key == dedupe_key, Job.status == JobStatus.queued.value)
        return self.session.scalars(stmt.limit(1)).first()

    def claim_next(self, now: datetime) -> Job | None:
        """Marks the oldest due job running and returns it, or None.

        PostgreSQL: FOR UPDATE SKIP LOCKED lets many workers claim without waiting on each
        other. SQLite has a single writer, so a conditional UPDATE is already exclusive."""
        due = (
            select(Job.id)
            .where(Job.status == JobStatus.queued.value, Job.run_after <= now)
            .order_by(Job.run_after, Job.created_at)
            .limit(1)
        )
        if self.session.get_bind().dialect.name == "postgresql":
            job = self.session.scalars(
                select(Job).where(Job.id.in_(due)).with_for_update(skip_locked=True)
            ).first()
            if job is None:
                return None
            job.status, job.started_at = JobStatus.running.value, now
            job.attempts += 1
            self.session.flush()
            return job
        job_id = self.session.scalar(due)
        return self._claim_by_id(job_id, now) if job_id else None

    def _claim_by_id(self, job_id: uuid.UUID, now: datetime) -> Job | None:
        result = self.session.execute(
            update(Job)
            .where(Job.id == job_id, Job.status == JobStatus.queued.value)
            .values(status=JobStatus.running.value, started_at=now, attempts=Job.attempts + 1)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:  # type: ignore[attr-defined]
            return None
        job = self.session.get(Job, job_id, populate_existing=True)
        return job

    def counts(self) -> dict[str, int]:
        rows = self.session.execute(select(Job.status, func.count()).group_by(Job.status)).all()
        return {status: int(n) for status, n in rows}
