"""A new visitor registers, signs in, switches to Japanese and back, in real Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from tests.livesrv import chromium, live_server, shot
from vstid.demo.loader import DemoLoader

pytestmark = pytest.mark.browser


def _demo(session: Session) -> None:
    DemoLoader(session, "demo-password-123").load_all()


def test_register_login_switch_language(tmp_path: Path) -> None:
    with live_server(tmp_path, seed=_demo) as server, chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(server.url + "/")
        assert page.locator("html").get_attribute("lang") == "vi"
        assert int(page.get_by_test_id("count-experts").inner_text()) >= 50  # members-only hidden

        page.goto(server.url + "/register")
        page.fill("#display_name", "Phạm Thị Hương")
        page.fill("#email", "huong.pham@example.org")
        page.fill("#password", "mật-khẩu-rất-dài")
        page.fill("#password_confirm", "mật-khẩu-rất-dài")
        page.get_by_test_id("register-submit").click()
        page.get_by_test_id("check-email-login").click()  # registration signs nobody in
        page.fill("#email", "huong.pham@example.org")
        page.fill("#password", "mật-khẩu-rất-dài")
        page.get_by_test_id("login-submit").click()
        page.wait_for_url(server.url + "/")
        assert "Phạm Thị Hương" in page.get_by_test_id("whoami").inner_text()
        assert page.get_by_test_id("verify-banner").is_visible()

        page.get_by_test_id("logout").click()
        page.get_by_test_id("login-link").click()
        page.fill("#email", "huong.pham@example.org")
        page.fill("#password", "wrong password!")
        page.get_by_test_id("login-submit").click()
        assert page.get_by_test_id("form-error").is_visible()
        page.fill("#password", "mật-khẩu-rất-dài")
        page.get_by_test_id("login-submit").click()
        page.wait_for_url(server.url + "/")
        assert "Phạm Thị Hương" in page.get_by_test_id("whoami").inner_text()

        page.get_by_test_id("lang-ja").click()
        page.wait_for_load_state()
        assert page.locator("html").get_attribute("lang") == "ja"
        page.goto(server.url + "/orders")
        assert page.locator("html").get_attribute("lang") == "ja"  # the choice persists
        page.goto(server.url + "/")
        shot(page, "foundation", "home-ja")

        page.get_by_test_id("lang-vi").click()
        page.wait_for_load_state()
        assert page.locator("html").get_attribute("lang") == "vi"
        shot(page, "foundation", "home-vi")
