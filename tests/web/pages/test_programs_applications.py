"""The applicant's pages through the app: the checklist names what blocks the submission, forms
keep what was typed and save nothing on a refusal, an invitee answers from the desk, an agency
officer of Japan reads only the Japanese side."""

from __future__ import annotations

from decimal import Decimal

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.programs.world import ProgramWorld
from tests.web.helpers import login, post_form
from vstid.accounts.models import User
from vstid.programs.applications.models import (
    Application,
    ApplicationBudgetLine,
    ApplicationVersion,
)
from vstid.programs.applications.service import snapshot

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def sign_in(client: TestClient, session: Session, user: User, locale: str) -> None:
    """Signs in; the sign-in sets the language cookie from the account's language."""
    user.locale = locale
    session.commit()
    login(client, user.email)


def _fresh(session: Session, pw: ProgramWorld) -> Application:
    session.expire_all()
    return session.scalars(select(Application).where(Application.id == pw.application.id)).one()


def test_the_lead_sees_the_checklist_uploads_the_cv_and_submits(
    client: TestClient, pw: ProgramWorld, session: Session
) -> None:
    sign_in(client, session, pw.w.expert_user, "en")
    path = f"/applications/{pw.application.reference}"
    page = client.get(path).text
    assert 'data-field="documents.cv"' in page and "CVs of the leads" in page
    assert "¥10,000,000" in page and "₫2,000,000,000" in page  # totals per currency, Babel en
    assert "nav-my-applications" in page
    refused = post_form(client, f"{path}/action/submit", {})
    assert refused.status_code == 422 and "CVs of the leads" in refused.text
    assert _fresh(session, pw).status == "draft"
    uploaded = post_form(client, f"{path}/documents/cv", {}, files=[("file", ("cv.pdf", PDF, "application/pdf"))])  # fmt: skip
    assert uploaded.status_code == 303, uploaded.text[:1000]
    assert 'data-testid="ready"' in client.get(path).text
    done = post_form(client, f"{path}/action/submit", {})
    assert done.status_code == 303
    application = _fresh(session, pw)
    assert (application.status, application.version) == ("submitted", 1)
    page = client.get(path).text
    assert 'data-testid="action-reopen"' in page and "shared-form" not in page


def test_forms_keep_typed_input_and_refuse_a_budget_over_the_ceiling(
    client: TestClient, pw: ProgramWorld, session: Session
) -> None:
    sign_in(client, session, pw.w.expert_user, "vi")
    path = f"/applications/{pw.application.reference}"
    over = post_form(client, f"{path}/budget", {"agency_id": str(pw.jp_agency.id),
                     "category": "travel", "description": "Đi Sendai", "amount": "6000000"})  # fmt: skip
    assert over.status_code == 422
    assert "Japan Science Agency" in over.text and "15.000.000" in over.text
    assert 'value="Đi Sendai"' in over.text
    lines = session.scalars(select(ApplicationBudgetLine).where(
        ApplicationBudgetLine.application_id == pw.application.id)).all()  # fmt: skip
    assert sorted(line.amount for line in lines) == [Decimal("10000000"), Decimal("2000000000")]
    fine = post_form(client, f"{path}/budget", {"agency_id": str(pw.jp_agency.id),
                     "category": "travel", "amount": "1.000.000"})  # fmt: skip
    assert fine.status_code == 303, fine.text[:1000]
    long = post_form(client, f"{path}/edit", {"title": "Tiêu đề đã sửa", "language": "vi",
                     "duration_months": "48", "answer_industry": "FPT"})  # fmt: skip
    assert long.status_code == 422 and 'value="Tiêu đề đã sửa"' in long.text
    assert 'id="duration_months-error"' in long.text
    assert _fresh(session, pw).title == pw.application.title
    saved = post_form(client, f"{path}/edit", {"title": "Tiêu đề đã sửa", "language": "vi",
                      "duration_months": "24", "start_date": "01/06/2027",
                      "answer_industry": "FPT", "fields": "semiconductors",
                      "title_ja": "改題"})  # fmt: skip
    assert saved.status_code == 303, saved.text[:2000]
    application = _fresh(session, pw)
    assert (application.title, application.duration_months) == ("Tiêu đề đã sửa", 24)
    assert application.translations == {"ja": {"title": "改題"}}


def test_an_invitee_answers_from_the_desk(
    client: TestClient, pw: ProgramWorld, session: Session
) -> None:
    sign_in(client, session, pw.w.expert_user, "en")
    path = f"/applications/{pw.application.reference}"
    unknown = post_form(client, f"{path}/members", {"email": "nobody@example.org", "country": "VN"})
    assert unknown.status_code == 422 and 'value="nobody@example.org"' in unknown.text
    invited = post_form(client, f"{path}/members",
                        {"email": pw.w.other_expert_user.email, "country": "VN"})  # fmt: skip
    assert invited.status_code == 303
    client.cookies.clear()
    sign_in(client, session, pw.w.other_expert_user, "en")
    desk = client.get("/applications/mine").text
    assert 'data-testid="invitation"' in desk and pw.application.title in desk
    answered = post_form(client, f"{path}/action/confirm", {"next": "/applications/mine"})
    assert answered.status_code == 303 and answered.headers["location"] == "/applications/mine"
    statuses = {m.user_id: m.status for m in _fresh(session, pw).members}
    assert statuses[pw.w.other_expert_user.id] == "confirmed"
    assert 'data-testid="invitation"' not in client.get("/applications/mine").text


def test_the_japanese_agency_officer_reads_only_the_japanese_side(
    client: TestClient, pw: ProgramWorld, session: Session
) -> None:
    path = f"/applications/{pw.application.reference}"
    sign_in(client, session, pw.jp_officer, "en")
    assert client.get(path).status_code == 404  # a draft
    application = _fresh(session, pw)
    application.status, application.version = "submitted", 1
    # Submitted as the service would: the status, and the frozen copy agencies read.
    countries = {pw.vn_agency.id: "VN", pw.jp_agency.id: "JP"}
    session.add(ApplicationVersion(application_id=application.id, number=1,
                                   snapshot=snapshot(application, countries)))  # fmt: skip
    session.commit()
    page = client.get(path)
    assert page.status_code == 200
    assert "日本側の計画。" in page.text and "Phía Việt Nam." not in page.text
    assert 'data-country="JP"' in page.text and 'data-country="VN"' not in page.text
    assert "₫" not in page.text and "¥10,000,000" in page.text
    assert 'data-testid="frozen-notice"' in page.text


def test_the_apply_page_shows_the_deadline_in_both_zones_and_starts_a_draft(
    client: TestClient, pw: ProgramWorld, session: Session
) -> None:
    sign_in(client, session, pw.w.other_expert_user, "vi")
    page = client.get(f"/calls/{pw.call.reference}/apply").text
    assert "JST" in page and "ICT" in page
    short = post_form(client, f"/calls/{pw.call.reference}/apply", {"title": "x"})
    assert short.status_code == 422 and 'id="title-error"' in short.text
    started = post_form(client, f"/calls/{pw.call.reference}/apply", {"title": "Chip AI biên"})
    assert started.status_code == 303
    assert started.headers["location"] == f"/applications/{pw.call.reference}-002"
    assert "Chip AI biên" in client.get(started.headers["location"]).text


def test_staff_take_the_eligibility_steps_from_the_page(
    client: TestClient, pw: ProgramWorld, session: Session
) -> None:
    application = _fresh(session, pw)
    application.status, application.version = "submitted", 1
    session.commit()
    sign_in(client, session, pw.w.coordinator, "en")
    path = f"/applications/{pw.application.reference}"
    page = client.get(path).text
    assert 'data-testid="action-check_eligibility"' in page and "action-submit" not in page
    assert post_form(client, f"{path}/action/check_eligibility", {}).status_code == 303
    page = client.get(path).text
    assert "action-pass_eligibility" in page and "action-mark_ineligible" in page
    no_reason = post_form(client, f"{path}/action/mark_ineligible", {"reason": ""})
    assert no_reason.status_code == 422 and 'id="reason-error"' in no_reason.text
    assert _fresh(session, pw).status == "eligibility_check"
    done = post_form(client, f"{path}/action/mark_ineligible", {"reason": "Thiếu thư xác nhận"})
    assert done.status_code == 303
    assert (_fresh(session, pw).status, _fresh(session, pw).status_reason) == (
        "ineligible", "Thiếu thư xác nhận",
    )  # fmt: skip
    assert "Thiếu thư xác nhận" in client.get(path).text
    assert post_form(client, f"{path}/action/shortlist", {}).status_code == 409
