"""In real Chromium: the coordinator's reviewers page (suggestions, the experts excluded for a
conflict with their reasons, the assignment run) and the reviewer's desk and rubric form (an
error keeps what was typed; the submitted review shows its weighted score). Screenshots in
test-artifacts/programs/, each checked with axe."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy.orm import Session

from tests.builders import PASSWORD
from tests.livesrv import chromium, live_server, shot
from tests.programs.review_world import ready_for_review
from tests.programs.world import pw as pw_fixture
from tests.world import world as world_fixture
from vstid.jobs.worker import run_pending
from vstid.matching.service import MatchingService

pytestmark = pytest.mark.browser

SEEN: dict[str, str] = {}


def _seed(session: Session) -> None:
    w = world_fixture.__wrapped__(session)  # type: ignore[attr-defined]
    pw = pw_fixture.__wrapped__(session, w)  # type: ignore[attr-defined]
    rw = ready_for_review(session, pw)
    for busy in pw.reviewers_vn[1:]:
        busy.capacity = 0  # the one Vietnamese reviewer free is the one who signs in below
    SEEN.update(coordinator=w.coordinator.email, reviewer=rw.vn_user.email,
                call=pw.call.reference, partner=str(pw.jp_partner.id))  # fmt: skip
    MatchingService(session, _settings[0]).request_rebuild()


_settings: list = []  # type: ignore[type-arg]


def _login(page: Page, url: str, email: str) -> None:
    page.goto(url + "/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.get_by_test_id("login-submit").click()
    page.wait_for_url(url + "/")


def test_reviewers_page_and_the_reviewer_desk(tmp_path: Path) -> None:
    with live_server(tmp_path, None) as server, chromium() as browser:
        _settings.append(server.settings)
        with server.database.transaction() as session:
            _seed(session)
        run_pending(server.database, server.settings)
        page = browser.new_context(viewport={"width": 1280, "height": 900},
                                   locale="en-US").new_page()  # fmt: skip
        _login(page, server.url, SEEN["coordinator"])
        page.goto(f"{server.url}/calls/{SEEN['call']}/reviewers")
        expect(page.get_by_test_id("suggested-row").first).to_be_visible()
        shot(page, "programs", "reviewers-suggested")
        page.get_by_test_id("run-assignment").click()
        expect(page.get_by_test_id("assigned-row")).to_have_count(2)
        shot(page, "programs", "reviewers-assigned")
        page.context.clear_cookies()

        _login(page, server.url, SEEN["reviewer"])
        page.goto(server.url + "/reviews")
        expect(page.get_by_test_id("review-row")).to_have_count(1)
        shot(page, "programs", "review-desk")
        page.get_by_test_id("review-row").locator("a").click()
        page.select_option("#score_excellence", "4")
        page.select_option("#score_impact", "3")
        page.select_option("#recommendation", "fund")
        page.fill("#comment", "A strong joint team.")
        page.get_by_test_id("review-submit").click()
        expect(page.locator("#score_team-error")).to_be_visible()
        expect(page.locator("#score_excellence")).to_have_value("4")
        shot(page, "programs", "review-form-error")
        page.select_option("#score_team", "5")
        page.get_by_test_id("review-submit").click()
        page.wait_for_url(server.url + "/reviews")
        expect(page.get_by_test_id("review-row")).to_have_attribute("data-status", "submitted")
        shot(page, "programs", "review-desk-submitted")
