"""Readiness and the database-backed metric figures, on both databases."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from vstid.core.models import utcnow
from vstid.core.queue.kinds import JobKind
from vstid.core.queue.service import enqueue
from vstid.ops.service import STALE_BACKLOG, OpsService


def test_a_fresh_database_is_ready_and_says_the_index_was_never_built(session: Session) -> None:
    state = OpsService(session).readiness()
    assert state.ready and state.database
    assert state.queued_jobs == 0
    assert "index_never_built" in state.warnings


def test_the_backlog_is_counted_per_kind_and_a_stale_one_is_a_warning(session: Session) -> None:
    enqueue(session, JobKind.notifications_email, {"n": 1})
    enqueue(session, JobKind.notifications_email, {"n": 2})
    stale = enqueue(session, JobKind.imports_file, {"batch": "x"})
    stale.created_at = utcnow() - STALE_BACKLOG - timedelta(minutes=1)
    session.flush()
    ops = OpsService(session)
    backlog = {e.kind: e for e in ops.snapshot().backlog}
    assert backlog[JobKind.notifications_email].queued == 2
    assert backlog[JobKind.imports_file].oldest_age_s > STALE_BACKLOG.total_seconds()
    state = ops.readiness()
    assert state.ready, "a stale queue is a warning: the process still serves"
    assert state.queued_jobs == 3
    assert "job_backlog" in state.warnings


def test_an_index_being_built_is_no_warning(session: Session) -> None:
    job = enqueue(session, JobKind.matching_rebuild, {})
    job.status = "running"  # the worker has it: nothing queued, but the index is coming
    session.flush()
    assert "index_never_built" not in OpsService(session).readiness().warnings
