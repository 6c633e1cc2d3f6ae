"""Migration 0005 puts a unique index on waiting jobs' dedupe keys; duplicates left by the old
check-then-insert enqueue must not make the upgrade fail."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.conftest import BACKENDS, fresh_postgres_database
from vstid.core.migrate import upgrade

# The 0004 table as it was (the model has moved on).
JOBS = sa.table(
    "jobs",
    *(sa.column(name) for name in ("kind", "status", "dedupe_key", "attempts", "max_attempts")),
    sa.column("id", sa.Uuid()),
    sa.column("payload", sa.JSON()),
    sa.column("run_after", sa.DateTime(timezone=True)),
    sa.column("created_at", sa.DateTime(timezone=True)),
)


@pytest.mark.parametrize("backend", BACKENDS)
def test_upgrade_keeps_the_newest_of_duplicate_waiting_jobs(backend: str, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'm.db'}" if backend == "sqlite" else fresh_postgres_database("m5")
    upgrade(url, "0004")
    engine = sa.create_engine(url)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    with engine.begin() as conn:
        for n, status in enumerate(["queued", "queued", "done"]):
            at = start + timedelta(minutes=n)
            conn.execute(
                JOBS.insert().values(
                    id=uuid.uuid4(), kind="k", payload={"n": n}, status=status,
                    dedupe_key="same", attempts=0, max_attempts=3, run_after=at, created_at=at,
                )
            )  # fmt: skip
    upgrade(url)
    with engine.connect() as conn:
        rows = conn.execute(sa.select(JOBS.c.status, JOBS.c.payload).order_by("created_at"))
        left = [tuple(r) for r in rows]
    engine.dispose()
    assert left == [("queued", {"n": 1}), ("done", {"n": 2})]
