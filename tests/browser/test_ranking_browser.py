"""In real Chromium (issue 9, defect 10): inviting from the ranking page swaps just that row.
The page does not reload (a marker set on `window` survives) nor jump to the top, the row
says "Invited", the invitations table follows, and no console error is logged."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.builders import (
    PASSWORD,
    add_member,
    make_expert,
    make_hub,
    make_order,
    make_org,
    make_user,
)
from tests.livesrv import chromium, live_server, shot
from vstid.accounts.models import Role
from vstid.invitations.models import Invitation
from vstid.matching.models import MatchSnapshot

pytestmark = pytest.mark.browser

EMAIL = "requester.ranking@example.vn"
ORDER = "don-xep-hang"
N = 12


def _seed(session: Session) -> None:
    hub = make_hub(session)
    org = make_org(session, hub)
    requester = make_user(session, Role.requester, hub=hub, email=EMAIL, locale="en")
    add_member(session, requester, org)
    order = make_order(session, hub, org, slug=ORDER, created_by_id=requester.id)
    experts = [
        make_expert(session, hub, slug=f"chuyen-gia-{i:02d}", display_name=f"Chuyên gia {i:02d}")
        for i in range(N)
    ]
    evidence = {"kind": "profile", "text": "Kiểm chứng thiết kế số " * 8, "language": "vi",
                "dense": 0.3, "lexical": 0.2, "terms": ["kiểm chứng", "uvm"]}  # fmt: skip
    parts = {"dense": 0.3, "lexical": 0.2, "keywords": 0.1, "field_bonus": 0.03}
    results = [
        {
            "expert_id": str(e.id),
            "score": 0.6 - 0.02 * i,
            "rank": i + 1,
            "parts": parts,
            "evidence": [evidence] * 3,
        }
        for i, e in enumerate(experts)
    ]
    session.add(MatchSnapshot(order_id=order.id, model_version="test", results=results))


def test_invite_swaps_the_row_in_place(tmp_path: Path) -> None:
    with live_server(tmp_path, _seed) as server, chromium() as browser:
        page = browser.new_context(viewport={"width": 1280, "height": 700}).new_page()
        page.goto(server.url + "/login")
        page.fill("#email", EMAIL)
        page.fill("#password", PASSWORD)
        page.get_by_test_id("login-submit").click()
        page.wait_for_url(server.url + "/")
        page.goto(server.url + f"/orders/{ORDER}/experts")
        rows = page.get_by_test_id("match-row")
        target = rows.nth(7)
        target.scroll_into_view_if_needed()
        page.evaluate("window.__stillHere = 'yes'")
        before = page.evaluate("window.scrollY")
        assert before > 300, "the row should be well down the page"
        target.get_by_test_id("invite").click()
        expect(target.get_by_test_id("row-status")).to_have_text("Invited")
        expect(target.get_by_test_id("invite")).to_have_count(0)
        assert page.evaluate("window.__stillHere") == "yes", "the page was reloaded"
        assert abs(page.evaluate("window.scrollY") - before) < 150, "the page jumped"
        expect(page.get_by_test_id("invitations-table")).to_contain_text("Chuyên gia 07")
        evidence = target.get_by_test_id("evidence")
        expect(evidence.locator("q").first).to_be_hidden()  # collapsed until opened
        evidence.locator("summary").click()
        expect(evidence.locator("q").first).to_be_visible()
        shot(page, "ranking", "invited-in-place")
        with server.database.transaction() as session:
            assert session.scalars(select(Invitation.status)).all() == ["invited"]
