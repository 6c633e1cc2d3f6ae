"""Executes queued jobs: synchronously (tests, CLI) or in a background thread (web process)."""

from __future__ import annotations

import logging
import threading
import traceback
from contextvars import ContextVar
from datetime import timedelta

from vstid.core.db import Database
from vstid.core.models import utcnow
from vstid.core.settings import Settings, get_settings
from vstid.jobs.models import Job, JobStatus
from vstid.jobs.registry import get_handler, get_long_handler
from vstid.jobs.repository import JobRepository

__all__ = ["BackgroundWorker", "job_settings", "run_one", "run_pending"]

log = logging.getLogger("vstid.jobs")
_current_settings: ContextVar[Settings | None] = ContextVar("vstid_job_settings", default=None)


def job_settings() -> Settings:
    """The settings of the worker running the current job (handlers have no request)."""
    return _current_settings.get() or get_settings()


def _claim(database: Database) -> Job | None:
    with database.transaction() as session:
        job = JobRepository(session).claim_next(utcnow())
        if job is not None:
            session.expunge(job)
        return job


def _finish(database: Database, job: Job, error: str | None) -> None:
    with database.transaction() as session:
        row = JobRepository(session).get(job.id)
        if row is None:
            return
        row.finished_at = utcnow()
        if error is None:
            row.status = JobStatus.done.value
            return
        row.last_error = error[-4000:]
        retry = row.attempts < row.max_attempts
        row.status = JobStatus.queued.value if retry else JobStatus.failed.value
        # Back off 30 s, 2 min, 8 min... so a flapping dependency is not hammered.
        row.run_after = utcnow() + timedelta(seconds=30 * 4 ** (row.attempts - 1))


def run_one(database: Database, settings: Settings | None = None) -> bool:
    """Runs the next due job in its own transaction; False when the queue is empty."""
    token = _current_settings.set(settings)
    try:
        return _run_next(database)
    finally:
        _current_settings.reset(token)


def _run_next(database: Database) -> bool:
    job = _claim(database)
    if job is None:
        return False
    fn, long_fn = get_handler(job.kind), get_long_handler(job.kind)
    error = None
    try:
        if long_fn is not None:
            long_fn(database, dict(job.payload))
        elif fn is not None:
            with database.transaction() as session:
                fn(session, dict(job.payload))
        else:
            raise LookupError(f"no handler for job kind {job.kind!r}")
    except Exception:
        error = traceback.format_exc()
        log.warning("job %s (%s) failed: %s", job.id, job.kind, error.splitlines()[-1])
    _finish(database, job, error)
    return True


def run_pending(database: Database, settings: Settings | None = None, limit: int = 10_000) -> int:
    done = 0
    while done < limit and run_one(database, settings):
        done += 1
    return done


class BackgroundWorker:
    """One daemon thread per web process polling the queue; stops cleanly on shutdown."""

    def __init__(
        self, database: Database, settings: Settings | None = None, poll_s: float = 1.0
    ) -> None:
        self.database = database
        self.settings = settings
        self.poll_s = poll_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="vstid-jobs", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._thread.join(timeout)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                worked = run_one(self.database, self.settings)
            except Exception:  # the loop must survive a broken database connection
                log.exception("job worker iteration failed")
                worked = False
            if not worked:
                self._stop.wait(self.poll_s)
