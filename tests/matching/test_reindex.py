"""Batched re-indexing (issue 8, item 3): changed profiles are marked, one de-duplicated job
takes them into the index a batch per publish, on both databases."""

from __future__ import annotations

import json
import math
import uuid
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import JSON, DateTime, Uuid, column, select, table
from sqlalchemy.orm import Session

from tests.builders import make_expert, make_hub
from tests.conftest import fresh_postgres_database
from vstid.core.db import Database
from vstid.core.migrate import upgrade
from vstid.core.queue.kinds import JobKind
from vstid.core.queue.models import Job
from vstid.core.settings import Settings
from vstid.experts.models import ExpertProfile, ReindexMark
from vstid.experts.profiles import ExpertProfileService
from vstid.experts.repository import ReindexMarkRepository
from vstid.imports.runner import run_import
from vstid.jobs.worker import run_pending
from vstid.matching.holder import holder_for
from vstid.matching.service import MatchingService
from vstid.matching.worker import REINDEX_BATCH

EXPERTS = 1000


def _row(i: int) -> str:
    row = {
        "id": f"B{i:05d}",
        "name": f"Chuyên Gia {i:05d}",
        "country_of_residence": "JP",
        "headline": f"Topic {i % 37} in water quality and sensor {i}",
        "publications": [{"title": f"Paper {i} on Đà Nẵng ports", "year": 2020}],
    }
    return json.dumps(row, ensure_ascii=False)


def _jsonl(count: int) -> bytes:
    return "\n".join(_row(i) for i in range(count)).encode()


def test_import_of_1000_experts_publishes_a_bounded_number_of_times(
    database: Database, session: Session, settings: Settings
) -> None:
    make_hub(session)
    session.commit()
    with database.transaction() as s:
        start = MatchingService(s, settings).index_version()
    report = run_import(database, file="many.jsonl", data=_jsonl(EXPERTS), batch_size=100)
    assert report.counts == {"created": EXPERTS}
    jobs = session.scalars(select(Job).where(Job.kind == JobKind.matching_reindex)).all()
    assert len(jobs) == 1, "one de-duplicated job, not one per expert"

    run_pending(database, settings)
    with database.transaction() as s:
        publishes = MatchingService(s, settings).index_version() - start
        assert publishes <= math.ceil(EXPERTS / REINDEX_BATCH) + 1
        assert ReindexMarkRepository(s).waiting() == 0
        with holder_for(settings).for_request(s) as engine:
            assert len(engine) == EXPERTS


def test_hidden_and_deleted_profiles_leave_the_index(
    database: Database, session: Session, settings: Settings
) -> None:
    hub = make_hub(session)
    experts = [make_expert(session, hub, headline=f"Coastal erosion {i}") for i in range(3)]
    profiles = ExpertProfileService(session)
    for expert in experts:
        profiles.request_reindex(expert.id)
    session.commit()
    run_pending(database, settings)
    experts[0].visibility = "hidden"
    profiles.request_reindex(experts[0].id)
    gone = experts[1].id
    session.delete(experts[1])
    profiles.request_reindex(gone)
    session.commit()
    run_pending(database, settings)
    with database.transaction() as s, holder_for(settings).for_request(s) as engine:
        assert set(engine.experts) == {str(experts[2].id)}


def test_a_mark_renewed_while_its_batch_is_applied_stays(session: Session) -> None:
    marks = ReindexMarkRepository(session)
    first, second = uuid.uuid4(), uuid.uuid4()
    marks.mark(first)
    marks.mark(second)
    read = marks.oldest(10)
    marks.mark(first)  # changed again after the batch read it: must be re-indexed again
    marks.clear(read)
    assert [e for e, _ in marks.oldest(10)] == [first]


# The jobs table as revision 0004 made it (the model may have grown columns since).
_JOBS_AT_0004 = table(
    "jobs",
    column("id", Uuid()),
    column("payload", JSON()),
    column("run_after", DateTime(timezone=True)),
    column("created_at", DateTime(timezone=True)),
    *(column(c) for c in ("kind", "status", "attempts", "max_attempts")),
)


def _old_job(expert_id: uuid.UUID) -> dict[str, object]:
    now = datetime.now(UTC)
    return {
        "id": uuid.uuid4(), "kind": "matching.expert", "status": "queued", "attempts": 0,
        "payload": {"expert_id": str(expert_id)}, "max_attempts": 3,
        "run_after": now, "created_at": now,
    }  # fmt: skip


def test_migration_turns_queued_expert_jobs_into_marks(tmp_path: Path) -> None:
    for url in (f"sqlite:///{tmp_path / 'm.db'}", fresh_postgres_database("marks")):
        upgrade(url, "0004")
        database = Database(Settings(data_dir=tmp_path, database_url=url, secret_key="t" * 40))
        experts = [uuid.uuid4(), uuid.uuid4()]
        with database.transaction() as s:
            for expert_id in [*experts, experts[0]]:
                s.execute(_JOBS_AT_0004.insert().values(**_old_job(expert_id)))
        upgrade(url)
        with database.transaction() as s:
            assert set(s.scalars(select(ReindexMark.expert_id))) == set(experts)
            jobs = s.scalars(select(Job)).all()
            assert [(j.kind, j.dedupe_key) for j in jobs] == [
                (JobKind.matching_reindex, JobKind.matching_reindex)
            ]
            assert s.scalar(select(ExpertProfile.id)) is None
        database.dispose()
