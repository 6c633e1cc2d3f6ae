"""The call pages through the app, on SQLite and PostgreSQL: the public list (open calls first,
filters), a call's page with its times in the call's zone and the reader's (a JST deadline read
as ICT by a Vietnamese reader), ceilings in their currencies, the Apply button, the staff's
forms and lifecycle buttons, the refusals shown in words, and a program's fragment."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from babel.numbers import format_currency
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.programs.world import ProgramWorld, make_call
from tests.web.helpers import login, post_form
from vstid.core.models import utcnow
from vstid.programs.applications.models import Application
from vstid.programs.calls.models import Call


def _deadline(session: Session, pw: ProgramWorld) -> datetime:
    """The world's Tokyo call closes at 17:00 JST (08:00 UTC) some weeks from now."""
    day = (utcnow() + timedelta(days=40)).date()
    closes = datetime(day.year, day.month, day.day, 8, 0, tzinfo=UTC)
    call = session.get(Call, pw.call.id)
    assert call is not None
    call.closes_at = closes
    session.commit()
    return closes


def test_a_jst_deadline_reads_as_ict_for_a_vietnamese_reader(
    client: TestClient, session: Session, pw: ProgramWorld
) -> None:
    _deadline(session, pw)
    page = client.get(f"/calls/{pw.call.reference}")
    assert page.status_code == 200, page.text[:500]
    html = page.text
    closes = html.split('data-testid="call-closes">')[1].split("</dd>")[0]
    assert "17:00" in closes and "JST" in closes
    assert "(15:00" in closes and "ICT)" in closes
    assert "Đóng" in html or "Closes" in html  # the label, translated or not, is there
    # in the list too
    listed = client.get("/calls").text
    item = listed.split(f'data-reference="{pw.call.reference}"')[1].split("</li>")[0]
    assert "17:00" in item and "JST" in item and "15:00" in item and "ICT" in item


def test_a_japanese_reader_sees_the_calls_own_zone_once(
    client: TestClient, session: Session, pw: ProgramWorld
) -> None:
    _deadline(session, pw)
    assert post_form(client, "/lang", {"locale": "ja"}).status_code == 303
    html = client.get(f"/calls/{pw.call.reference}").text
    closes = html.split('data-testid="call-closes">')[1].split("</dd>")[0]
    assert "17:00 JST" in closes and "ICT" not in closes
    # the reader may ask for another zone
    html = client.get(f"/calls/{pw.call.reference}?tz=Asia/Seoul").text
    closes = html.split('data-testid="call-closes">')[1].split("</dd>")[0]
    assert "17:00 JST" in closes and "(" in closes and "17:00 KST" in closes


def test_the_call_page_states_its_rules_and_ceilings(client: TestClient, pw: ProgramWorld) -> None:
    html = client.get(f"/calls/{pw.call.reference}").text
    assert pw.call.title in html
    assert format_currency(Decimal("3000000000"), "VND", locale="vi") in html
    assert format_currency(Decimal("15000000"), "JPY", locale="vi") in html
    assert "Lý lịch của chủ nhiệm" in html  # the document's label in the reader's language
    assert "Đối tác doanh nghiệp" in html  # the question's
    assert 'data-testid="call-grace"' in html and "30" in html
    countdown = html.split('data-testid="call-countdown">')[1].split("</p>")[0]
    assert "30" in countdown or "29" in countdown
    # anonymous: asked to sign in; no lifecycle buttons, no staff forms
    assert 'data-testid="call-sign-in"' in html and 'data-testid="call-apply"' not in html
    assert 'data-testid="call-actions"' not in html and 'data-testid="call-staff"' not in html


def test_a_signed_in_reader_may_apply_only_while_the_call_accepts(
    client: TestClient, session: Session, pw: ProgramWorld
) -> None:
    login(client, pw.w.expert_user.email)
    html = client.get(f"/calls/{pw.call.reference}").text
    assert f'href="/calls/{pw.call.reference}/apply"' in html
    call = session.get(Call, pw.call.id)
    assert call is not None
    call.closes_at = utcnow() - timedelta(hours=2)  # past the deadline and its 30 minutes
    session.commit()
    html = client.get(f"/calls/{pw.call.reference}").text
    assert 'data-testid="call-apply"' not in html


def test_open_calls_come_first_and_drafts_stay_hidden(
    client: TestClient, session: Session, pw: ProgramWorld
) -> None:
    now = utcnow()
    make_call(
        session,
        pw.program,
        reference="ZZ-FORECAST",
        status="forecast",
        opens_at=now + timedelta(days=5),
        closes_at=now + timedelta(days=60),
    )
    make_call(
        session,
        pw.program,
        reference="AA-ARCHIVED",
        status="archived",
        opens_at=now - timedelta(days=90),
        closes_at=now - timedelta(days=50),
    )
    make_call(session, pw.program, reference="MM-DRAFT", status="draft",
              kind="seminar_grant")  # fmt: skip
    session.commit()
    html = client.get("/calls").text
    order = [html.index(f'data-reference="{r}"')
             for r in (pw.call.reference, "ZZ-FORECAST", "AA-ARCHIVED")]  # fmt: skip
    assert order == sorted(order)
    assert "MM-DRAFT" not in html
    assert client.get("/calls/MM-DRAFT").status_code == 404
    filtered = client.get("/calls?kind=mobility").text
    assert pw.call.reference not in filtered
    fragment = client.get(f"/programs/{pw.program.slug}/calls")
    assert fragment.status_code == 200 and "<html" not in fragment.text
    assert "ZZ-FORECAST" in fragment.text and "MM-DRAFT" not in fragment.text
    assert 'data-testid="new-call"' not in fragment.text
    assert client.get("/programs/no-such-program/calls").status_code == 404
    login(client, pw.w.coordinator.email)
    fragment = client.get(f"/programs/{pw.program.slug}/calls").text
    assert "MM-DRAFT" in fragment and 'data-testid="new-call"' in fragment


def test_staff_create_a_call_and_walk_it_through_its_lifecycle(
    client: TestClient, session: Session, pw: ProgramWorld
) -> None:
    login(client, pw.w.coordinator.email)
    path = f"/programs/{pw.program.slug}/calls/new"
    assert client.get(path).status_code == 200
    form = {
        "reference": "VNKR-AI-2027", "kind": "joint_research", "title": "Hợp tác AI Việt – Hàn",
        "summary": "Kêu gọi chung.", "language": "vi", "timezone": "Asia/Seoul",
        "opens_at": "2027-01-10T09:00", "closes_at": "2027-01-01T17:00", "grace_minutes": "10",
        "languages": "vi", "fields": "ai", "reviews_per_application": "2",
        "report_every_months": "12",
    }  # fmt: skip
    refused = post_form(client, path, form)
    assert refused.status_code == 422
    assert 'id="closes_at-error"' in refused.text
    assert session.query(Call).filter_by(reference="VNKR-AI-2027").first() is None
    later = (utcnow() + timedelta(days=20)).strftime("%Y-%m-%dT17:00")
    opens = (utcnow() - timedelta(days=1)).strftime("%Y-%m-%dT09:00")
    created = post_form(client, path, form | {"closes_at": later, "opens_at": opens})
    assert created.status_code == 303, created.text[:800]
    assert created.headers["location"] == "/calls/VNKR-AI-2027"
    page = client.get("/calls/VNKR-AI-2027").text
    assert "KST" in page and 'data-testid="action-open"' in page
    assert 'data-testid="action-forecast"' in page
    for action, state in (("open", "open"), ("close", "closed"), ("start_review", "in_review"),
                          ("decide", "decided"), ("archive", "archived")):  # fmt: skip
        done = post_form(client, f"/calls/VNKR-AI-2027/{action}", {})
        assert done.status_code == 303, (action, done.text[:500])
        session.expire_all()
        assert session.query(Call).filter_by(reference="VNKR-AI-2027").one().status == state
        assert 'class="flash success"' in client.get("/calls/VNKR-AI-2027").text
        again = post_form(client, f"/calls/VNKR-AI-2027/{action}", {})
        assert again.status_code == 303
        assert 'class="flash error"' in client.get("/calls/VNKR-AI-2027").text
    final = client.get("/calls/VNKR-AI-2027").text
    assert 'data-testid="call-actions"' not in final and 'data-testid="call-staff"' not in final
    assert client.get("/calls/VNKR-AI-2027/edit").status_code == 409


def test_a_refused_step_is_said_in_words(client: TestClient, pw: ProgramWorld) -> None:
    login(client, pw.w.coordinator.email)
    assert post_form(client, "/lang", {"locale": "en"}).status_code == 303
    refused = post_form(client, f"/calls/{pw.call.reference}/archive", {})
    assert refused.status_code == 303
    page = client.get(f"/calls/{pw.call.reference}").text
    error = page.split('class="flash error"')[1].split("</span>")[0]
    assert "only a decided call can be archived" in error


def test_only_the_staff_change_a_call(client: TestClient, pw: ProgramWorld) -> None:
    login(client, pw.vn_officer.email)
    assert post_form(client, f"/calls/{pw.call.reference}/close", {}).status_code == 403
    assert client.get(f"/calls/{pw.call.reference}/edit").status_code == 403
    rubric = {"r-0-key": "a", "r-0-label_en": "A", "r-0-weight": "100"}
    assert post_form(client, f"/calls/{pw.call.reference}/rubric", rubric).status_code == 403
    assert client.get(f"/programs/{pw.program.slug}/calls/new").status_code == 403


def test_staff_edit_the_rubric_questions_documents_and_ceilings(
    client: TestClient, session: Session, pw: ProgramWorld
) -> None:
    login(client, pw.w.coordinator.email)
    path = f"/calls/{pw.call.reference}"
    page = client.get(path).text
    assert 'data-testid="rubric-form"' in page and 'data-testid="action-close"' in page
    bad = {"r-0-key": "excellence", "r-0-label_en": "Excellence", "r-0-weight": "70",
           "r-1-key": "impact", "r-1-label_en": "Impact", "r-1-weight": "20"}  # fmt: skip
    refused = post_form(client, f"{path}/rubric", bad)
    assert refused.status_code == 422
    error = refused.text.split('data-testid="rubric-error">')[1].split("</p>")[0]
    assert "90" in error
    assert 'value="70"' in refused.text  # what was typed is kept
    good = bad | {"r-1-weight": "30", "r-2-key": "", "r-2-weight": ""}
    assert post_form(client, f"{path}/rubric", good).status_code == 303
    session.expire_all()
    call = session.get(Call, pw.call.id)
    assert call is not None
    assert [(c["key"], c["weight"]) for c in call.rubric] == [("excellence", 70), ("impact", 30)]
    questions = {"q-0-key": "lab", "q-0-label_vi": "Phòng thí nghiệm", "q-0-kind": "choice",
                 "q-0-choices": "Tohoku\nKyushu", "q-0-required": "on"}  # fmt: skip
    assert post_form(client, f"{path}/questions", questions).status_code == 303
    documents = {"d-0-key": "cv", "d-0-label_en": "CV", "d-0-required": "on",
                 "d-1-key": "budget", "d-1-label_en": "Budget sheet"}  # fmt: skip
    assert post_form(client, f"{path}/documents", documents).status_code == 303
    ceilings = {f"amount-{pw.vn_agency.id}": "2500000000", f"currency-{pw.vn_agency.id}": "VND",
                f"amount-{pw.jp_agency.id}": "", f"currency-{pw.jp_agency.id}": "JPY"}  # fmt: skip
    assert post_form(client, f"{path}/ceilings", ceilings).status_code == 303
    session.expire_all()
    call = session.get(Call, pw.call.id)
    assert call is not None
    assert call.questions[0]["choices"] == ["Tohoku", "Kyushu"] and call.questions[0]["required"]
    assert [(d["key"], d["required"]) for d in call.documents] == [("cv", True), ("budget", False)]
    assert [(c.currency, c.amount) for c in call.ceilings] == [("VND", Decimal("2500000000"))]
    page = client.get(path).text
    assert format_currency(Decimal("2500000000"), "VND", locale="vi") in page


def test_the_rules_lock_once_an_application_is_submitted(
    client: TestClient, session: Session, pw: ProgramWorld
) -> None:
    application = session.get(Application, pw.application.id)
    assert application is not None
    application.status, application.submitted_at = "submitted", utcnow()
    session.commit()
    login(client, pw.w.coordinator.email)
    path = f"/calls/{pw.call.reference}"
    assert 'data-testid="call-locked"' in client.get(path).text
    refused = post_form(client, f"{path}/documents", {"d-0-key": "cv", "d-0-label_en": "CV"})
    assert refused.status_code == 409
    assert 'data-testid="documents-error"' in refused.text
    session.expire_all()
    call = session.get(Call, pw.call.id)
    assert call is not None and len(call.documents) == 2


def test_the_basics_form_edits_the_times_in_the_calls_zone(
    client: TestClient, session: Session, pw: ProgramWorld
) -> None:
    login(client, pw.w.coordinator.email)
    path = f"/calls/{pw.call.reference}/edit"
    form_page = client.get(path)
    assert form_page.status_code == 200 and 'name="closes_at"' in form_page.text
    later = (utcnow() + timedelta(days=50)).strftime("%Y-%m-%d")
    form = {"title": "Tên mới", "summary": "Tóm tắt", "language": "vi",
            "timezone": "Asia/Tokyo", "opens_at": "2026-01-01T09:00",
            "closes_at": f"{later}T17:00", "grace_minutes": "30", "languages": "vi",
            "fields": "semiconductors", "countries": "VN JP", "reviews_per_application": "2",
            "report_every_months": "12", "ceiling_amount": "30000000",
            "ceiling_currency": "JPY"}  # fmt: skip
    saved = post_form(client, path, form)
    assert saved.status_code == 303, saved.text[:800]
    session.expire_all()
    call = session.get(Call, pw.call.id)
    assert call is not None and call.title == "Tên mới"
    closes = call.closes_at if call.closes_at.tzinfo else call.closes_at.replace(tzinfo=UTC)
    assert closes.hour == 8 and closes.strftime("%Y-%m-%d") == later  # 17:00 JST
    bad = post_form(client, path, form | {"countries": "Vietnam"})
    assert bad.status_code == 422 and 'id="countries-error"' in bad.text
