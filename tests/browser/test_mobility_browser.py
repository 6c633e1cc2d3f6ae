"""Mobility records in real Chromium: the program's coordinator records a PhD researcher's
stay (a return before the departure first), tries the departure without evidence, records it
with the boarding pass, and the public page shows the counts without a name. Each step leaves
a screenshot in test-artifacts/programs/ after an axe check."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy.orm import Session

from tests.builders import PASSWORD, make_hub, make_user
from tests.livesrv import LiveServer, chromium, live_server, shot
from tests.programs.mobility_helpers import PDF
from tests.programs.world import make_program
from tests.world import ensure_fields
from vstid.accounts.models import Role

pytestmark = pytest.mark.browser

COORDINATOR = "mobility.coordinator@example.vn"
SLUG = "phd-mobility-japan"
FOLDER = "programs"


def _seed(session: Session) -> None:
    ensure_fields(session)
    hub = make_hub(session, country="VN")
    make_user(session, Role.coordinator, hub=hub, email=COORDINATOR, display_name="Điều phối Hà")
    make_program(session, SimpleNamespace(hub=hub), slug=SLUG,  # type: ignore[arg-type]
                 title="Chương trình cử nghiên cứu sinh sang Nhật Bản")  # fmt: skip


def _sign_in(browser: Browser, server: LiveServer, email: str) -> Page:
    page = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN").new_page()
    page.goto(server.url + "/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.get_by_test_id("login-submit").click()
    page.wait_for_url(server.url + "/")
    return page


def test_a_stay_is_recorded_departs_with_evidence_and_shows_as_a_count(
    tmp_path: Path,
) -> None:
    with live_server(tmp_path, seed=_seed) as server, chromium() as browser:  # type: ignore[arg-type]
        page = _sign_in(browser, server, COORDINATOR)
        page.goto(f"{server.url}/programs/{SLUG}/mobility")
        page.get_by_test_id("new-mobility").click()
        page.fill("#person_name", "Vũ Thị Mai")
        page.select_option("#sex", "female")
        page.select_option("#career_stage", "phd_candidate")
        page.fill("#home_institution", "Đại học Bách khoa Hà Nội")
        page.fill("#host_institution", "Tohoku University")
        page.select_option("#host_country", "JP")
        page.fill("#supervisor", "GS. Tanaka")
        page.fill("#planned_departure", "2026-10-01")
        page.fill("#planned_return", "2026-09-01")
        page.get_by_test_id("mobility-save").click()
        expect(page.locator("#planned_return-error")).to_be_visible()
        expect(page.locator("#person_name")).to_have_value("Vũ Thị Mai")
        shot(page, FOLDER, "mobility-01-return-before-departure")
        page.fill("#planned_return", "2029-09-30")
        page.get_by_test_id("mobility-save").click()
        expect(page.get_by_test_id("mobility-status")).to_be_visible()
        departed = (date.today() - timedelta(days=1)).isoformat()
        page.fill("#departed_on", departed)
        page.get_by_test_id("do-depart").click()
        expect(page.locator("#evidence_url-error")).to_be_visible()
        shot(page, FOLDER, "mobility-02-departure-without-evidence")
        page.set_input_files("#depart-file", files=[{"name": "the-ve-may-bay.pdf",
                             "mimeType": "application/pdf", "buffer": PDF}])  # fmt: skip
        page.get_by_test_id("do-depart").click()
        expect(page.get_by_test_id("evidence")).to_contain_text("the-ve-may-bay.pdf")
        expect(page.get_by_test_id("action-return")).to_be_visible()
        shot(page, FOLDER, "mobility-03-departed-with-evidence")
        page.goto(f"{server.url}/programs/{SLUG}/mobility")
        expect(page.get_by_test_id("mobility-records")).to_contain_text("Vũ Thị Mai")
        shot(page, FOLDER, "mobility-04-register")
        public = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        public.goto(f"{server.url}/programs/{SLUG}/mobility")
        expect(public.get_by_test_id("count-departed")).to_have_text("1")
        expect(public.locator("body")).not_to_contain_text("Vũ Thị Mai")
        shot(public, FOLDER, "mobility-05-public-counts")
