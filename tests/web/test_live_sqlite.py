"""Every database-touching page, through a real server on a real file-backed SQLite database.

The in-process tests bind all sessions to one connection, so they cannot see a request that
opens a second connection while its own holds SQLite's write lock: that request waits out the
busy timeout (30 s) and fails. Here every request gets its own connection, as in `make demo`."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from tests.livesrv import LiveServer, live_server
from vstid.demo.loader import DemoLoader

PASSWORD = "demo-password-123"
QUICK_S = 8.0  # far below the 30 s busy timeout a lock wait would take
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')

ORDER = "bac-ninh-uav-vai-thieu"  # open, hub JP, posted by hai.ngo
EXPERT = "pham-duc-thang"
ANYONE = ["/", "/orders", f"/orders/{ORDER}", f"/orders/{ORDER}/panel", "/experts",
          f"/experts/{EXPERT}", "/organizations", "/organizations/so-khcn-bac-ninh",
          "/notifications/badge"]  # fmt: skip
PAGES = {
    "coordinator.tokyo@example.jp": [
        "/coordinator", "/identity", "/imports", "/notifications", f"/orders/{ORDER}/experts",
        f"/orders/{ORDER}/proposals", f"/orders/{ORDER}/edit", "/orders/new",
        "/exports/experts.csv",
    ],
    "hai.ngo@example.vn": [
        "/orders/new", f"/orders/{ORDER}/edit", f"/orders/{ORDER}/experts",
        f"/orders/{ORDER}/proposals", "/notifications",
    ],
    "thang.pham@example.jp": [
        "/feed", "/invitations", "/proposals/mine", "/profile", "/notifications",
        f"/orders/{ORDER}/propose",
    ],
    "admin@example.org": ["/admin/outbox", "/notifications"],
}  # fmt: skip


def _demo(session: Session) -> None:
    DemoLoader(session, PASSWORD).load_all()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    data_dir: Path = tmp_path_factory.mktemp("live")
    with live_server(data_dir, seed=_demo) as live:
        assert live.database.url.startswith("sqlite:///"), live.database.url  # file-backed
        yield live


@contextmanager
def _signed_in(server: LiveServer, email: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=60) as client:
        token = _token(client, "/login")
        response = client.post("/login", data={"email": email, "password": PASSWORD,
                                               "csrf_token": token, "next": "/"})  # fmt: skip
        assert response.status_code == 303, response.text[:300]
        yield client


def _token(client: httpx.Client, path: str) -> str:
    match = _CSRF.search(client.get(path).text)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def _timed(call: object, *args: object, **kwargs: object) -> tuple[httpx.Response, float]:
    start = time.monotonic()
    response = call(*args, **kwargs)  # type: ignore[operator]
    return response, time.monotonic() - start


def test_import_dry_run_and_upload_answer_at_once(server: LiveServer) -> None:
    with _signed_in(server, "coordinator.tokyo@example.jp") as client:
        token = _token(client, "/imports")
        upload = {"file": ("w.csv", "id,name,country\nw1,Đinh Thị Thu,VN\n".encode(), "text/csv")}
        dry, seconds = _timed(client.post, "/imports",
                              data={"csrf_token": token, "dry_run": "true"}, files=upload)  # fmt: skip
        assert dry.status_code == 200, dry.text[:300]
        assert 'data-testid="import-report"' in dry.text
        assert seconds < QUICK_S, f"dry run took {seconds:.1f} s"
        queued, seconds = _timed(client.post, "/imports", data={"csrf_token": token},
                                 files=upload)  # fmt: skip
        assert queued.status_code == 303, queued.text[:300]
        assert seconds < QUICK_S, f"upload took {seconds:.1f} s"


@pytest.mark.parametrize("email", sorted(PAGES))
def test_every_main_page_answers_without_error(server: LiveServer, email: str) -> None:
    with _signed_in(server, email) as client:
        for path in [*ANYONE, *PAGES[email]]:
            response, seconds = _timed(client.get, path)
            assert response.status_code < 500, f"{email} {path}: {response.status_code}"
            assert response.status_code in (200, 403, 404), f"{email} {path}"
            assert seconds < QUICK_S, f"{email} {path} took {seconds:.1f} s"


def test_pages_for_a_visitor(server: LiveServer) -> None:
    with httpx.Client(base_url=server.url, timeout=60) as client:
        for path in [*ANYONE, "/login", "/register"]:
            response, seconds = _timed(client.get, path)
            assert response.status_code == 200, f"{path}: {response.status_code}"
            assert seconds < QUICK_S, f"{path} took {seconds:.1f} s"


def test_similar_experts_do_not_wait_for_the_index_worker(server: LiveServer) -> None:
    with _signed_in(server, "thang.pham@example.jp") as client:
        for path in (f"/experts/{EXPERT}/similar", f"/api/v1/experts/{EXPERT}/similar"):
            response, seconds = _timed(client.get, path)
            assert response.status_code in (200, 503), f"{path}: {response.status_code}"
            assert seconds < QUICK_S, f"{path} took {seconds:.1f} s"


def test_page_views_do_not_wait_for_a_writer(server: LiveServer) -> None:
    """A page view takes no write lock: while another connection holds it, every page still
    answers at once (before, each waited out the 30 s busy timeout behind the writer)."""
    with (
        _signed_in(server, "coordinator.tokyo@example.jp") as client,
        server.database.transaction() as writer,
    ):
        writer.execute(text("SELECT 1"))  # BEGIN IMMEDIATE: the write lock is held
        for path in [*ANYONE, "/coordinator", f"/orders/{ORDER}/experts"]:
            response, seconds = _timed(client.get, path)
            assert response.status_code == 200, f"{path}: {response.status_code}"
            assert seconds < QUICK_S, f"{path} took {seconds:.1f} s behind a writer"


def test_a_write_that_cannot_get_the_lock_answers_503(tmp_path: Path) -> None:
    """Overload degrades: a write that waited its busy timeout answers 503 with Retry-After
    (the JSON error under /api), never a 500 or a client time-out."""
    wrong = {"email": "nobody@example.org", "password": "x" * 12}
    with (
        live_server(tmp_path, seed=_demo, sqlite_busy_timeout_ms=200) as live,
        httpx.Client(base_url=live.url, timeout=30) as client,
        httpx.Client(base_url=live.url, timeout=30) as api_client,
    ):
        token = _token(client, "/login")
        with live.database.transaction() as writer:
            writer.execute(text("SELECT 1"))
            page = client.post("/login", data={**wrong, "csrf_token": token, "next": "/"})
            api = api_client.post("/api/v1/auth/token", json=wrong)
        assert page.status_code == 503, page.text[:300]
        assert page.headers["retry-after"].isdigit()
        assert api.status_code == 503, api.text[:300]
        assert api.json()["error"] == "busy"
        after = api_client.post("/api/v1/auth/token", json=wrong)
        assert after.status_code == 401, "the server recovers once the lock is free"


def test_reads_that_write_never_answer_busy(server: LiveServer) -> None:
    """A GET with a bearer token records the token's use (a write, when due). While another
    connection keeps committing, such a read loses the race to upgrade its snapshot; it is
    run again as a write instead of answering 503 (issue 10: 'busy' on plain GETs)."""
    with httpx.Client(base_url=server.url, timeout=60) as client:
        login = {"email": "hai.ngo@example.vn", "password": PASSWORD}
        token = client.post("/api/v1/auth/token", json=login).json()["token"]
    stop = threading.Event()

    def keep_committing() -> None:
        while not stop.is_set():
            with server.database.transaction() as writer:  # every touch is due again
                writer.execute(text("UPDATE api_tokens SET last_used_at = NULL"))
            time.sleep(0.002)

    churn = threading.Thread(target=keep_committing, daemon=True)
    churn.start()
    try:
        with httpx.Client(base_url=server.url, timeout=60,
                          headers={"Authorization": f"Bearer {token}"}) as api:  # fmt: skip
            answers = [api.get("/api/v1/orders/mine").status_code for _ in range(40)]
    finally:
        stop.set()
        churn.join(10)
    assert answers.count(200) == 40, answers
