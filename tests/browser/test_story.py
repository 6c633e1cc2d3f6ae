"""The whole story in real Chromium, as three people: a requester posts an order, the hub's
coordinator approves it, experts are ranked in the background, the requester invites one, the
expert accepts, asks a question and sends a proposal, the requester moves it to finalist and
accepts it, which opens a project. Each step leaves a screenshot in test-artifacts/story/."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy.orm import Session

from tests.livesrv import ARTIFACTS, LiveServer, chromium, live_server, shot
from vstid.demo.loader import DemoLoader

pytestmark = pytest.mark.browser

PASSWORD = "demo-password-123"
REQUESTER = "trang.dinh@example.vn"
COORDINATOR = "coordinator.tokyo@example.jp"
EXPERT = "thang.pham@example.jp"
EXPERT_NAME = "Phạm Đức Thắng"
TITLE = "Lõi vi xử lý RISC-V tiết kiệm năng lượng cho chip IoT"


def _seed(session: Session) -> None:
    DemoLoader(session, PASSWORD).load_all()


def _sign_in(browser: Browser, server: LiveServer, email: str) -> Page:
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(server.url + "/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.get_by_test_id("login-submit").click()
    page.wait_for_url(server.url + "/")
    return page


def _post_order(page: Page, server: LiveServer, tmp: Path) -> str:
    page.goto(server.url + "/orders")
    page.get_by_test_id("new-order").click()
    page.fill("#title", "RISC")  # too short: the form names the field and keeps the rest
    page.fill(
        "#description",
        "Công ty cần thiết kế lõi vi xử lý RISC-V công suất thấp cho chip IoT, gồm mở rộng "
        "vector tiết kiệm năng lượng, quy trình kiểm chứng (riscv-dv, đồng mô phỏng Spike) "
        "và hỗ trợ tape-out ở tiến trình 40 nm.",
    )
    page.fill("#budget_amount", "2500000000")
    page.fill("#deadline", (date.today() + timedelta(days=120)).isoformat())
    page.check("input[name=fields][value=semiconductor-design]")
    page.check("input[name=fields][value=iot-embedded]")
    page.check("input[name=confidentiality][value=invite_only]")
    page.select_option("#engagement_type", "joint_research")
    page.get_by_test_id("order-submit").click()
    expect(page.locator("#title-error")).to_be_visible()
    expect(page.locator("#description")).to_contain_text("RISC-V công suất thấp")
    shot(page, "story", "01-requester-form-error")
    spec = tmp / "yeu-cau-ky-thuat.txt"
    spec.write_text("Yêu cầu: RV32IMC, 0.7 V, < 50 µW/MHz.\n", encoding="utf-8")
    page.fill("#title", TITLE)
    page.set_input_files("#attachments", str(spec))
    page.get_by_test_id("order-submit").click()
    page.wait_for_url("**/orders/loi-vi-xu-ly-*")
    expect(page.get_by_test_id("attachments")).to_contain_text("yeu-cau-ky-thuat.txt")
    shot(page, "story", "02-requester-order-submitted")
    return page.url.rsplit("/", 1)[-1]


def _approve(page: Page, server: LiveServer, slug: str) -> None:
    page.get_by_test_id("nav-queue").click()
    expect(page.get_by_test_id("queue")).to_contain_text(TITLE)
    shot(page, "story", "03-coordinator-queue")
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_test_id("order-reject")).to_be_visible()
    shot(page, "story", "03b-coordinator-order")
    page.get_by_test_id("order-approve").click()
    expect(page.locator(".flash.success")).to_be_visible()
    expect(page.get_by_test_id("workflow-panel")).to_be_visible()
    shot(page, "story", "04-coordinator-approved")


def _invite(page: Page, server: LiveServer, slug: str) -> None:
    page.goto(f"{server.url}/orders/{slug}/experts")
    rows = page.get_by_test_id("match-row")
    expect(rows.first).to_be_visible(timeout=60_000)  # ranked by the background worker
    row = rows.filter(has_text=EXPERT_NAME)
    shot(page, "story", "05-requester-ranked-experts")
    row.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "story" / "05b-requester-ranked-expert-row.png"))
    row.get_by_test_id("invite").click()
    table = page.get_by_test_id("invitations-table")
    expect(table.locator(".status-invited")).to_have_count(1)  # labels are translated
    expect(table).to_contain_text(EXPERT_NAME)
    shot(page, "story", "06-requester-invited")


def _expert_answers(page: Page, server: LiveServer, slug: str) -> None:
    expect(page.get_by_test_id("unread-count")).to_be_visible()
    page.get_by_test_id("nav-invitations").click()
    expect(page.get_by_test_id("invitations")).to_contain_text(TITLE)
    shot(page, "story", "07-expert-invitation")
    page.get_by_test_id("invitation-accept").click()
    page.goto(f"{server.url}/orders/{slug}")
    page.fill("#body", "Chip cần chạy ở điện áp nào, và có yêu cầu chứng nhận an toàn không?")
    page.get_by_test_id("thread-send").click()
    expect(page.get_by_test_id("thread")).to_contain_text("điện áp")
    shot(page, "story", "08-expert-question")
    page.get_by_test_id("nav-feed").click()
    expect(page.get_by_test_id("feed")).to_contain_text(TITLE)
    shot(page, "story", "09-expert-feed")


def _expert_proposes(page: Page, server: LiveServer, slug: str) -> None:
    page.goto(f"{server.url}/orders/{slug}/propose")
    page.fill(
        "#approach",
        "Điều chỉnh lõi RV32IMC đã tape-out hai lần của nhóm, thêm mở rộng vector công suất thấp, kiểm chứng bằng riscv-dv và Spike.",
    )
    page.fill("#team", "Phạm Đức Thắng\nNghiên cứu sinh kiến trúc máy tính\nKỹ sư kiểm chứng")
    page.fill(
        "#timeline", "9 tháng: 3 tháng thiết kế, 4 tháng kiểm chứng, 2 tháng chuẩn bị tape-out"
    )
    page.fill("#cost_amount", "2200000000")
    page.select_option("#trl", "5")
    shot(page, "story", "10-expert-proposal-form")
    page.get_by_test_id("proposal-send").click()
    expect(page.get_by_test_id("my-proposals")).to_contain_text(TITLE)
    shot(page, "story", "11-expert-my-proposals")


def _requester_chooses(page: Page, server: LiveServer, slug: str) -> None:
    page.goto(f"{server.url}/orders/{slug}")
    expect(page.get_by_test_id("thread")).to_contain_text("điện áp")
    page.fill("#body", "0,7 V; chưa cần chứng nhận an toàn ở giai đoạn này.")
    page.get_by_test_id("thread-send").click()
    page.get_by_test_id("review-proposals").click()
    for stage in ("screen", "assess", "finalist"):
        page.get_by_test_id(f"stage-{stage}").click()
        expect(page.get_by_test_id("proposal-stage")).to_have_class(f"badge status-{stage}")
    page.locator("details.comments summary").click()
    page.fill("input[name=body]", "Nhóm đã tape-out hai lần ở 40 nm: rủi ro thấp.")
    page.get_by_test_id("comment-send").click()
    expect(page.get_by_test_id("comment-by")).to_be_visible()
    shot(page, "story", "12-requester-review")
    page.get_by_test_id("accept-proposal").click()
    today = date.today()
    page.fill("#start_date", (today + timedelta(days=14)).isoformat())
    page.fill("#end_date", (today + timedelta(days=300)).isoformat())
    page.fill("#requester_share_percent", "60")
    page.fill("#expert_share_percent", "40")
    for i, (title, days) in enumerate(
        [("Đặc tả và kiến trúc", 60), ("RTL và kiểm chứng", 180), ("Sẵn sàng tape-out", 290)]
    ):
        page.fill(f"input[name=milestone_title_{i}]", title)
        page.fill(f"input[name=milestone_due_date_{i}]", (today + timedelta(days=days)).isoformat())
    page.fill("input[name=funding_source_0]", "Sao Khuê Semiconductor")
    page.fill("input[name=funding_amount_0]", "1200000000")
    page.fill("input[name=funding_share_percent_0]", "55")
    page.fill("input[name=funding_source_1]", "Quỹ đổi mới công nghệ quốc gia")
    page.fill("input[name=funding_amount_1]", "1000000000")
    page.fill("input[name=funding_share_percent_1]", "45")
    shot(page, "story", "13-requester-accept-form")
    page.get_by_test_id("project-open").click()
    expect(page.get_by_test_id("plan-summary")).to_contain_text("Sẵn sàng tape-out")
    expect(page.get_by_test_id("partners")).to_contain_text(EXPERT_NAME)
    shot(page, "story", "14-project")


def _everyone_finds_their_own(requester: Page, coordinator: Page, expert: Page) -> None:
    """Each role's own pages, from the navigation; the coordinator heard of the project."""
    expert.get_by_test_id("nav-my-projects").click()
    expect(expert.get_by_test_id("my-projects")).to_contain_text(TITLE)
    requester.get_by_test_id("nav-my-orders").click()
    expect(requester.get_by_test_id("my-orders")).to_contain_text(TITLE)
    expect(requester.get_by_test_id("chip-awarded")).to_be_visible()
    shot(requester, "story", "16-requester-my-orders")
    coordinator.get_by_test_id("nav-hub-projects").click()
    expect(coordinator.get_by_test_id("my-projects")).to_contain_text(TITLE)
    coordinator.get_by_test_id("nav-notifications").click()
    expect(coordinator.get_by_test_id("notifications")).to_contain_text(EXPERT_NAME)


def test_story_from_posting_to_project(tmp_path: Path) -> None:
    with live_server(tmp_path, seed=_seed) as server, chromium() as browser:
        requester = _sign_in(browser, server, REQUESTER)
        slug = _post_order(requester, server, tmp_path)
        coordinator = _sign_in(browser, server, COORDINATOR)
        _approve(coordinator, server, slug)
        _invite(requester, server, slug)
        expert = _sign_in(browser, server, EXPERT)
        _expert_answers(expert, server, slug)
        _expert_proposes(expert, server, slug)
        _requester_chooses(requester, server, slug)
        expert.get_by_test_id("nav-notifications").click()
        expect(expert.get_by_test_id("notifications")).to_contain_text(TITLE)
        shot(expert, "story", "15-expert-notifications")
        _everyone_finds_their_own(requester, coordinator, expert)
        expect(requester.locator("html")).to_have_attribute("lang", "vi")
