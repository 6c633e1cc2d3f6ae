"""Issue 9, defect 16, in real Chromium: an admin finds a user in Administration → Users,
deactivates the account (asked first, in a dialog) — the user's open session ends at once and
they cannot sign in again — then verifies a pending organization of another hub from the
admin home. No console error on any page."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy.orm import Session

from tests.builders import PASSWORD, make_hub, make_org, make_user
from tests.livesrv import chromium, live_server, shot
from vstid.accounts.models import Role

pytestmark = pytest.mark.browser

ADMIN = "admin.browser@example.org"
REQUESTER = "tran.thi.binh@example.vn"


def _seed(session: Session) -> None:
    jp, kr = make_hub(session, code="JP"), make_hub(session, code="KR", country="KR")
    make_user(session, Role.admin, email=ADMIN, display_name="Quản Trị Viên")
    make_user(session, Role.requester, hub=jp, email=REQUESTER, display_name="Trần Thị Bình")
    make_org(session, kr, name="Bệnh viện Đa khoa Seoul-Việt", slug="bv-seoul-viet",
             status="pending")  # fmt: skip


def _sign_in(page: Page, url: str, email: str) -> None:
    page.goto(url + "/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.get_by_test_id("login-submit").click()


def test_admin_deactivates_a_user_and_verifies_an_organization(tmp_path: Path) -> None:
    with live_server(tmp_path, _seed) as server, chromium() as browser:
        user = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        _sign_in(user, server.url, REQUESTER)
        user.wait_for_url(server.url + "/")
        expect(user.get_by_test_id("whoami")).to_contain_text("Trần Thị Bình")

        admin = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        _sign_in(admin, server.url, ADMIN)
        admin.wait_for_url(server.url + "/")
        admin.get_by_test_id("nav-admin").click()
        expect(admin.get_by_test_id("count-pending-orgs")).to_have_text("1")
        expect(admin.get_by_test_id("count-requester")).to_have_text("1")
        shot(admin, "admin", "home")

        admin.get_by_test_id("admin-users").get_by_role("link", name="Người dùng").click()
        admin.fill("input[name=q]", "bình")
        admin.get_by_test_id("user-filters").get_by_role("button").click()
        expect(admin.get_by_test_id("user-row")).to_have_count(1)
        admin.get_by_test_id("user-link").click()
        expect(admin.get_by_test_id("user-role")).to_have_text("Bên đặt hàng")
        admin.get_by_test_id("user-deactivate").click()
        dialog = admin.get_by_test_id("confirm-dialog")
        expect(dialog).to_contain_text("Vô hiệu hoá tài khoản này?")
        dialog.get_by_test_id("confirm-yes").click()
        expect(admin.get_by_test_id("user-state")).to_have_text("Đã vô hiệu hoá")
        expect(admin.get_by_test_id("user-activity")).to_contain_text("user.deactivate")
        shot(admin, "admin", "user-deactivated")

        user.reload()  # the open session no longer signs anyone in
        expect(user.get_by_test_id("login-link")).to_be_visible()
        _sign_in(user, server.url, REQUESTER)
        expect(user.locator(".flash.error, [role=alert]").first).to_be_visible()
        assert "/login" in user.url

        admin.get_by_test_id("nav-admin").click()
        admin.get_by_test_id("admin-orgs").get_by_role("link").first.click()
        item = admin.get_by_test_id("org-queue-item").filter(has_text="Seoul-Việt")
        expect(item.get_by_test_id("org-hub")).to_have_text("KR")
        item.get_by_test_id("verify-bv-seoul-viet").click()
        expect(admin.get_by_test_id("org-queue")).not_to_contain_text("Seoul-Việt")
        admin.get_by_test_id("nav-admin").click()
        expect(admin.get_by_test_id("count-pending-orgs")).to_have_text("0")
