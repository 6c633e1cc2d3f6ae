"""Periodic reports through the API on both databases: the rule and the calendar, every
transition (open → submitted → returned → submitted → accepted) and every refused one (403,
409, 422), the snapshot frozen on submit, the notifications, the PDF and XLSX downloads,
and outsiders' 404s."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.projects.pdf_text import document_text, embedded_fonts
from tests.projects.reporting import Reporting, make_project
from tests.world import Api, World, notes
from vstid.audit.models import AuditEntry
from vstid.core.db import Database
from vstid.core.settings import Settings
from vstid.jobs.worker import run_pending
from vstid.notifications import messages as msg
from vstid.projects.models import AmendmentKind
from vstid.projects.service import ProjectService
from vstid.web.api.projects import reports as reports_api


@pytest.fixture
def rep(session: Session, world: World) -> Reporting:
    return make_project(session, world)


VI = "Nhóm đã hoàn thành thử nghiệm đóng gói chip ở nhiệt độ cao."
JA = "高温でのチップパッケージ試験を完了しました。"


def put(api: Api, user: Any, path: str, body: Any) -> Any:
    return api.client.put(f"/api/v1{path}", json=body, headers=api.headers(user))


def _calendar(api: Api, rep: Reporting, **rule: Any) -> list[dict]:
    body = {"frequency": "yearly", **rule}
    response = put(api, rep.w.coordinator, f"{rep.base}/report-rule", body)
    assert response.status_code == 200, response.text
    reports = api.get(rep.w.coordinator, f"{rep.base}/reports").json()
    return reports


def test_rule_and_calendar(api: Api, rep: Reporting) -> None:
    w = rep.w
    assert (
        put(api, rep.member, f"{rep.base}/report-rule", {"frequency": "yearly"}).status_code == 403
    )
    assert (
        put(api, w.outsider, f"{rep.base}/report-rule", {"frequency": "yearly"}).status_code == 404
    )
    bad = put(api, w.coordinator, f"{rep.base}/report-rule", {"frequency": "monthly"})
    assert bad.status_code == 422 and "frequency" in bad.text
    bad = put(
        api, w.coordinator, f"{rep.base}/report-rule", {"frequency": "yearly", "due_days": -1}
    )
    assert bad.status_code == 422 and "due_days" in bad.text
    rule = {
        "frequency": "half_yearly",
        "anchor": "april_march",
        "funder_partner_id": str(rep.funder.id),
    }
    response = put(api, w.requester, f"{rep.base}/report-rule", rule)  # the lead sets it too
    assert response.status_code == 200 and response.json()["funder_name"] == "JST"
    reports = api.get(rep.member, f"{rep.base}/reports").json()
    assert [(r["period_start"], r["due_date"]) for r in reports] == [
        ("2026-04-01", "2026-10-30"), ("2026-10-01", "2027-04-30"),
        ("2027-04-01", "2027-10-30"), ("2027-10-01", "2028-04-30"),
    ]  # fmt: skip
    assert reports[0]["allowed_actions"] == ["submit"]
    for r in reports:  # past due and still open
        assert r["overdue"] is (date.fromisoformat(r["due_date"]) < date.today())
    assert api.get(w.coordinator, f"{rep.base}/reports").json()[0]["allowed_actions"] == []
    rules = api.get(w.expert_user, f"{rep.base}/report-rule").json()
    assert [r["frequency"] for r in rules] == ["half_yearly"]
    again = api.post(w.coordinator, f"{rep.base}/reports/generate")
    assert [r["id"] for r in again.json()] == [r["id"] for r in reports]
    for outsider in (w.outsider, w.foreign_coordinator, w.other_expert_user, None):
        assert api.get(outsider, f"{rep.base}/reports").status_code in (401, 404)
        assert api.get(outsider, f"{rep.base}/reports/{reports[0]['id']}").status_code in (401, 404)
    assert api.get(w.outsider, f"{rep.base}/reports").status_code == 404


def test_every_transition_and_every_refused_one(api: Api, rep: Reporting, session: Session) -> None:
    w = rep.w
    report = _calendar(api, rep)[0]
    path = f"{rep.base}/reports/{report['id']}"
    # submitting needs a narrative; staff never submit; nobody accepts an open report
    empty = api.post(rep.member, f"{path}/submit")
    assert empty.status_code == 422 and empty.json()["field"] == "narratives"
    assert api.post(w.coordinator, f"{path}/submit").status_code == 403
    early = api.post(w.coordinator, f"{path}/accept")
    assert early.status_code == 409 and "only a submitted report" in early.json()["message"]
    assert api.post(w.coordinator, f"{path}/return", {"comment": "x"}).status_code == 409
    assert (
        put(api, w.coordinator, f"{path}/narratives", {"narratives": {"vi": "x"}}).status_code
        == 403
    )
    assert (
        put(api, rep.member, f"{path}/narratives", {"narratives": {"fr": "x"}}).status_code == 422
    )
    written = put(api, rep.member, f"{path}/narratives", {"narratives": {"vi": VI, "ja": JA}})
    assert written.status_code == 200, written.text
    assert written.json()["source_language"] == "vi"
    assert written.json()["narratives"] == {"vi": VI, "ja": JA}
    # open → submitted, by a plain member; the hub's coordinators hear
    submitted = api.post(rep.member, f"{path}/submit")
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    assert [n.message for n in notes(session, w.coordinator.id, "project")] == [
        msg.REPORT_SUBMITTED
    ]
    assert notes(session, w.foreign_coordinator.id, "project") == []
    assert api.post(rep.member, f"{path}/submit").status_code == 409
    assert (
        put(api, rep.member, f"{path}/narratives", {"narratives": {"vi": "y"}}).status_code == 409
    )
    # only staff accept or return: a member and a lead are refused
    assert api.post(rep.member, f"{path}/accept").status_code == 403
    assert api.post(w.requester, f"{path}/accept").status_code == 403
    assert api.post(w.expert_user, f"{path}/return", {"comment": "no"}).status_code == 403
    assert api.get(w.coordinator, path).json()["allowed_actions"] == ["accept", "return"]
    # submitted → returned, with a comment (required); the consortium hears
    bare = api.post(w.coordinator, f"{path}/return", {"comment": "  "})
    assert bare.status_code == 422 and bare.json()["field"] == "comment"
    assert api.post(w.coordinator, f"{path}/return").status_code == 422
    returned = api.post(w.coordinator, f"{path}/return", {"comment": "Thêm số liệu chi tiêu."})
    assert returned.status_code == 200 and returned.json()["status"] == "returned"
    assert returned.json()["decision_comment"] == "Thêm số liệu chi tiêu."
    for person in (w.requester, rep.member, w.expert_user):
        assert [n.message for n in notes(session, person.id, "project")] == [msg.REPORT_RETURNED]
    assert notes(session, w.outsider.id, "project") == []
    assert api.get(rep.member, f"{rep.base}/reports").json()[0]["allowed_actions"] == ["submit"]
    # returned → edited → submitted again → accepted; then nothing more
    assert (
        put(
            api, w.requester, f"{path}/narratives", {"narratives": {"en": "More figures."}}
        ).status_code
        == 200
    )
    assert api.post(w.requester, f"{path}/submit").json()["status"] == "submitted"
    accepted = api.post(w.coordinator, f"{path}/accept", {"comment": ""})
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    assert [n.message for n in notes(session, rep.member.id, "project")][-1] == msg.REPORT_ACCEPTED
    for action, body in (("accept", None), ("return", {"comment": "late"})):
        assert api.post(w.coordinator, f"{path}/{action}", body).status_code == 409
    assert api.post(rep.member, f"{path}/submit").status_code == 409
    assert api.get(w.coordinator, path).json()["allowed_actions"] == []
    actions = session.scalars(
        select(AuditEntry.action).where(AuditEntry.action.like("project.report_%"))
    )
    assert set(actions) == {
        "project.report_rule", "project.report_written", "project.report_submitted",
        "project.report_returned", "project.report_accepted",
    }  # fmt: skip
    assert api.post(w.outsider, f"{path}/accept").status_code == 404


def test_submitting_freezes_the_sections(
    api: Api, rep: Reporting, session: Session, settings: Any
) -> None:
    w = rep.w
    report = _calendar(api, rep, anchor="calendar_year")[0]  # 2026-04-01 .. 2026-12-31
    path = f"{rep.base}/reports/{report['id']}"
    risk = {"description": "Chậm giao thiết bị", "likelihood": "high", "impact": 3,
            "raised_on": "2026-05-01"}  # fmt: skip
    assert api.post(rep.member, f"{rep.base}/risks", risk).status_code == 201
    projects = ProjectService(session, settings)
    projects.record_amendment(w.coordinator, rep.project, AmendmentKind.other, "Đổi đầu mối",
                              {"contact": "A"}, {"contact": "B"})  # fmt: skip
    session.commit()
    live = api.get(rep.member, path).json()
    sections = {s["key"]: s for s in live["sections"]}
    assert live["frozen"] is False and set(sections) >= {"risks", "amendments"}
    assert [row[0] for row in sections["risks"]["rows"]] == ["Chậm giao thiết bị"]
    # the amendment is dated today; it is in the report only if today is in the period
    put(api, rep.member, f"{path}/narratives", {"narratives": {"vi": VI}})
    assert api.post(rep.member, f"{path}/submit").status_code == 200
    api.post(rep.member, f"{rep.base}/risks", risk | {"description": "Thiếu nhân lực"})
    after = api.get(rep.member, path).json()
    assert after["frozen"] is True
    frozen = {s["key"]: s for s in after["sections"]}
    assert [row[0] for row in frozen["risks"]["rows"]] == ["Chậm giao thiết bị"]
    assert frozen == sections
    assert api.post(w.coordinator, f"{path}/accept").status_code == 200
    assert {s["key"]: s for s in api.get(w.coordinator, path).json()["sections"]} == sections


def test_amendments_of_the_period_are_compiled(
    api: Api, rep: Reporting, session: Session, settings: Any
) -> None:
    today = date.today()
    rep.project.start_date = date(today.year, 1, 1)
    rep.project.end_date = date(today.year + 1, 12, 31)
    session.commit()
    report = _calendar(api, rep)[0]
    ProjectService(session, settings).record_amendment(
        rep.w.coordinator, rep.project, AmendmentKind.end_date, "Thiết bị về muộn",
        {"end_date": "2027-12-31"}, {"end_date": "2028-06-30"},
    )  # fmt: skip
    session.commit()
    body = api.get(rep.member, f"{rep.base}/reports/{report['id']}").json()
    amendments = next(s for s in body["sections"] if s["key"] == "amendments")
    assert len(amendments["rows"]) == 1
    assert amendments["rows"][0][3] == "Thiết bị về muộn"
    assert "end_date: 2028-06-30" in amendments["rows"][0][5]


@pytest.fixture
def captured(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The HTML each PDF download was laid out from."""
    seen: list[str] = []
    original = reports_api.pdf_bytes

    def spy(html: str) -> bytes:
        seen.append(html)
        return original(html)

    monkeypatch.setattr(reports_api, "pdf_bytes", spy)
    return seen


def test_pdf_download_shows_vietnamese_and_japanese(
    api: Api, rep: Reporting, captured: list[str]
) -> None:
    report = _calendar(api, rep)[0]
    path = f"{rep.base}/reports/{report['id']}"
    put(api, rep.member, f"{path}/narratives", {"narratives": {"vi": VI, "ja": JA}})
    api.post(rep.member, f"{rep.base}/risks",
             {"description": "Rủi ro tỷ giá JPY", "likelihood": 2, "impact": 4})  # fmt: skip
    response = api.client.get(
        f"/api/v1{path}.pdf", headers=api.headers(rep.member) | {"Cookie": "vstid_lang=ja"}
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    disposition = response.headers["content-disposition"]
    assert disposition == 'attachment; filename="report-1-2026-04-01-2027-03-31.pdf"'
    text = document_text(captured[-1])
    for expected in (VI, JA, "Rủi ro tỷ giá JPY", "2026/04/01"):
        assert expected in text, expected
    fonts = embedded_fonts(response.content)
    assert any("CJK-JP" in f for f in fonts), fonts  # the Japanese narrative's own font
    assert any("DejaVu" in f for f in fonts), fonts  # Vietnamese with its diacritics
    for outsider in (rep.w.outsider, rep.w.foreign_coordinator):
        assert api.get(outsider, f"{path}.pdf").status_code == 404
        assert api.get(outsider, f"{path}.xlsx").status_code == 404


def test_xlsx_download_has_a_cover_and_one_sheet_per_section(api: Api, rep: Reporting) -> None:
    report = _calendar(api, rep)[0]
    path = f"{rep.base}/reports/{report['id']}"
    put(api, rep.member, f"{path}/narratives", {"narratives": {"vi": VI}})
    api.post(rep.member, f"{rep.base}/risks",
             {"description": "Rủi ro tỷ giá JPY", "likelihood": 2, "impact": "high",
              "raised_on": "2026-06-01"})  # fmt: skip
    english = api.headers(rep.w.coordinator) | {"Cookie": "vstid_lang=en"}
    response = api.client.get(f"/api/v1{path}.xlsx", headers=english)
    assert response.status_code == 200
    assert "report-1-2026-04-01-2027-03-31.xlsx" in response.headers["content-disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["cover", "plan", "funding", "results", "risks", "amendments"]
    cover = {row[0]: row[1] for row in book["cover"].iter_rows(min_row=2, values_only=True)}
    assert cover["Project"] == rep.project.title
    assert cover["Narrative (vi)"] == VI
    risks = list(book["risks"].iter_rows(values_only=True))
    assert risks[1][:3] == ("Risk", "Likelihood", "Impact")
    assert risks[2][:3] == ("Rủi ro tỷ giá JPY", 2, 4)  # numbers stay numbers
    assert risks[2][4].date() == date(2026, 6, 1)


def test_the_calendar_follows_an_end_date_amendment(
    api: Api, rep: Reporting, database: Database, settings: Settings
) -> None:
    """Amending the end date (projects core) reaches the report calendar (a part above it)
    through a job that runs once the amendment has committed."""
    before = _calendar(api, rep)  # yearly from 2026-04-01 to 2028-03-31: two reports
    body = {"end_date": "2029-03-31", "reason": "Gia hạn một năm theo quyết định của quỹ"}
    amended = api.post(rep.w.coordinator, f"{rep.base}/amendments/end-date", body)
    assert amended.status_code == 201, amended.text
    assert run_pending(database, settings) >= 1
    after = api.get(rep.w.coordinator, f"{rep.base}/reports").json()
    assert len(after) == len(before) + 1
    assert after[-1]["period_end"] == "2029-03-31"
