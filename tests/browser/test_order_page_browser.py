"""Issue 9, defect 15, in real Chromium: the order page does not move once it has painted. Its
workflow panel was fetched after the page loaded and pushed what was below it down; it now comes
with the page, so Chromium's layout-shift entries add up to (about) nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect
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


def test_a_vietnamese_requester_types_the_deadline_as_dd_mm_yyyy(tmp_path: Path) -> None:
    """Chromium's own date field showed mm/dd/yyyy on the Vietnamese page; the deadline is now
    typed the way the page writes dates, and a wrong one is named in Vietnamese."""
    with live_server(tmp_path, seed=_demo) as server, chromium() as browser:
        page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        page.goto(server.url + "/login")
        page.fill("#email", "hai.ngo@example.vn")
        page.fill("#password", PASSWORD)
        page.get_by_test_id("login-submit").click()
        page.wait_for_url(server.url + "/")
        page.goto(server.url + "/orders/new")
        deadline = page.locator("#deadline")
        assert deadline.get_attribute("type") == "text"
        assert deadline.get_attribute("placeholder") == "dd/mm/yyyy"
        page.fill("#title", "Cảm biến độ ẩm đất cho vườn vải thiều")
        page.fill("#description", "Cần mạng cảm biến độ ẩm đất giá rẻ cho 200 ha vải thiều.")
        page.locator("input[name=fields]").first.check()
        deadline.fill("12/31/2031")  # as the browser's field would have had it
        page.get_by_test_id("order-draft").click()
        error = page.locator("#deadline-error")
        expect(error).to_contain_text("Thời hạn không phải là ngày. Hãy viết như 31/12/2031.")
        expect(page.locator("#deadline")).to_have_value("12/31/2031")
        page.locator("#deadline").fill("31/12/2031")
        page.get_by_test_id("order-draft").click()
        expect(page.locator("h1")).to_contain_text("Cảm biến độ ẩm đất")
        expect(page.locator(".facts")).to_contain_text("2031")
