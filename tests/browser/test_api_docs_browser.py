"""In real Chromium, with no network beyond the server: /docs (Swagger UI) and /redoc (ReDoc)
render the API from the vendored assets, under their content security policies, with no
console error (the chromium() fixture fails the test on any)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Route, expect

from tests.livesrv import ARTIFACTS, chromium, live_server, shot

pytestmark = pytest.mark.browser


def _same_origin_only(origin: str) -> tuple[list[str], Callable[[Route], None]]:
    """Any request leaving the server is refused and recorded, as it would fail offline."""
    escaped: list[str] = []

    def route(r: Route) -> None:
        if r.request.url.startswith(origin):
            r.continue_()
        else:
            escaped.append(r.request.url)
            r.abort()

    return escaped, route


def test_swagger_ui_and_redoc_render_offline(tmp_path: Path) -> None:
    with live_server(tmp_path) as server, chromium() as browser:
        escaped, route = _same_origin_only(server.url)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.route("**/*", route)

        page.goto(server.url + "/docs")
        expect(page.locator(".swagger-ui .info .title")).to_contain_text("V-STID API")
        # Tags start folded (120-odd operations unfolded at once never finished rendering):
        # every tag is listed, and opening one shows its operations.
        expect(page.locator(".opblock-tag", has_text="projects").first).to_be_visible()
        page.locator(".opblock-tag", has_text="orders").first.click()
        operation = page.locator(".opblock-summary-path", has_text="/api/v1/orders").first
        expect(operation).to_be_visible()
        shot(page, "api-docs", "swagger-ui", axe=False)

        page.goto(server.url + "/redoc")
        expect(page.locator("h1", has_text="V-STID API")).to_be_visible(timeout=60_000)
        expect(page.get_by_text("/api/v1/orders").first).to_be_attached()
        # The menu's "API docs by Redocly" logo was an image from cdn.redoc.ly; it must load.
        logo = page.locator("img[alt='redocly logo']")
        expect(logo).to_be_attached()
        assert logo.evaluate("img => img.complete && img.naturalWidth > 0")
        # Search runs in ReDoc's blob: worker, which the page's policy must allow.
        # (the worker indexes 250-odd operations: under a loaded test run it takes many seconds)
        page.fill("input[placeholder='Search...']", "withdraw proposal")
        results = page.locator("[data-role='search:results'] [role=menuitem]")
        expect(results.filter(has_text="Withdraw Proposal")).to_be_visible(timeout=60_000)
        page.screenshot(path=str(ARTIFACTS / "api-docs" / "redoc.png"))  # 39,000 px in full
        assert not escaped, escaped
