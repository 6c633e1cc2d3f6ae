"""The queue's mechanics on one connection (rolled back per test), on both databases: order,
dedupe, retries, reclaim of expired leases, lock keys, retention. Concurrency and kill -9 are
in test_concurrency.py."""

from __future__ import annotations

import uuid
from datetime import UTC, timedelta
from typing import Any

import pytest
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from vstid.core.db import Database
from vstid.core.models import utcnow
from vstid.core.queue.models import Job, JobStatus
from vstid.core.queue.repository import JobRepository
from vstid.core.queue.runner import QueueRunner
from vstid.core.queue.service import enqueue, job_counts
from vstid.core.settings import Settings

seen: list[dict[str, Any]] = []


def _record(database: Database, settings: Settings, payload: dict[str, Any]) -> None:
    seen.append(payload)


def _explode(database: Database, settings: Settings, payload: dict[str, Any]) -> None:
    raise RuntimeError("boom")


@pytest.fixture
def runner(database: Database, settings: Settings) -> QueueRunner:
    seen.clear()
    handlers = {"test.record": _record, "test.explode": _explode}
    return QueueRunner(database, settings, handlers, worker_id="test-worker")


def _row(database: Database, job_id: uuid.UUID) -> Job:
    with database.transaction() as s:
        row = JobRepository(s).get(job_id)
        assert row is not None
        return row


def test_jobs_run_after_commit_in_order(database: Database, runner: QueueRunner) -> None:
    with database.transaction() as s:
        enqueue(s, "test.record", {"n": 1})
        enqueue(s, "test.record", {"n": 2})
    assert runner.run_pending() == 2
    assert [p["n"] for p in seen] == [1, 2]
    with database.transaction() as s:
        assert job_counts(s) == {JobStatus.done.value: 2}


def test_dedupe_key_merges_waiting_jobs(database: Database, runner: QueueRunner) -> None:
    with database.transaction() as s:
        first = enqueue(s, "test.record", {"n": 1}, dedupe_key="k")
        second = enqueue(s, "test.record", {"n": 2}, dedupe_key="k")
        assert first.id == second.id
    runner.run_pending()
    assert seen == [{"n": 2}]


def test_the_database_refuses_a_second_waiting_job_with_one_dedupe_key(session: Session) -> None:
    """The index, not the enqueue code, holds the rule: a plain insert is refused."""
    session.add(Job(kind="test.record", payload={}, dedupe_key="twice"))
    session.flush()
    session.add(Job(kind="test.record", payload={}, dedupe_key="twice"))
    with pytest.raises(IntegrityError):
        session.flush()


def test_a_running_job_does_not_absorb_a_new_one(database: Database, runner: QueueRunner) -> None:
    """The change queued while a job runs must still be processed after it."""
    with database.transaction() as s:
        job = enqueue(s, "test.record", {"n": 1}, dedupe_key="k")
        _expire(s, job, lease_left=timedelta(minutes=5))
        again = enqueue(s, "test.record", {"n": 2}, dedupe_key="k")
        assert again.id != job.id


def test_failing_job_is_retried_later_then_marked_failed(
    database: Database, runner: QueueRunner
) -> None:
    with database.transaction() as s:
        job = enqueue(s, "test.explode", {}, max_attempts=2)
    assert runner.run_pending() == 1
    row = _row(database, job.id)
    assert row.status == JobStatus.queued.value
    assert row.run_after.replace(tzinfo=UTC) > utcnow()  # backed off (SQLite gives naive UTC)
    with database.transaction() as s:
        JobRepository(s).get_or_404(job.id).run_after = utcnow()
    assert runner.run_pending() == 1
    row = _row(database, job.id)
    assert row.status == JobStatus.failed.value and row.attempts == 2
    assert row.last_error and "boom" in row.last_error


def test_unknown_kind_fails_with_a_clear_error(database: Database, runner: QueueRunner) -> None:
    with database.transaction() as s:
        job = enqueue(s, "no.such.kind", {}, max_attempts=1)
    runner.run_pending()
    assert "no handler for job kind 'no.such.kind'" in (_row(database, job.id).last_error or "")


def _expire(s: Session, job: Job, lease_left: timedelta = -timedelta(seconds=1)) -> None:
    """Makes the job look claimed by a worker that has since died (or, with time left, one
    that is still alive)."""
    job.status, job.worker_id, job.attempts = JobStatus.running.value, "dead-worker", 1
    job.lease_expires_at = utcnow() + lease_left
    s.flush()


def test_a_job_whose_lease_expired_is_reclaimed_and_run(
    database: Database, runner: QueueRunner
) -> None:
    with database.transaction() as s:
        job = enqueue(s, "test.record", {"n": 7})
        _expire(s, job)
    assert runner.run_pending() == 1
    row = _row(database, job.id)
    assert (row.status, row.attempts, row.worker_id) == ("done", 2, "test-worker")
    assert seen == [{"n": 7}]


def test_a_live_lease_is_left_alone(database: Database, runner: QueueRunner) -> None:
    with database.transaction() as s:
        job = enqueue(s, "test.record", {})
        _expire(s, job, lease_left=timedelta(minutes=5))
    assert runner.run_pending() == 0
    assert _row(database, job.id).status == JobStatus.running.value


def test_an_expired_job_out_of_attempts_fails(database: Database, runner: QueueRunner) -> None:
    with database.transaction() as s:
        job = enqueue(s, "test.record", {}, max_attempts=1)
        _expire(s, job)
    assert runner.run_pending() == 0
    row = _row(database, job.id)
    assert row.status == JobStatus.failed.value and "lease expired" in (row.last_error or "")


def test_an_expired_job_with_a_waiting_twin_gives_way(
    database: Database, runner: QueueRunner
) -> None:
    """Requeueing would make two waiting jobs with one dedupe key; the waiting one does it."""
    with database.transaction() as s:
        stale = enqueue(s, "test.record", {"n": 1}, dedupe_key="k")
        _expire(s, stale)
        twin = enqueue(s, "test.record", {"n": 2}, dedupe_key="k")
    assert runner.run_pending() == 1
    assert seen == [{"n": 2}]
    assert _row(database, twin.id).status == JobStatus.done.value
    assert "same dedupe key" in (_row(database, stale.id).last_error or "")


def test_a_lock_key_held_by_a_running_job_holds_back_its_peers(
    database: Database, runner: QueueRunner
) -> None:
    with database.transaction() as s:
        busy = enqueue(s, "test.record", {"n": 1}, lock_key="L")
        _expire(s, busy, lease_left=timedelta(minutes=5))
        enqueue(s, "test.record", {"n": 2}, lock_key="L")
        enqueue(s, "test.record", {"n": 3}, lock_key="other")
    assert runner.run_pending() == 1
    assert seen == [{"n": 3}]


def test_retention_deletes_old_finished_jobs_only(
    database: Database, settings: Settings, runner: QueueRunner
) -> None:
    now = utcnow()
    done_limit = timedelta(days=settings.job_retention_days)
    failed_limit = timedelta(days=settings.job_failed_retention_days)
    ages = {
        "old done": ("done", done_limit + timedelta(hours=1)),
        "recent done": ("done", done_limit - timedelta(hours=1)),
        "old failed": ("failed", failed_limit + timedelta(hours=1)),
        "recent failed": ("failed", failed_limit - timedelta(hours=1)),
        "old queued": ("queued", failed_limit * 2),
    }
    with database.transaction() as s:
        for name, (status, age) in ages.items():
            job = enqueue(s, "test.record", {"name": name}, run_after=now + timedelta(days=1))
            job.status, job.created_at, job.finished_at = status, now - age, now - age
    assert runner.purge_if_due() == 2
    assert runner.purge_if_due() == 0  # not again within the hour
    with database.transaction() as s:
        left = {j.payload["name"] for j in JobRepository(s).list()}
    assert left == {"recent done", "recent failed", "old queued"}
