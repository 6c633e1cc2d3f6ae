"""Several app servers and a worker on one PostgreSQL database, as a production installation
runs them: every server is stateless. Uploaded files live in the database (VSTID_STORAGE=
database), each server has its own data folder, the index folder is shared (VSTID_INDEX_DIR)
and jobs run only in a `vstid worker` process (VSTID_WORKER_IN_PROCESS=false)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import fresh_postgres_database
from tests.livesrv import free_port
from vstid.core.db import Database
from vstid.core.migrate import upgrade
from vstid.core.settings import Environment, Settings
from vstid.demo.loader import DemoLoader

pytestmark = pytest.mark.slow

PASSWORD = "several-servers-2026"
PDF = b"%PDF-1.7\n" + "Bản vẽ kỹ thuật — 技術図面\n".encode() * 2000


@contextmanager
def _process(args: list[str], env: dict[str, str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, *args], env=env, stdout=out, stderr=out)
        try:
            yield proc
        finally:
            proc.terminate()
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:  # pragma: no cover - a stuck process
                proc.kill()
                proc.wait()


def _wait(what: str, check: Callable[[], Any], timeout: float = 60) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        try:
            value = check()
        except httpx.TransportError:
            value = None
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.3)


def _token(base: str, email: str) -> dict[str, str]:
    r = httpx.post(f"{base}/api/v1/auth/token", json={"email": email, "password": PASSWORD})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['token']}"}


def test_two_servers_and_a_worker_share_one_postgresql_database(tmp_path: Path) -> None:
    url = fresh_postgres_database("several")
    upgrade(url)
    settings = Settings(env=Environment.test, data_dir=tmp_path / "seed", database_url=url,
                        secret_key="s" * 40, embedder="hashing")  # fmt: skip
    database = Database(settings)
    with database.transaction() as session:
        DemoLoader(session, PASSWORD).load_all()
    database.dispose()

    common = {
        **os.environ,
        "VSTID_ENV": "test",
        "VSTID_DATABASE_URL": url,
        "VSTID_SECRET_KEY": "s" * 40,  # one key: a cookie signed by A is valid on B
        "VSTID_EMBEDDER": "hashing",
        "VSTID_STORAGE": "database",
        "VSTID_INDEX_DIR": str(tmp_path / "shared-index"),
        "VSTID_WORKER_IN_PROCESS": "false",
    }

    def env(name: str) -> dict[str, str]:
        return {**common, "VSTID_DATA_DIR": str(tmp_path / name)}  # nothing else is shared

    ports = free_port(), free_port()
    a, b = (f"http://127.0.0.1:{p}" for p in ports)
    with ExitStack() as stack:
        for name, port in zip("ab", ports, strict=True):
            serve = ["-m", "uvicorn", "vstid.web.asgi:app", "--port", str(port),
                     "--log-level", "warning"]  # fmt: skip
            stack.enter_context(_process(serve, env(name), tmp_path / f"{name}.log"))
        for base in (a, b):
            _wait(f"{base} to start", lambda base=base: httpx.get(f"{base}/healthz").is_success)

        requester = _token(a, "hai.ngo@example.vn")
        coordinator = _token(b, "coordinator.tokyo@example.jp")
        admin = _token(a, "admin@example.org")

        # A requester posts an order with an attachment on A ...
        order = httpx.post(f"{a}/api/v1/orders", headers=requester, json={
            "title": "Cảm biến đo độ mặn cho vùng Đồng bằng sông Cửu Long",
            "description": "Chúng tôi cần một hệ thống cảm biến đo độ mặn nước sông theo thời gian thực.",
            "language": "vi", "fields": [], "engagement_type": "consulting",
        })  # fmt: skip
        assert order.status_code == 201, order.text
        slug = order.json()["slug"]
        files = {"file": ("bản vẽ.pdf", PDF, "application/pdf")}
        upload = httpx.post(f"{a}/api/v1/orders/{slug}/attachments", headers=requester, files=files)
        assert upload.status_code == 201, upload.text
        assert httpx.post(f"{a}/api/v1/orders/{slug}/submit", headers=requester).is_success

        # ... the coordinator sees it in the queue on B, approves it there ...
        queue = httpx.get(f"{b}/api/v1/coordinator/queue", headers=coordinator).json()
        assert slug in [o["slug"] for o in queue["items"]]
        approved = httpx.post(f"{b}/api/v1/orders/{slug}/approve", headers=coordinator)
        assert approved.status_code == 200 and approved.json()["status"] == "open", approved.text
        assert httpx.get(f"{a}/api/v1/orders/{slug}", headers=requester).json()["status"] == "open"

        # ... and downloads the file A received, from B, which never had it on disk.
        file_url = f"/api/v1/orders/{slug}/attachments/{upload.json()['id']}"
        download = httpx.get(f"{b}{file_url}", headers=coordinator)
        assert download.status_code == 200 and download.content == PDF
        assert not list(tmp_path.rglob("*.pdf")), "an upload landed on a local disk"

        # No server runs jobs: the rebuild asked on A waits for the worker.
        rebuild = httpx.post(f"{a}/api/v1/index/rebuild", headers=admin)
        assert rebuild.status_code == 202, rebuild.text
        time.sleep(1)
        assert httpx.get(f"{b}/api/v1/index/health", headers=admin).json()["version"] == 0
        work = ["-m", "vstid.cli", "worker", "--poll", "0.2"]
        stack.enter_context(_process(work, env("worker"), tmp_path / "worker.log"))

        def published(base: str) -> int:
            health = httpx.get(f"{base}/api/v1/index/health", headers=admin).json()
            return int(health["version"]) if not health.get("rebuilding") else 0

        version = _wait("the worker's rebuild", lambda: published(a), timeout=120)
        # Both servers load the version the worker published, from the shared index folder.
        for base in (a, b):
            # the first search on a server loads the published index and the model: not 5 s
            search = httpx.get(f"{base}/api/v1/match/experts", headers=admin, timeout=90,
                               params={"q": "cảm biến độ mặn nước sông"})  # fmt: skip
            assert search.status_code == 200, (base, search.text)
            assert search.json(), base
            assert published(base) >= version
        # The approval queued the order's ranking; the worker computed it with that index.
        ranked = _wait(
            "the order's ranking",
            lambda: (
                httpx.get(f"{b}/api/v1/orders/{slug}/matches", headers=requester)
                .json()
                .get("ready")
            ),
        )
        assert ranked
    # The index lives only in the shared folder; no process kept one in its own data folder.
    assert list((tmp_path / "shared-index").rglob("*.json"))
    assert not [p for name in ("a", "b", "worker") for p in (tmp_path / name).rglob("index")]
