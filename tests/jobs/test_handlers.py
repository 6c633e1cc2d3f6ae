"""The application's handler table covers every job kind (and nothing else)."""

from __future__ import annotations

from vstid.core.queue.kinds import JobKind
from vstid.jobs.handlers import HANDLERS


def test_every_job_kind_has_a_handler() -> None:
    assert set(HANDLERS) == set(JobKind)
