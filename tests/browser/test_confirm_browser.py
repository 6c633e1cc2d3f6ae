"""In real Chromium (defect 8): the order's Cancel button asks in a native dialog before it
acts. Going back leaves the order as it was; confirming cancels it. No console error (the
dialog is built by app.js, so the CSP holds)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.builders import PASSWORD, add_member, make_hub, make_order, make_org, make_user
from tests.livesrv import chromium, live_server, shot
from vstid.accounts.models import Role
from vstid.orders.models import Order

pytestmark = pytest.mark.browser

EMAIL = "requester.confirm@example.vn"


def _seed(session: Session) -> None:
    hub = make_hub(session)
    org = make_org(session, hub)
    requester = make_user(session, Role.requester, hub=hub, email=EMAIL)
    add_member(session, requester, org)
    make_order(session, hub, org, slug="don-can-huy", status="submitted",
               created_by_id=requester.id)  # fmt: skip


def _status(session: Session) -> str:
    return session.scalars(select(Order.status).where(Order.slug == "don-can-huy")).one()


def test_cancel_asks_in_a_dialog_then_cancels(tmp_path: Path) -> None:
    with live_server(tmp_path, _seed) as server, chromium() as browser:
        page = browser.new_context(
            viewport={"width": 1280, "height": 900}, locale="vi-VN"
        ).new_page()
        page.goto(server.url + "/login")
        page.fill("#email", EMAIL)
        page.fill("#password", PASSWORD)
        page.get_by_test_id("login-submit").click()
        page.wait_for_url(server.url + "/")
        page.goto(server.url + "/orders/don-can-huy")
        cancel = page.get_by_test_id("order-cancel")
        cancel.click()
        dialog = page.get_by_test_id("confirm-dialog")
        expect(dialog).to_be_visible()
        expect(dialog).to_contain_text("Hủy đơn hàng này?")
        expect(dialog).to_contain_text("Không thể hoàn tác")
        shot(page, "confirm", "cancel-dialog")
        dialog.get_by_test_id("confirm-no").click()
        expect(dialog).to_be_hidden()
        with server.database.transaction() as session:
            assert _status(session) == "submitted"  # going back changed nothing
        cancel.click()
        dialog.get_by_test_id("confirm-yes").click()
        page.wait_for_url(server.url + "/orders/don-can-huy")
        expect(page.locator(".flash.success")).to_contain_text("Đặt hàng đã bị hủy")
        with server.database.transaction() as session:
            assert _status(session) == "cancelled"
