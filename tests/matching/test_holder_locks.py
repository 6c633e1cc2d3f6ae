"""A request never waits out SQLite's busy timeout behind the index worker.

On SQLite a request's transaction holds the database's write lock from its first query (BEGIN
IMMEDIATE), and an index publisher holds the engine's lock while it waits for that write lock.
If the request then waited for the engine's lock, both would wait 30 s and the job would fail.
PostgreSQL has no database-wide write lock, so the deadlock, and this test, are SQLite's."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from vstid.core.db import Database
from vstid.core.migrate import upgrade
from vstid.core.settings import Environment, Settings
from vstid.matching.holder import EngineHolder, IndexNotReady
from vstid.matching.repository import IndexStateRepository

QUICK_S = 5.0  # well under the 30 s busy timeout


def test_a_request_gives_way_to_a_publishing_worker(tmp_path: Path) -> None:
    settings = Settings(
        env=Environment.test, data_dir=tmp_path, secret_key="t" * 40, embedder="hashing"
    )
    upgrade(settings.resolved_database_url)
    database = Database(settings)
    holder = EngineHolder(settings)
    holding, finished, errors = threading.Event(), threading.Event(), []

    def publisher() -> None:  # what a worker does: the engine's lock, then a transaction
        with holder.lock:
            holding.set()
            try:
                with database.transaction() as session:
                    IndexStateRepository(session).bump("m", 0)
            except Exception as exc:  # the busy timeout: the job would fail
                errors.append(exc)
        finished.set()

    request = database.session()
    IndexStateRepository(request).current()  # the request's first query takes the write lock
    worker = threading.Thread(target=publisher)
    worker.start()
    assert holding.wait(5)
    started = time.monotonic()
    with pytest.raises(IndexNotReady), holder.for_request(request):
        pass
    assert time.monotonic() - started < QUICK_S
    request.rollback()  # the request answers 503 and ends, releasing the write lock
    request.close()
    assert finished.wait(QUICK_S) and not errors, errors
    worker.join()
    database.dispose()
