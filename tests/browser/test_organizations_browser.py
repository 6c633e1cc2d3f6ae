"""Issue 9, defect 2, in real Chromium: a newly registered requester is told before the order
form that they need an organization, creates one, sees it pending, and an admin verifies it."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy.orm import Session

from tests.livesrv import chromium, live_server, shot
from tests.organizations.images import png
from vstid.demo.loader import DemoLoader

pytestmark = pytest.mark.browser

PASSWORD = "demo-password-123"


def _demo(session: Session) -> None:
    DemoLoader(session, PASSWORD).load_all()


def test_new_requester_creates_an_organization_and_it_is_verified(tmp_path: Path) -> None:
    with live_server(tmp_path, seed=_demo) as server, chromium() as browser:
        page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        page.goto(server.url + "/register")
        page.check("input[name=role][value=requester]")
        page.fill("#display_name", "Lê Văn Mới")
        page.fill("#email", "le.moi@example.vn")
        page.fill("#password", "mật-khẩu-rất-dài")
        page.fill("#password_confirm", "mật-khẩu-rất-dài")
        page.get_by_test_id("register-submit").click()
        page.get_by_test_id("check-email-login").click()  # registration signs nobody in
        page.fill("#email", "le.moi@example.vn")
        page.fill("#password", "mật-khẩu-rất-dài")
        page.get_by_test_id("login-submit").click()
        page.wait_for_url(server.url + "/")

        page.get_by_test_id("nav-new-order").click()
        expect(page.get_by_test_id("need-membership")).to_be_visible()
        expect(page.get_by_test_id("order-form")).to_have_count(0)
        shot(page, "organizations", "need-membership")
        page.get_by_test_id("create-org").click()
        page.fill("#name", "Công ty Cơ khí Mới")
        page.select_option("#kind", "enterprise")
        page.get_by_test_id("org-create").click()
        page.wait_for_url(server.url + "/organizations/mine")
        expect(page.get_by_test_id("my-memberships")).to_contain_text("Công ty Cơ khí Mới")
        expect(page.locator("#main .status-pending, .status-pending").first).to_be_visible()
        shot(page, "organizations", "mine-pending")

        admin = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        admin.goto(server.url + "/login")
        admin.fill("#email", "admin@example.org")
        admin.fill("#password", PASSWORD)
        admin.get_by_test_id("login-submit").click()
        admin.wait_for_url(server.url + "/")
        admin.get_by_test_id("nav-org-queue").click()
        item = admin.get_by_test_id("org-queue-item").filter(has_text="Công ty Cơ khí Mới")
        item.locator("button[data-testid^=verify-]").click()
        expect(admin.get_by_test_id("org-queue")).not_to_contain_text("Công ty Cơ khí Mới")

        page.goto(server.url + "/organizations/mine")
        expect(page.locator(".status-verified").first).to_be_visible()
        page.get_by_test_id("nav-new-order").click()
        expect(page.get_by_test_id("order-form")).to_be_visible()


def test_an_org_admin_uploads_a_logo_and_it_shows_beside_the_name(tmp_path: Path) -> None:
    """Defect 14: the initials badge until a logo is uploaded, then the logo on the
    organization's page, in the directory and on its orders (the images really load)."""
    logo = tmp_path / "logo.png"
    logo.write_bytes(png(600, 200))
    with live_server(tmp_path / "data", seed=_demo) as server, chromium() as browser:
        page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        page.goto(server.url + "/organizations/so-khcn-bac-ninh")
        expect(page.get_by_test_id("org-initials").first).to_be_visible()
        expect(page.get_by_test_id("org-members")).to_contain_text("Ngô")  # its admin, by name
        expect(page.get_by_test_id("org-members")).not_to_contain_text("@")
        page.goto(server.url + "/login")
        page.fill("#email", "hai.ngo@example.vn")
        page.fill("#password", PASSWORD)
        page.get_by_test_id("login-submit").click()
        page.wait_for_url(server.url + "/")
        page.goto(server.url + "/organizations/so-khcn-bac-ninh")
        expect(page.get_by_test_id("org-members")).to_contain_text("hai.ngo@example.vn")
        page.get_by_test_id("org-edit").click()
        page.set_input_files("#logo", str(logo))
        page.get_by_test_id("logo-upload").click()
        expect(page.get_by_test_id("logo-remove")).to_be_visible()
        # the directory holds more than a page of organizations: look the department up
        for where in ("/organizations/so-khcn-bac-ninh", "/organizations?q=Bắc Ninh", "/orders"):
            page.goto(server.url + where)
            image = page.get_by_test_id("org-logo").first
            image.scroll_into_view_if_needed()  # lazy: loaded once near the viewport
            expect(image).to_be_visible()
            image.evaluate("img => img.decode()")  # rejects (fails the test) if it cannot load
            assert image.evaluate("img => img.naturalWidth") in {64, 256}, where
            shot(page, "organizations", "logo" + where.split("?")[0].replace("/", "-"))
