"""Benchmark: what importing N experts costs the matching index (issue 8, item 3).

Prints figures; asserts nothing. Imports N generated profiles through the real import runner
into a fresh database (file-backed SQLite, or PostgreSQL with --postgres), runs the queued jobs,
then edits one profile and runs the queue again. Reports, for each step: wall time, index
publishes (how far the version row moved) and the size of the index files that are new or
changed at the end of the step (a folder rewritten a thousand times counts once); and how long
another process (a web process's holder) takes to load the index, then to follow the edit. Uses only APIs that predate the batching, so the same script measures the
code before and after it:

    .venv/bin/python bench/reindex.py                         # 1,000 experts, SQLite
    .venv/bin/python bench/reindex.py --experts 5000 --postgres
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from sqlalchemy import create_engine, select, text

from vstid.core.db import Database
from vstid.core.migrate import upgrade
from vstid.core.settings import Settings
from vstid.experts.models import ExpertProfile
from vstid.experts.profiles import ExpertProfileService
from vstid.hubs.models import Hub
from vstid.imports.runner import run_import
from vstid.jobs.worker import run_pending
from vstid.matching.holder import EngineHolder
from vstid.matching.service import MatchingService

PG_ADMIN = os.environ.get(
    "VSTID_BENCH_PG_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1/postgres"
)


def _jsonl(count: int) -> bytes:
    rows = []
    for i in range(count):
        row = {
            "id": f"B{i:06d}",
            "name": f"Chuyên Gia {i:06d}",
            "country_of_residence": "JP",
            "headline": f"Topic {i % 37} in water quality and sensor networks {i}",
            "bio": f"Designs monitoring for aquaculture ponds, site {i % 101}.",
            "publications": [{"title": f"Paper {i} on Đà Nẵng ports", "year": 2020}],
        }
        rows.append(json.dumps(row, ensure_ascii=False))
    return "\n".join(rows).encode()


def _database_url(tmp: Path, postgres: bool) -> str:
    if not postgres:
        return f"sqlite:///{tmp / 'bench.db'}"
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text('DROP DATABASE IF EXISTS "vstid_bench_reindex" WITH (FORCE)'))
        conn.execute(text('CREATE DATABASE "vstid_bench_reindex"'))
    admin.dispose()
    return PG_ADMIN.rsplit("/", 1)[0] + "/vstid_bench_reindex"


def _files(root: Path) -> dict[Path, tuple[int, int]]:
    if not root.exists():
        return {}
    return {p: (p.stat().st_mtime_ns, p.stat().st_size) for p in root.rglob("*") if p.is_file()}


def _written(before: dict[Path, tuple[int, int]], root: Path) -> int:
    return sum(size for p, (m, size) in _files(root).items() if before.get(p) != (m, size))


def _version(database: Database, settings: Settings) -> int:
    with database.transaction() as session:
        return MatchingService(session, settings).index_version()


def _step(name: str, database: Database, settings: Settings, work: object) -> None:
    root = settings.index_dir
    files, version, start = _files(root), _version(database, settings), time.perf_counter()
    work()  # type: ignore[operator]
    seconds = time.perf_counter() - start
    publishes = _version(database, settings) - version
    written = _written(files, root) / 1e3
    print(f"{name:<34} {seconds:8.2f} s  {publishes:6d} publishes  {written:10.1f} kB written")


def _read(name: str, database: Database, reader: EngineHolder) -> None:
    start = time.perf_counter()
    with database.transaction() as session, reader.for_request(session) as engine:
        experts = len(engine)
    seconds = time.perf_counter() - start
    print(f"{name:<34} {seconds:8.2f} s  {experts:6d} experts held")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--experts", type=int, default=1000)
    parser.add_argument("--postgres", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = _database_url(Path(tmp), args.postgres)
        upgrade(url)
        settings = Settings(
            data_dir=Path(tmp), database_url=url, secret_key="b" * 40, embedder="hashing"
        )
        database = Database(settings)
        with database.transaction() as session:
            session.add(Hub(code="JP", country="JP", name={"en": "Bench"}, is_pilot=True))
        data = _jsonl(args.experts)
        print(f"{args.experts} experts, {'PostgreSQL' if args.postgres else 'SQLite'}")
        _step("import (queues the re-index)", database, settings,
              lambda: run_import(database, file="bench.jsonl", data=data, batch_size=100))  # fmt: skip
        _step("run queue (index the import)", database, settings,
              lambda: run_pending(database, settings))  # fmt: skip

        def edit_one() -> None:
            with database.transaction() as session:
                expert = session.scalars(select(ExpertProfile).limit(1)).one()
                expert.headline = "Tidal energy and coastal erosion"
                ExpertProfileService(session).request_reindex(expert.id)
            run_pending(database, settings)

        reader = EngineHolder(settings)  # another process: loads from the files
        _read("another process loads the index", database, reader)
        _step("edit one profile, run queue", database, settings, edit_one)
        _read("that process follows the edit", database, reader)
        database.dispose()


if __name__ == "__main__":
    main()
