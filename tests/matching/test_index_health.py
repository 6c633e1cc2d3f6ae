"""Issue 9, defect 1: a matching job that fails for good is shown to admins (page and API),
with a rebuild button; an order whose ranking failed says so instead of "computing" forever."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from tests.web.helpers import login, post_form
from tests.world import Api, World, open_order
from vstid.audit.models import AuditEntry
from vstid.core.db import Database
from vstid.core.models import utcnow
from vstid.core.queue.kinds import MATCHING_ATTEMPTS, JobKind
from vstid.core.queue.models import Job
from vstid.core.queue.runner import QueueRunner
from vstid.core.settings import Settings
from vstid.jobs.handlers import HANDLERS
from vstid.jobs.worker import run_pending
from vstid.matching.service import MatchingService


def _locked(database: Database, settings: Settings, payload: dict[str, Any]) -> None:
    raise RuntimeError("database is locked")


def _fail_every_attempt(
    database: Database, settings: Settings, kind: JobKind, attempts: int = MATCHING_ATTEMPTS
) -> list[str]:
    """Runs the queue with `kind` failing, making each back-off due at once; the job's status
    after each attempt."""
    runner = QueueRunner(database, settings, {**HANDLERS, kind: _locked})
    states = []
    for _ in range(attempts):
        with database.transaction() as s:
            s.execute(update(Job).where(Job.status == "queued").values(run_after=utcnow()))
        assert runner.run_pending() >= 1
        with database.transaction() as s:
            states.append(s.scalars(select(Job.status).where(Job.kind == str(kind))).one())
    return states


def _queue_rebuild(database: Database, settings: Settings) -> None:
    with database.transaction() as s:
        MatchingService(s, settings).request_rebuild()


def test_a_failed_rebuild_retries_then_shows_to_admins(
    client: TestClient,
    api: Api,
    world: World,
    session: Session,
    database: Database,
    settings: Settings,
) -> None:
    _queue_rebuild(database, settings)
    states = _fail_every_attempt(database, settings, JobKind.matching_rebuild)
    assert states == ["queued"] * (MATCHING_ATTEMPTS - 1) + ["failed"]  # retried with back-off
    order = open_order(session, world)
    assert api.get(world.requester, f"/orders/{order.slug}/matches").json()["state"] == "pending"
    health = api.get(world.admin, "/index/health").json()
    assert health["failed"]["kind"] == "matching.rebuild"
    assert health["failed"]["error"] == "RuntimeError: database is locked"
    assert api.get(world.coordinator, "/index/health").json()["failed"] is not None
    assert api.get(world.requester, "/index/health").status_code == 403
    rebuilt = api.post(world.admin, "/index/rebuild")
    assert rebuilt.status_code == 202 and rebuilt.json()["active"] == {"matching.rebuild": "queued"}
    login(client, world.admin.email)
    page = client.get("/admin/index")
    assert page.status_code == 200 and 'data-testid="index-failed"' in page.text
    assert "database is locked" in page.text and "vstid index build" in page.text
    assert 'data-testid="index-badge"' in client.get("/admin/index/badge").text
    run_pending(database, settings)  # the queued rebuild succeeds: the old failure is history
    with database.transaction() as s:
        assert MatchingService(s, settings).index_health(world.admin).failed is None
    assert 'data-testid="index-failed"' not in client.get("/admin/index").text


def test_the_rebuild_button_queues_an_audited_rebuild(
    client: TestClient, world: World, session: Session, database: Database, settings: Settings
) -> None:
    login(client, world.admin.email)
    assert post_form(client, "/admin/index/rebuild", {}).status_code == 303
    queued = session.scalars(select(Job).where(Job.kind == "matching.rebuild")).one()
    assert queued.status == "queued" and queued.max_attempts == MATCHING_ATTEMPTS
    audit = session.scalars(select(AuditEntry).where(AuditEntry.action == "index.rebuild")).one()
    assert audit.actor_id == world.admin.id
    run_pending(database, settings)  # the rebuild succeeds: the health is clean again
    health = MatchingService(session, settings).index_health(world.admin)
    assert health.version >= 1 and health.failed is None and not health.active


def test_only_admins_rebuild_and_only_staff_see_the_health(
    client: TestClient, api: Api, world: World, session: Session
) -> None:
    assert api.post(world.coordinator, "/index/rebuild").status_code == 403
    assert api.post(world.requester, "/index/rebuild").status_code == 403
    login(client, world.coordinator.email)
    assert client.get("/admin/index").status_code == 200
    assert 'data-testid="rebuild-index"' not in client.get("/admin/index").text
    assert post_form(client, "/admin/index/rebuild", {}).status_code == 403
    assert session.scalars(select(Job).where(Job.kind == "matching.rebuild")).first() is None
    client.cookies.clear()
    login(client, world.requester.email)
    assert client.get("/admin/index").status_code == 403
    assert client.get("/admin/index/badge").text == ""


def test_an_order_whose_ranking_failed_says_so(
    client: TestClient, world: World, session: Session, database: Database, settings: Settings
) -> None:
    order = open_order(session, world)
    with database.transaction() as s:
        MatchingService(s, settings).request_order_match(order.id)
    login(client, world.requester.email)
    pending = client.get(f"/orders/{order.slug}/experts").text
    assert 'data-testid="matches-pending"' in pending
    _fail_every_attempt(database, settings, JobKind.matching_order, attempts=1)
    assert 'data-testid="matches-retrying"' in client.get(f"/orders/{order.slug}/experts").text
    states = _fail_every_attempt(database, settings, JobKind.matching_order, MATCHING_ATTEMPTS - 1)
    assert states[-1] == "failed"
    page = client.get(f"/orders/{order.slug}/experts").text
    assert 'data-testid="matches-failed"' in page and 'data-testid="matches-pending"' not in page
    assert "every 3s" not in page  # stops polling a ranking that will not come by itself
    with database.transaction() as s:
        assert MatchingService(s, settings).ranking_state(order.id) == "failed"  # the API's state
