"""The queue under real concurrency, on both databases: separate connections to a committed
(file-backed or server) database, threads and a real worker process killed with SIGKILL."""

from __future__ import annotations

import itertools
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete

from tests.conftest import BACKENDS, fresh_postgres_database
from vstid.core.db import Database
from vstid.core.migrate import upgrade
from vstid.core.models import utcnow
from vstid.core.queue.models import Job, JobStatus
from vstid.core.queue.repository import JobRepository
from vstid.core.queue.runner import Handler, QueueRunner
from vstid.core.queue.service import enqueue
from vstid.core.settings import Environment, Settings

LEASE_S = 2
SLEEPY_WORKER = Path(__file__).with_name("sleepy_worker.py")


@dataclass
class Real:
    database: Database
    settings: Settings

    def runner(self, handlers: dict[str, Handler], worker_id: str) -> QueueRunner:
        return QueueRunner(self.database, self.settings, handlers, worker_id=worker_id)

    def job(self, job_id: uuid.UUID) -> Job:
        with self.database.transaction() as s:
            return JobRepository(s).get_or_404(job_id)


@pytest.fixture(scope="module", params=BACKENDS)
def real_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('queue') / 'queue.db'}"
    else:
        url = fresh_postgres_database("queue")
    upgrade(url)
    return url


@pytest.fixture
def real(real_url: str, tmp_path: Path) -> Iterator[Real]:
    settings = Settings(
        env=Environment.test,
        database_url=real_url,
        data_dir=tmp_path,
        secret_key="q" * 40,
        job_lease_s=LEASE_S,
    )
    database = Database(settings)
    with database.transaction() as s:
        s.execute(delete(Job))
    yield Real(database, settings)
    database.dispose()


@pytest.mark.killtest
def test_a_killed_workers_job_is_reclaimed_after_its_lease(real: Real, tmp_path: Path) -> None:
    marker = tmp_path / "started"
    with real.database.transaction() as s:
        job_id = enqueue(s, "test.sleep", {"marker": str(marker), "seconds": 60}).id
    args = [sys.executable, str(SLEEPY_WORKER), real.settings.resolved_database_url]
    proc = subprocess.Popen([*args, str(LEASE_S), str(tmp_path)], env=os.environ.copy())
    deadline = time.monotonic() + 60
    while not marker.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert marker.exists(), "the worker process never started the job"
    proc.send_signal(signal.SIGKILL)
    assert proc.wait(10) == -signal.SIGKILL
    dead = real.job(job_id)
    assert (dead.status, dead.worker_id, dead.attempts) == ("running", "doomed", 1)

    ran: list[dict[str, Any]] = []
    rescuer = real.runner({"test.sleep": lambda _db, _s, payload: ran.append(payload)}, "rescuer")
    lease_end = (dead.lease_expires_at or utcnow()).replace(tzinfo=UTC)
    if utcnow() < lease_end - timedelta(seconds=0.5):
        assert not rescuer.run_one(), "reclaimed while the lease was still running"
    deadline = time.monotonic() + 30
    while not rescuer.run_one() and time.monotonic() < deadline:
        time.sleep(0.1)
    done = real.job(job_id)
    assert (done.status, done.worker_id, done.attempts) == ("done", "rescuer", 2)
    assert len(ran) == 1


def test_concurrent_enqueues_with_one_dedupe_key_make_one_job(real: Real) -> None:
    """A's transaction is still open when B enqueues: check-then-insert saw no row and
    inserted a second (PostgreSQL); the unique index makes B wait for A and absorb."""
    a_enqueued = threading.Event()

    def enqueue_a() -> None:
        with real.database.transaction() as s:
            enqueue(s, "test.record", {"by": "a"}, dedupe_key="same")
            a_enqueued.set()
            time.sleep(0.5)

    def enqueue_b() -> None:
        a_enqueued.wait(10)
        with real.database.transaction() as s:
            enqueue(s, "test.record", {"by": "b"}, dedupe_key="same")

    threads = [threading.Thread(target=enqueue_a), threading.Thread(target=enqueue_b)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    with real.database.transaction() as s:
        rows = JobRepository(s).list()
    assert [(r.dedupe_key, r.payload) for r in rows] == [("same", {"by": "b"})]


def test_jobs_sharing_a_lock_key_never_run_at_once(real: Real) -> None:
    spans: list[tuple[float, float]] = []

    def publish(database: Database, settings: Settings, payload: dict[str, Any]) -> None:
        start = time.monotonic()
        time.sleep(0.4)
        spans.append((start, time.monotonic()))

    with real.database.transaction() as s:
        for n in range(3):
            enqueue(s, "test.publish", {"n": n}, lock_key="matching.index")

    def work(name: str) -> None:
        runner = real.runner({"test.publish": publish}, name)
        deadline = time.monotonic() + 30
        while len(spans) < 3 and time.monotonic() < deadline:
            if not runner.run_one():
                time.sleep(0.02)

    threads = [threading.Thread(target=work, args=(f"w{i}",)) for i in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert len(spans) == 3
    ordered = sorted(spans)
    overlaps = [(a, b) for a, b in itertools.pairwise(ordered) if b[0] < a[1]]
    assert not overlaps, "two jobs with one lock key ran at the same time"


def test_a_heartbeat_keeps_a_long_jobs_lease(real: Real) -> None:
    """The job runs three leases long; a second worker polling all along must not take it."""
    runs: list[str] = []

    def long(database: Database, settings: Settings, payload: dict[str, Any]) -> None:
        runs.append(payload["who"])
        time.sleep(LEASE_S * 3)

    with real.database.transaction() as s:
        job_id = enqueue(s, "test.long", {"who": "first"}).id
    first = threading.Thread(target=real.runner({"test.long": long}, "first").run_one)
    first.start()
    while not runs and first.is_alive():
        time.sleep(0.01)
    other = real.runner({"test.long": long}, "other")
    while first.is_alive():
        assert not other.run_one()
        time.sleep(0.1)
    row = real.job(job_id)
    assert (row.status, row.attempts, runs) == (JobStatus.done.value, 1, ["first"])
