"""Issue 9, defect 15, in real Chromium: the order page does not move once it has painted. Its
workflow panel was fetched after the page loaded and pushed what was below it down; it now comes
with the page, so Chromium's layout-shift entries add up to (about) nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from tests.livesrv import chromium, live_server
from vstid.demo.loader import DemoLoader

pytestmark = pytest.mark.browser

PASSWORD = "demo-password-123"
# Sums every layout shift not caused by input, from the first paint on (buffered).
CLS = """
window.__cls = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__cls += entry.value;
}).observe({type: "layout-shift", buffered: true});
"""


def _demo(session: Session) -> None:
    DemoLoader(session, PASSWORD).load_all()


def test_the_order_page_does_not_shift_when_its_panel_appears(tmp_path: Path) -> None:
    with live_server(tmp_path, seed=_demo) as server, chromium() as browser:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.goto(server.url + "/login")
        page.fill("#email", "coordinator.tokyo@example.jp")
        page.fill("#password", PASSWORD)
        page.get_by_test_id("login-submit").click()
        page.wait_for_url(server.url + "/")
        page.add_init_script(CLS)
        page.goto(server.url + "/orders/bac-ninh-uav-vai-thieu", wait_until="domcontentloaded")
        panel = page.get_by_test_id("workflow-panel")
        first_top = panel.bounding_box()  # already there at the first paint
        assert first_top is not None
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(500)
        after = panel.bounding_box()
        assert after is not None and abs(after["y"] - first_top["y"]) < 1
        shift = page.evaluate("window.__cls")
        assert shift < 0.01, shift
