"""A call in real Chromium: the public list and a Tokyo call's page read by a Vietnamese visitor
(the deadline in JST and ICT), then the program's coordinator signing in, saving a rubric whose
weights do not add up (refused in words), then one that does, and closing the call. Every page
is checked with axe; screenshots in test-artifacts/programs/."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy.orm import Session

from tests.builders import PASSWORD, make_hub, make_org, make_user
from tests.livesrv import LiveServer, chromium, live_server, shot
from tests.programs.world import make_call, make_program
from tests.world import ensure_fields
from vstid.accounts.models import Role
from vstid.programs.calls.models import CallAgencyCeiling
from vstid.programs.models import ProgramAgency

pytestmark = pytest.mark.browser

FOLDER = "programs"
COORDINATOR = "calls.coordinator@example.vn"
REFERENCE = "NEXUS-PKG-2027"


def _seed(session: Session) -> None:
    ensure_fields(session)
    hub = make_hub(session, country="VN")
    make_user(session, Role.coordinator, hub=hub, email=COORDINATOR, display_name="Điều phối Hà")
    program = make_program(session, SimpleNamespace(hub=hub), slug="nexus-semiconductors")  # type: ignore[arg-type]
    agencies = []
    for position, (name, country) in enumerate(
        (("Quỹ Phát triển KH&CN Quốc gia", "VN"), ("Japan Science Agency", "JP"))
    ):
        org = make_org(session, hub, name=name, kind="agency", country=country)
        agencies.append(ProgramAgency(program_id=program.id, organization_id=org.id,
                                      country=country, position=position))  # fmt: skip
    session.add_all(agencies)
    session.flush()
    call = make_call(session, program, reference=REFERENCE)
    session.add_all(
        [
            CallAgencyCeiling(call_id=call.id, agency_id=agencies[0].id,
                              amount=Decimal("3000000000"), currency="VND"),
            CallAgencyCeiling(call_id=call.id, agency_id=agencies[1].id,
                              amount=Decimal("15000000"), currency="JPY"),
        ]
    )  # fmt: skip


def test_a_call_read_and_run_in_the_browser(tmp_path: Path) -> None:
    with live_server(tmp_path, seed=_seed) as server, chromium() as browser:
        _visitor(browser, server)
        _coordinator(browser, server)


def _visitor(browser: Browser, server: LiveServer) -> None:
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{server.url}/calls")
    expect(page.get_by_test_id("call-item")).to_have_count(1)
    shot(page, FOLDER, "calls-01-public-list")
    page.get_by_test_id("call-item").locator("a.title").click()
    closes = page.get_by_test_id("call-closes")
    expect(closes).to_contain_text("JST")
    expect(closes).to_contain_text("ICT")
    expect(page.get_by_test_id("call-sign-in")).to_be_visible()
    expect(page.get_by_test_id("call-ceilings")).to_contain_text("₫")
    shot(page, FOLDER, "calls-02-call-page-for-a-visitor")
    page.context.close()


def _coordinator(browser: Browser, server: LiveServer) -> None:
    page: Page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(server.url + "/login")
    page.fill("#email", COORDINATOR)
    page.fill("#password", PASSWORD)
    page.get_by_test_id("login-submit").click()
    page.wait_for_url(server.url + "/")
    page.goto(f"{server.url}/calls/{REFERENCE}")
    expect(page.get_by_test_id("call-apply")).to_be_visible()
    expect(page.get_by_test_id("action-close")).to_be_visible()
    form = page.get_by_test_id("rubric-form")
    form.locator("input[name='r-0-weight']").fill("70")
    form.get_by_test_id("rubric-save").click()
    expect(page.get_by_test_id("rubric-error")).to_contain_text("120")
    shot(page, FOLDER, "calls-03-rubric-refused")
    form = page.get_by_test_id("rubric-form")
    form.locator("input[name='r-0-weight']").fill("50")
    form.get_by_test_id("rubric-save").click()
    expect(page.locator(".flash.success")).to_be_visible()
    page.get_by_test_id("action-close").click()
    expect(page.get_by_test_id("call-status")).to_have_text("Đã đóng")
    shot(page, FOLDER, "calls-04-closed-by-the-coordinator")
    page.context.close()
