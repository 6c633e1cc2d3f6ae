"""In real Chromium: a new expert onboards (profile, publication, completeness), then the hub's
coordinator compares a suggested duplicate side by side, merges it and sees the undo. Each step
leaves a screenshot in test-artifacts/profiles/."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy.orm import Session

from tests.livesrv import LiveServer, chromium, live_server, shot
from vstid.demo.loader import DemoLoader
from vstid.experts.models import ExpertProfile, Publication
from vstid.hubs.repository import HubRepository
from vstid.identity.service import IdentityService

pytestmark = pytest.mark.browser

PASSWORD = "demo-password-123"
COORDINATOR = "coordinator.tokyo@example.jp"


def _seed(session: Session) -> None:
    DemoLoader(session, PASSWORD).load_all()
    hub = HubRepository(session).by_code("JP")
    assert hub is not None
    common = {"hub_id": hub.id, "residence_country": "JP", "affiliation": "Tohoku University"}
    a = ExpertProfile(slug="vo-thanh-son", display_name="Võ Thanh Sơn", email="son.vo@example.jp",
                      headline="Spintronic memory devices", name_variants=["Vo Thanh Son"],
                      fields=["new-materials"], languages=["vi", "ja", "en"], **common)  # fmt: skip
    b = ExpertProfile(slug="vo-thanh-son-2", display_name="ヴォー・タン・ソン",
                      headline="スピントロニクス素子", bio_language="ja", languages=["ja"],
                      **common)  # fmt: skip
    b.publications = [Publication(title="Spin-orbit torque MRAM at 10 ns", year=2022,
                                  doi="10.1000/sot.mram")]  # fmt: skip
    session.add_all([a, b])
    session.flush()
    IdentityService(session).scan([a.id])


def _sign_in(browser: Browser, server: LiveServer, email: str, password: str) -> Page:
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(server.url + "/login")
    page.fill("#email", email)
    page.fill("#password", password)
    page.get_by_test_id("login-submit").click()
    page.wait_for_url(server.url + "/")
    return page


def _onboard(browser: Browser, server: LiveServer) -> None:
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(server.url + "/register")
    page.fill("#display_name", "Lương Thị Ngọc Hân")
    page.fill("#email", "han.luong@example.jp")
    page.fill("#password", "mật-khẩu-rất-dài-2026")
    page.fill("#password_confirm", "mật-khẩu-rất-dài-2026")
    page.get_by_test_id("register-submit").click()
    page.get_by_test_id("check-email-login").click()  # registration signs nobody in
    page.fill("#email", "han.luong@example.jp")
    page.fill("#password", "mật-khẩu-rất-dài-2026")
    page.get_by_test_id("login-submit").click()
    page.wait_for_url(server.url + "/")
    page.goto(server.url + "/profile")
    page.get_by_test_id("profile-start-submit").click()  # opening the page creates nothing
    expect(page.get_by_test_id("completeness")).to_be_visible()
    shot(page, "profiles", "01-new-expert-empty-profile")
    page.fill("#name_variants", "Luong Thi Ngoc Han\nルオン・ティ・ゴック・ハン")
    page.fill("#headline", "Chẩn đoán bệnh tôm bằng học sâu trên ảnh hiển vi")
    page.select_option("#bio_language", "vi")
    page.fill(
        "#bio", " ".join(["Tôi nghiên cứu chẩn đoán bệnh thủy sản bằng trí tuệ nhân tạo."] * 6)
    )
    page.fill("#expertise", "AHPND, thị giác máy tính, nuôi trồng thủy sản")
    page.check("input[name=fields][value=ai]")
    page.check("input[name=languages][value=ja]")
    page.select_option("#residence_country", "JP")
    page.fill("#affiliation", "Kagoshima University")
    page.check("input[name=engagement_types][value=joint_research]")
    page.select_option("#visibility", "public")  # a new profile starts hidden
    page.get_by_test_id("profile-save").click()
    expect(page.locator(".flash.success")).to_be_visible()
    page.fill("#pub_title", "Deep learning for AHPND detection in shrimp histology")
    page.fill("#pub_year", "2024")
    page.fill("#pub_doi", "https://doi.org/10.1000/ahpnd.2024")
    page.locator("[data-testid=publication-form] button").click()
    expect(page.get_by_test_id("publications")).to_contain_text("10.1000/ahpnd.2024")
    expect(page.get_by_test_id("completeness")).not_to_contain_text("Add your affiliation")
    shot(page, "profiles", "02-expert-profile-filled")
    page.goto(server.url + "/experts?q=" + "ルオン・ティ・ゴック・ハン")
    expect(page.get_by_test_id("expert-list")).to_contain_text("Lương Thị Ngọc Hân")
    shot(page, "profiles", "03-search-katakana-finds-her")


def _merge(browser: Browser, server: LiveServer) -> None:
    page = _sign_in(browser, server, COORDINATOR, PASSWORD)
    page.goto(server.url + "/experts?country=JP")
    expect(page.get_by_test_id("facet-field")).to_be_visible()
    shot(page, "profiles", "04-coordinator-experts-facets")
    page.goto(server.url + "/identity")
    suggestion = page.get_by_test_id("suggestion").first
    expect(suggestion).to_contain_text("ヴォー・タン・ソン")
    expect(suggestion).to_contain_text("Võ Thanh Sơn")
    shot(page, "profiles", "05-coordinator-side-by-side")
    suggestion.get_by_role("button", name="Võ Thanh Sơn").click()
    expect(page.get_by_test_id("undo").first).to_be_visible()
    shot(page, "profiles", "06-coordinator-merged-with-undo")
    page.goto(server.url + "/experts/vo-thanh-son")
    expect(page.locator("body")).to_contain_text("Spin-orbit torque MRAM at 10 ns")
    expect(page.locator("body")).to_contain_text("ヴォー・タン・ソン")
    shot(page, "profiles", "07-merged-profile")


def test_onboarding_and_coordinator_merge(tmp_path: Path) -> None:
    with live_server(tmp_path, _seed) as server, chromium() as browser:
        _onboard(browser, server)
        _merge(browser, server)
