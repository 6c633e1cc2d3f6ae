"""A joint research project's life in real Chromium, as three people: the requester accepts a
finalist proposal, which opens the project; the hub's coordinator starts it; the requester adds
a funder to the consortium and a funding line, plans a work package with a deliverable and
submits it; the coordinator accepts it; the expert records a patent with its owners' shares
(a wrong sum first); the requester sets the report calendar and submits a report, which the
coordinator returns; the end date is amended; the project closes. Each step leaves a
screenshot in test-artifacts/projects/."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.livesrv import LiveServer, chromium, live_server, shot
from vstid.accounts.models import User
from vstid.demo.loader import DemoLoader
from vstid.experts.models import ExpertProfile
from vstid.orders.models import Order
from vstid.proposals.models import Proposal

pytestmark = pytest.mark.browser

PASSWORD = "demo-password-123"
REQUESTER = "hai.ngo@example.vn"  # Bắc Ninh Department of Science and Technology
COORDINATOR = "coordinator.tokyo@example.jp"
EXPERT = "thang.pham@example.jp"
ORDER = "bac-ninh-uav-vai-thieu"
TITLE = "Bản đồ năng suất vải thiều bằng UAV đa phổ"
FOLDER = "projects"
proposal_ids: list[str] = []


def _seed(session: Session) -> None:
    """The demo, and a finalist proposal on the Bắc Ninh order waiting to be accepted."""
    DemoLoader(session, PASSWORD).load_all()
    order = session.scalars(select(Order).where(Order.slug == ORDER)).one()
    expert = session.scalars(
        select(ExpertProfile)
        .join(User, User.id == ExpertProfile.user_id)
        .where(User.email == EXPERT)
    ).one()
    proposal = Proposal(
        order_id=order.id, expert_id=expert.id, status="finalist",
        cost_amount=Decimal("900000000"), trl=4, timeline="24 tháng",
        approach="Khảo sát bằng UAV đa phổ, mô hình dự báo năng suất vải thiều theo lô.",
        team=[expert.display_name, "Nghiên cứu sinh viễn thám"],
    )  # fmt: skip
    session.add(proposal)
    session.flush()
    proposal_ids.append(str(proposal.id))


def _sign_in(browser: Browser, server: LiveServer, email: str) -> Page:
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(server.url + "/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.get_by_test_id("login-submit").click()
    page.wait_for_url(server.url + "/")
    return page


def _open_from_proposal(page: Page, server: LiveServer) -> str:
    page.goto(f"{server.url}/proposals/{proposal_ids[0]}/accept")
    start = date.today() + timedelta(days=14)
    page.fill("#title", TITLE)
    page.fill("#start_date", start.isoformat())
    page.fill("#end_date", (start + timedelta(days=729)).isoformat())
    page.fill("input[name=milestone_title_0]", "Bay khảo sát mùa hoa")
    page.fill("input[name=milestone_due_date_0]", (start + timedelta(days=90)).isoformat())
    page.fill("input[name=funding_source_0]", "Ngân sách tỉnh Bắc Ninh")
    page.fill("input[name=funding_amount_0]", "600000000")
    shot(page, FOLDER, "01-requester-accepts-the-proposal")
    page.get_by_test_id("project-open").click()
    page.wait_for_url("**/projects/*")
    expect(page.get_by_test_id("project-head")).to_contain_text(TITLE)
    expect(page.get_by_test_id("plan-summary")).to_contain_text("Bay khảo sát mùa hoa")
    shot(page, FOLDER, "02-project-opened-agreement-pending")
    return page.url.rsplit("/", 1)[-1]


def _start(page: Page, base: str) -> None:
    page.goto(base)
    page.get_by_test_id("action-activate").click()
    expect(page.get_by_test_id("project-facts").locator(".status-active")).to_be_visible()
    shot(page, FOLDER, "03-coordinator-started-it")


def _add_funder(page: Page, base: str) -> None:
    page.goto(base + "/partners")
    form = page.get_by_test_id("partner-form")
    form.locator("#name").fill("Japan Science and Technology Agency (JST)")
    form.locator("#country").select_option("JP")
    form.locator("#role").select_option("funder")
    form.locator("#contact_name").fill("中村 大輔")
    page.get_by_test_id("partner-add").click()  # past the draft a partner change needs a reason
    expect(page.get_by_test_id("form-errors")).to_be_visible()
    form.locator("#reason").fill("JST đồng tài trợ phần khảo sát tại Nhật Bản.")
    page.get_by_test_id("partner-add").click()
    expect(page.get_by_test_id("project-partners")).to_contain_text("JST")
    shot(page, FOLDER, "04-requester-added-a-funder")


def _add_funding(page: Page, base: str) -> None:
    page.goto(base + "/funding")
    form = page.get_by_test_id("funding-add")
    form.locator("#funder_name").fill("Japan Science and Technology Agency (JST)")
    form.locator("#reference").fill("JST-SICORP-2027-01")
    form.locator("#amount").fill("-5")  # refused, naming the field, nothing saved
    form.locator("#currency").select_option("JPY")
    page.get_by_test_id("funding-create").click()
    expect(page.locator("#amount-error")).to_be_visible()
    page.get_by_test_id("funding-add").locator("#amount").fill("12000000")
    page.get_by_test_id("funding-create").click()
    expect(page.get_by_test_id("funding-lines")).to_contain_text("JST-SICORP-2027-01")
    shot(page, FOLDER, "05-requester-funding-lines")


def _plan_and_submit(page: Page, base: str) -> None:
    page.goto(base + "/plan")
    wp = page.get_by_test_id("wp-form")
    wp.locator("input[name=code]").fill("WP2")
    wp.locator("input[name=title]").fill("Mô hình dự báo năng suất")
    wp.locator("input[name=start_month]").fill("3")
    wp.locator("input[name=end_month]").fill("18")
    page.get_by_test_id("wp-save").click()
    page.get_by_test_id("add-item-WP2").click()
    item = page.get_by_test_id("item-form-WP2")
    item.locator("select[name=kind]").select_option("deliverable")
    item.locator("input[name=code]").fill("D2.1")
    item.locator("input[name=title]").fill("Báo cáo mô hình dự báo và mã nguồn")
    item.locator("input[name=due_month]").fill("12")
    item.get_by_test_id("item-save").click()
    for action in ("draft", "submit"):
        page.get_by_test_id(f"act-{action}-D2.1").get_by_test_id(f"do-{action}").click()
    expect(page.get_by_test_id("plan-item-D2.1").locator(".status-submitted")).to_be_visible()
    shot(page, FOLDER, "06-requester-submitted-a-deliverable")


def _accept_deliverable(page: Page, base: str) -> None:
    page.goto(base + "/plan")
    form = page.get_by_test_id("act-accept-D2.1")
    form.locator("input[name=comment]").fill("Đạt yêu cầu, mô hình kiểm chứng trên 12 lô.")
    form.get_by_test_id("do-accept").click()
    expect(page.get_by_test_id("plan-item-D2.1").locator(".status-accepted")).to_be_visible()
    shot(page, FOLDER, "07-coordinator-accepted-the-deliverable")


def _record_patent(page: Page, base: str) -> None:
    page.goto(base + "/results")
    form = page.get_by_test_id("result-form")
    form.locator("#kind").select_option("patent")
    form.locator("#title").fill("Phương pháp ước lượng năng suất vải thiều từ ảnh UAV đa phổ")
    form.locator("#result_date").fill(date.today().isoformat())
    form.locator("#ip_office").select_option("IPVN")
    partners = form.locator("select[name=owner_partner_0] option")
    values = [v for v in partners.evaluate_all("os => os.map(o => o.value)") if v]
    form.locator("select[name=owner_partner_0]").select_option(values[0])
    form.locator("input[name=owner_share_0]").fill("60")
    form.locator("select[name=owner_partner_1]").select_option(values[1])
    form.locator("input[name=owner_share_1]").fill("30")  # 90 %: refused, rows kept
    page.get_by_test_id("result-save").click()
    expect(page.get_by_test_id("form-errors")).to_be_visible()
    expect(page.locator("input[name=owner_share_0]")).to_have_value("60")
    shot(page, FOLDER, "08-expert-shares-must-sum-to-100")
    page.locator("input[name=owner_share_1]").fill("40")
    page.get_by_test_id("result-save").click()
    expect(page.get_by_test_id("result")).to_contain_text("vải thiều")
    expect(page.get_by_test_id("owners-summary")).to_contain_text("60")
    shot(page, FOLDER, "09-expert-recorded-a-patent")


def _submit_report(page: Page, base: str) -> str:
    page.goto(base + "/reports")
    form = page.get_by_test_id("rule-form")
    form.locator("#frequency").select_option("half_yearly")
    page.get_by_test_id("rule-save").click()
    expect(page.get_by_test_id("report-row").first).to_be_visible()
    shot(page, FOLDER, "10-requester-report-calendar")
    page.get_by_test_id("report-row").first.locator("a").first.click()
    page.fill("#narrative_vi", "Đã bay khảo sát 12 lô vải thiều và hoàn thành mô hình dự báo.")
    page.get_by_test_id("narrative-save").click()
    page.get_by_test_id("report-submit").click()
    expect(page.get_by_test_id("report-status")).to_have_class(re.compile("status-submitted"))
    shot(page, FOLDER, "11-requester-submitted-the-report")
    return page.url


def _return_report(page: Page, report_url: str) -> None:
    page.goto(report_url)
    page.fill("#comment", "Bổ sung bảng chi tiêu theo nguồn JST rồi nộp lại.")
    page.get_by_test_id("report-return").click()
    expect(page.get_by_test_id("report-status")).to_have_class(re.compile("status-returned"))
    shot(page, FOLDER, "12-coordinator-returned-the-report")


def _amend_end(page: Page, base: str) -> None:
    page.goto(base + "/amendments")
    new_end = date.today() + timedelta(days=14 + 729 + 92)
    page.fill("#end_date", new_end.isoformat())
    page.get_by_test_id("end-date-save").click()  # no reason: refused, naming it
    expect(page.get_by_test_id("form-errors")).to_be_visible()
    page.fill("#reason", "Mùa hoa năm thứ hai đến muộn; tỉnh đồng ý gia hạn ba tháng.")
    page.get_by_test_id("end-date-save").click()
    expect(page.get_by_test_id("amendment-row").filter(has_text="gia hạn")).to_have_count(1)
    shot(page, FOLDER, "13-requester-amended-the-end-date")


def _close(requester: Page, coordinator: Page, base: str) -> None:
    requester.goto(base)
    requester.get_by_test_id("action-start_closing").click()
    expect(requester.get_by_test_id("project-facts").locator(".status-closing")).to_be_visible()
    coordinator.goto(base)
    coordinator.get_by_test_id("action-close").click()
    expect(coordinator.get_by_test_id("project-facts").locator(".status-closed")).to_be_visible()
    shot(coordinator, FOLDER, "14-coordinator-closed-the-project")


def test_a_project_from_acceptance_to_closing(tmp_path: object) -> None:
    with live_server(tmp_path, seed=_seed) as server, chromium() as browser:  # type: ignore[arg-type]
        requester = _sign_in(browser, server, REQUESTER)
        project_id = _open_from_proposal(requester, server)
        base = f"{server.url}/projects/{project_id}"
        coordinator = _sign_in(browser, server, COORDINATOR)
        _start(coordinator, base)
        _add_funder(requester, base)
        _add_funding(requester, base)
        _plan_and_submit(requester, base)
        _accept_deliverable(coordinator, base)
        expert = _sign_in(browser, server, EXPERT)
        _record_patent(expert, base)
        report_url = _submit_report(requester, base)
        _return_report(coordinator, report_url)
        _amend_end(requester, base)
        _close(requester, coordinator, base)
