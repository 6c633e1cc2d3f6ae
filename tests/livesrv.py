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
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Response,
    sync_playwright,
)
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
AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"  # axe-core, MPL-2.0
BLOCKING_IMPACTS = ("serious", "critical")


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
        **{"embedder": "hashing", **settings_overrides},
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


def shot(page: Page, folder: str, name: str, *, axe: bool = True) -> Path:
    """A full-page screenshot in test-artifacts/<folder>/, after checking the page with axe
    (pages that are not ours, such as Swagger UI, pass axe=False)."""
    if axe:
        assert_accessible(page, name)
    path = ARTIFACTS / folder / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
    return path


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Every axe-core violation of the page as it is now (WCAG 2.x A and AA rules and best
    practices). axe is evaluated through the DevTools protocol, which the page's CSP does not
    govern, so the page runs under its real policy."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    violations: list[dict[str, Any]] = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations.map(
            v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(
                n => n.target.join(" ") + " — " + (n.failureSummary || "").replace(/\\s+/g, " "))}))"""
    )
    return violations


def assert_accessible(page: Page, where: str = "") -> list[dict[str, Any]]:
    """Fails on any serious or critical axe violation, naming the rule and the first elements;
    returns all violations (the minor and moderate ones too) for whoever wants to count them."""
    violations = axe_violations(page)
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    report = "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']}\n    " + "\n    ".join(v["nodes"][:4])
        for v in blocking
    )
    assert not blocking, f"axe: {len(blocking)} serious/critical on {where or page.url}:\n{report}"
    return violations
