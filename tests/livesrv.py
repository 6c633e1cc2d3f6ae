"""A real uvicorn server on a free loopback port, and a real Chromium driven by Playwright."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import uvicorn
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Response, sync_playwright
from sqlalchemy.orm import Session

from vstid.core.db import Database
from vstid.core.migrate import upgrade
from vstid.core.settings import Environment, Settings
from vstid.web.app import create_app

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


@dataclass
class LiveServer:
    url: str
    database: Database
    settings: Settings


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def live_server(
    data_dir: Path, seed: Callable[[Session], None] | None = None, **settings_overrides: object
) -> Iterator[LiveServer]:
    settings = Settings(
        env=Environment.test,
        data_dir=data_dir,
        secret_key="b" * 40,
        embedder="hashing",
        **settings_overrides,
    )  # type: ignore[arg-type]
    upgrade(settings.resolved_database_url)
    database = Database(settings)
    if seed is not None:
        with database.transaction() as session:
            seed(session)
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(settings, database), host="127.0.0.1", port=port, log_level="warning"
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield LiveServer(f"http://127.0.0.1:{port}", database, settings)
    finally:
        server.should_exit = True
        thread.join(10)


@contextmanager
def chromium() -> Iterator[Browser]:
    """Real Chromium; the test fails if any page logged a console error or threw."""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        errors = _watch_console(browser)
        try:
            yield browser
        finally:
            browser.close()
        assert not errors, errors


def _watch_console(browser: Browser) -> list[str]:
    """Console errors and uncaught exceptions of every page. A page whose own status is an
    error (a form answered 422, a 404 page) is what the test asked for, not a fault; a failed
    script, stylesheet or image is."""
    errors: list[str] = []
    pages_with_error_status: set[str] = set()
    open_context = browser.new_context

    def on_response(response: Response) -> None:
        if response.request.resource_type == "document" and response.status >= 400:
            pages_with_error_status.add(response.url)

    def on_console(message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        if message.location.get("url") in pages_with_error_status:
            return
        errors.append(f"{message.text} ({message.location.get('url')})")

    def new_context(**options: Any) -> BrowserContext:
        context = open_context(**options)
        context.on("response", on_response)
        context.on("console", on_console)
        context.on("weberror", lambda e: errors.append(str(e.error)))
        return context

    browser.new_context = new_context  # type: ignore[method-assign]
    return errors


def shot(page: object, folder: str, name: str) -> Path:
    path = ARTIFACTS / folder / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)  # type: ignore[attr-defined]
    return path
