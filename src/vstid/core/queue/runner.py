"""Runs queued jobs with a handler table given by the caller: claim under a lease, renew it
by heartbeat while the handler runs, settle (done, retry with backoff, failed), reclaim the
jobs of workers that died, and purge finished jobs past their retention."""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import traceback
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from vstid.core.db import Database
from vstid.core.models import utcnow
from vstid.core.queue.models import Job, JobStatus
from vstid.core.queue.repository import JobRepository
from vstid.core.settings import Settings

__all__ = ["Handler", "HandlerTable", "QueueRunner"]

log = logging.getLogger("vstid.jobs")

# A handler gets the Database to open its own short transactions: work that takes minutes
# (embedding, imports) must not hold one — on SQLite, the write lock.
Handler = Callable[[Database, Settings, dict[str, Any]], None]
HandlerTable = Mapping[str, Handler]

PURGE_EVERY_S = 3600.0
LOST_WORKER = "lease expired: the worker stopped (killed?) during the job"
SUPERSEDED = "\nNot retried: a job with the same dedupe key is already waiting."


def _worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"[-100:]


class QueueRunner:
    def __init__(
        self,
        database: Database,
        settings: Settings,
        handlers: HandlerTable,
        *,
        worker_id: str | None = None,
    ) -> None:
        self.database = database
        self.settings = settings
        self.handlers = handlers
        self.worker_id = worker_id or _worker_id()
        self.lease = timedelta(seconds=settings.job_lease_s)
        self._last_purge: float | None = None

    # ------------------------------------------------------------------ loops
    def run_one(self) -> bool:
        """Runs the next due job; False when none is due."""
        job = self._claim()
        if job is None:
            return False
        self._settle(job, self._execute(job))
        return True

    def run_pending(self, limit: int = 10_000) -> int:
        done = 0
        while done < limit and self.run_one():
            done += 1
        return done

    def run_forever(self, stop: threading.Event, poll_s: float) -> None:
        while not stop.is_set():
            try:
                self.purge_if_due()
                worked = self.run_one()
            except Exception:  # the loop must survive a broken database connection
                log.exception("job worker iteration failed")
                worked = False
            if not worked:
                stop.wait(poll_s)

    # -------------------------------------------------------------- retention
    def purge(self) -> int:
        now, settings = utcnow(), self.settings
        with self.database.transaction() as session:
            deleted = JobRepository(session).purge(
                done_before=now - timedelta(days=settings.job_retention_days),
                failed_before=now - timedelta(days=settings.job_failed_retention_days),
            )
        self._last_purge = time.monotonic()
        return deleted

    def purge_if_due(self) -> int:
        """At most once an hour per worker: the delete scans finished jobs."""
        if self._last_purge is not None and time.monotonic() - self._last_purge < PURGE_EVERY_S:
            return 0
        return self.purge()

    # -------------------------------------------------------------- mechanics
    def _claim(self) -> Job | None:
        now = utcnow()
        with self.database.transaction() as session:
            repo = JobRepository(session)
            self._reclaim(repo, now)
            job = repo.claim_next(now, self.worker_id, now + self.lease)
            if job is not None:
                session.expunge(job)
            return job

    def _reclaim(self, repo: JobRepository, now: datetime) -> None:
        """Jobs of workers that died (the lease ran out) are retried at once: the lease
        already waited."""
        for stale in repo.expired(now):
            log.warning("job %s (%s) of %s: %s", stale.id, stale.kind, stale.worker_id, LOST_WORKER)
            self._retry_or_fail(repo, stale, LOST_WORKER, now, run_after=now, expired_at=now)

    def _execute(self, job: Job) -> str | None:
        """The handler's traceback, or None when it succeeded."""
        handler = self.handlers.get(job.kind)
        try:
            if handler is None:
                raise LookupError(f"no handler for job kind {job.kind!r}")
            with self._heartbeat(job):
                handler(self.database, self.settings, dict(job.payload))
        except Exception:
            error = traceback.format_exc()
            log.warning("job %s (%s) failed: %s", job.id, job.kind, error.splitlines()[-1])
            return error
        return None

    def _settle(self, job: Job, error: str | None) -> None:
        now = utcnow()
        with self.database.transaction() as session:
            repo = JobRepository(session)
            if error is not None:
                # Back off 30 s, 2 min, 8 min... so a flapping dependency is not hammered.
                backoff = timedelta(seconds=30 * 4 ** (job.attempts - 1))
                self._retry_or_fail(
                    repo, job, error, now, run_after=now + backoff, owner=self.worker_id
                )
                return
            done = {"status": JobStatus.done.value, "finished_at": now, "lease_expires_at": None}
            if not repo.settle(job.id, done, owner=self.worker_id):
                log.warning("job %s finished after its lease was lost; it may run again", job.id)

    def _retry_or_fail(
        self,
        repo: JobRepository,
        job: Job,
        error: str,
        now: datetime,
        *,
        run_after: datetime,
        owner: str | None = None,
        expired_at: datetime | None = None,
    ) -> None:
        """Requeues while attempts remain; otherwise — or when a job with the same dedupe key
        is already waiting, which will do the work — marks the job failed."""
        released = {"finished_at": now, "worker_id": None, "lease_expires_at": None}
        if job.attempts < job.max_attempts:
            retry = {**released, "last_error": error[-4000:], "run_after": run_after}
            if repo.requeue(job.id, retry, owner=owner, expired_at=expired_at):
                return
            error += SUPERSEDED
        failed = {**released, "status": JobStatus.failed.value, "last_error": error[-4000:]}
        repo.settle(job.id, failed, owner=owner, expired_at=expired_at)

    @contextmanager
    def _heartbeat(self, job: Job) -> Iterator[None]:
        """Renews the lease every third of it while the handler runs, from its own thread."""
        stop = threading.Event()
        beat = threading.Thread(target=self._beat, args=(job, stop), daemon=True)
        beat.start()
        try:
            yield
        finally:
            stop.set()
            beat.join()

    def _beat(self, job: Job, stop: threading.Event) -> None:
        while not stop.wait(self.lease.total_seconds() / 3):
            try:
                now = utcnow()
                with self.database.transaction() as session:
                    owned = JobRepository(session).heartbeat(
                        job.id, self.worker_id, now, now + self.lease
                    )
            except Exception:  # a missed beat is survivable; the next one may succeed
                log.exception("heartbeat of job %s failed", job.id)
                continue
            if not owned:
                log.warning("job %s: lease lost to another worker", job.id)
                return
