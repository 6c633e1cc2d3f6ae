"""Health, readiness, metrics and request ids, as an operator's tools see them."""

from __future__ import annotations

import json
import logging

from fastapi.testclient import TestClient

from vstid.core.db import Database
from vstid.core.settings import Settings
from vstid.web.app import create_app
from vstid.web.observability import JsonFormatter, _RequestIdFilter

TOKEN = "scrape-" + "s" * 30


def _client(settings: Settings, database: Database, **overrides: object) -> TestClient:
    return TestClient(create_app(settings.model_copy(update=overrides), database))


def test_healthz_and_readyz(client: TestClient) -> None:
    alive = client.get("/healthz")
    assert alive.status_code == 200 and alive.json() == {"status": "alive"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    body = ready.json()
    assert body["status"] == "ready" and body["database"] is True
    assert body["queued_jobs"] == 0 and "index_never_built" in body["warnings"]
    assert ready.headers["cache-control"] == "no-store"


def test_readyz_answers_503_when_the_database_is_gone(settings: Settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    gone = settings.model_copy(update={"database_url": f"sqlite:///{tmp_path}/missing/x.db"})
    database = Database(gone)
    database.engine.dispose()
    (tmp_path / "missing").rmdir()  # the folder (and so the database file) cannot exist
    with TestClient(create_app(gone, database)) as client:
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["database"] is False


def test_metrics_need_the_token_or_a_loopback_client(
    settings: Settings, database: Database
) -> None:
    with _client(settings, database) as client:
        assert client.get("/metrics").status_code == 404, "the test client is not loopback"
    with _client(settings, database, metrics_token=TOKEN) as client:
        assert client.get("/metrics").status_code == 404
        client.get("/experts")
        client.get("/experts/no-such-expert")
        scraped = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert scraped.status_code == 200
    text = scraped.text
    assert (
        'vstid_http_request_duration_seconds_count{method="GET",route="/experts",status="200"}'
        in text
    )
    assert 'route="/experts/{slug}",status="404"' in text, "labelled by route template, not path"
    for family in ("vstid_index_version", "vstid_sign_in_failures_15m", "vstid_info"):
        assert f"\n{family}" in text or text.startswith(family)


def test_each_response_carries_a_request_id(client: TestClient) -> None:
    fresh = client.get("/healthz").headers["x-request-id"]
    assert len(fresh) == 32
    assert (
        client.get("/healthz", headers={"X-Request-ID": "lb-42.a"}).headers["x-request-id"]
        == "lb-42.a"
    )
    hostile = client.get("/healthz", headers={"X-Request-ID": 'a" onload=x' * 10})
    assert hostile.headers["x-request-id"] != 'a" onload=x' * 10


def test_json_log_lines_carry_the_request_id_and_extras() -> None:
    record = logging.LogRecord("vstid.access", logging.INFO, __file__, 1, "GET %s", ("/x",), None)
    record.status = 200
    _RequestIdFilter().filter(record)
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "GET /x" and line["status"] == 200
    assert line["request_id"] == "-" and line["level"] == "info"
