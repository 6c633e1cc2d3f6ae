from typing import Any

from sqlalchemy.orm import Session

from vstid.core.db import Database
from vstid.jobs.models import JobStatus
from vstid.jobs.registry import handler
from vstid.jobs.repository import JobRepository
from vstid.jobs.runner import run_pending
from vstid.jobs.service import enqueue

seen: list[dict[str, Any]] = []


@handler("test.record")
def _record(session: Session, payload: dict[str, Any]) -> None:
    seen.append(payload)


@handler("test.explode")
def _explode(session: Session, payload: dict[str, Any]) -> None:
    raise RuntimeError("boom")


def test_jobs_run_after_commit_in_order(database: Database) -> None:
    seen.clear()
    with database.transaction() as s:
        enqueue(s, "test.record", {"n": 1})
        enqueue(s, "test.record", {"n": 2})
    assert run_pending(database) == 2
    assert [p["n"] for p in seen] == [1, 2]
    with database.transaction() as s:
        assert JobRepository(s).counts() == {JobStatus.done.value: 2}


def test_dedupe_key_merges_waiting_jobs(database: Database) -> None:
    seen.clear()
    with database.transaction() as s:
        first = enqueue(s, "test.record", {"n": 1}, dedupe_key="k")
        second = enqueue(s, "test.record", {"n": 2}, dedupe_key="k")
        assert first.id == second.id
    run_pending(database)
    assert seen == [{"n": 2}]


def test_failing_job_is_retried_later_then_marked_failed(database: Database) -> None:
    with database.transaction() as s:
        job = enqueue(s, "test.explode", {})
        job.max_attempts = 1
        job_id = job.id
    assert run_pending(database) == 1
    with database.transaction() as s:
        row = JobRepository(s).get(job_id)
        assert row is not None and row.status == JobStatus.failed.value
        assert row.last_error and "boom" in row.last_error


def test_unknown_kind_fails_with_a_clear_error(database: Database) -> None:
    with database.transaction() as s:
        job = enqueue(s, "no.such.kind", {})
        job.max_attempts = 1
        job_id = job.id
    run_pending(database)
    with database.transaction() as s:
        row = JobRepository(s).get(job_id)
        assert row is not None and "no handler for job kind 'no.such.kind'" in (
            row.last_error or ""
        )
