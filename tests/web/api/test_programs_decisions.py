"""The decisions API on both databases: every refusal named (404 outside the program, 403 for
an agency acting for the other one or deciding, 409 before every position and for an award
without every fund, 422 naming the field), and the award opening the joint project with its
consortium, funding lines and report rule; the letter in the lead applicant's language."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.programs.decisions_world import in_review
from tests.programs.world import ProgramWorld
from tests.world import Api
from vstid.audit.models import AuditEntry
from vstid.notifications.models import Notification
from vstid.programs.applications.models import Application
from vstid.programs.calls.models import Call
from vstid.projects.funding.models import FundingLine
from vstid.projects.models import Project
from vstid.projects.reports.models import ProjectReport, ReportRule

FUND_VN = {"position": "fund", "amount": "2000000000"}
FUND_JP = {"position": "fund", "amount": "12000000"}


def _base(pw: ProgramWorld) -> str:
    return f"/applications/{pw.application.reference}"


def _refused(response: Any, status: int, field: str | None = None) -> None:
    assert response.status_code == status, response.text
    if field:
        assert response.json()["field"] == field, response.text


def test_positions_are_each_agencys_own(api: Api, pw: ProgramWorld, session: Session) -> None:
    in_review(session, pw)
    base = _base(pw)
    for outsider in (pw.w.outsider, pw.w.foreign_coordinator, pw.w.expert_user):
        _refused(api.get(outsider, f"{base}/positions"), 404)
        _refused(api.post(outsider, f"{base}/positions", FUND_VN), 404)
    assert api.get(None, f"{base}/positions").status_code == 401
    # a JP officer cannot record the Vietnamese agency's position
    mine = {**FUND_VN, "agency_id": str(pw.vn_agency.id)}
    _refused(api.post(pw.jp_officer, f"{base}/positions", mine), 403)
    # over the call's ceiling for the agency (3 000 000 000 VND)
    over = api.post(
        pw.vn_officer, f"{base}/positions", {"position": "fund", "amount": "3000000001"}
    )
    _refused(over, 422, "amount")
    _refused(api.post(pw.vn_officer, f"{base}/positions", {"position": "fund"}), 422, "amount")
    wrong = {**FUND_VN, "currency": "JPY"}
    _refused(api.post(pw.vn_officer, f"{base}/positions", wrong), 422, "currency")
    _refused(api.post(pw.vn_officer, f"{base}/positions", {"position": "maybe"}), 422, "position")
    # staff record for an agency only with a note saying so
    behalf = {**FUND_JP, "agency_id": str(pw.jp_agency.id)}
    _refused(api.post(pw.w.coordinator, f"{base}/positions", behalf), 422, "note")
    _refused(api.post(pw.w.coordinator, f"{base}/positions", FUND_JP), 422, "agency_id")
    assert api.get(pw.vn_officer, f"{base}/positions").json() == []  # nothing half-saved
    done = api.post(pw.w.coordinator, f"{base}/positions",
                    {**behalf, "note": "Recorded for JST after its panel meeting (minutes 12)"})  # fmt: skip
    assert done.status_code == 200, done.text
    assert (done.json()["agency_country"], done.json()["currency"]) == ("JP", "JPY")
    recorded = api.post(pw.vn_officer, f"{base}/positions", FUND_VN)
    assert recorded.status_code == 200 and recorded.json()["amount"] == "2000000000.00"
    # changing before the decision is allowed, and audited with what it was
    changed = api.post(pw.jp_officer, f"{base}/positions", {"position": "reserve"})
    assert changed.status_code == 200 and changed.json()["position"] == "reserve"
    listed = api.get(pw.jp_officer, f"{base}/positions").json()
    assert [(p["agency_country"], p["position"]) for p in listed] == [
        ("VN", "fund"),
        ("JP", "reserve"),
    ]
    change = session.scalars(
        select(AuditEntry).where(AuditEntry.action == "program.position.change")
    ).one()
    assert change.data["before"]["position"] == "fund" and change.data["position"] == "reserve"


def test_positions_need_an_application_in_review(api: Api, pw: ProgramWorld) -> None:
    _refused(api.post(pw.vn_officer, f"{_base(pw)}/positions", FUND_VN), 409)


def test_the_joint_decision_and_the_award(api: Api, pw: ProgramWorld, session: Session) -> None:
    in_review(session, pw)
    base = _base(pw)
    _refused(api.post(pw.w.coordinator, f"{base}/decision", {"decision": "award"}), 409)
    assert api.post(pw.vn_officer, f"{base}/positions", FUND_VN).status_code == 200
    waiting = api.post(pw.w.coordinator, f"{base}/decision", {"decision": "award"})
    _refused(waiting, 409)
    assert "Japan Science Agency" in waiting.json()["message"]
    assert api.post(pw.jp_officer, f"{base}/positions", {"position": "reserve"}).status_code == 200
    # agencies record positions; only the program's staff decide
    _refused(api.post(pw.vn_officer, f"{base}/decision", {"decision": "award"}), 403)
    _refused(api.post(pw.w.foreign_coordinator, f"{base}/decision", {"decision": "award"}), 404)
    against = api.post(pw.w.coordinator, f"{base}/decision", {"decision": "award"})
    _refused(against, 409)
    assert "Japan Science Agency" in against.json()["message"]
    _refused(api.post(pw.w.coordinator, f"{base}/decision", {"decision": "reject"}), 422, "reason")
    _refused(api.post(pw.w.coordinator, f"{base}/decision", {"decision": "maybe"}), 422, "decision")
    _refused(api.get(pw.w.coordinator, f"{base}/decision"), 404)
    assert api.post(pw.jp_officer, f"{base}/positions", FUND_JP).status_code == 200
    awarded = api.post(pw.w.coordinator, f"{base}/decision", {"decision": "award"})
    assert awarded.status_code == 201, awarded.text
    body = awarded.json()
    assert body["decision"] == "award" and body["project_id"]
    assert {(p["agency_country"], p["position"]) for p in body["positions"]} == {
        ("VN", "fund"), ("JP", "fund"),
    }  # fmt: skip
    session.expire_all()
    application = session.get(Application, pw.application.id)
    assert application is not None and application.status == "awarded"
    project = session.get(Project, application.project_id)
    assert project is not None and (project.origin, project.status) == ("call", "agreement_pending")
    assert project.hub_id == pw.program.hub_id and project.title == application.title
    consortium = {(p.role, p.side, p.country) for p in project.partners}
    assert consortium == {("lead", "vietnam", "VN"), ("lead", "abroad", "JP"),
                          ("funder", "vietnam", "VN"), ("funder", "abroad", "JP")}  # fmt: skip
    lines = session.scalars(select(FundingLine).where(FundingLine.project_id == project.id))
    assert sorted((str(x.amount), x.currency, x.reference) for x in lines) == [
        ("12000000.00", "JPY", application.reference),
        ("2000000000.00", "VND", application.reference),
    ]
    rule = session.scalars(select(ReportRule).where(ReportRule.project_id == project.id)).one()
    assert rule.frequency == "yearly"  # the call reports every 12 months
    reports = select(func.count()).where(ProjectReport.project_id == project.id)
    assert session.scalar(reports) == 3  # 36 months
    # the decision is final: no second decision, no position changes
    _refused(api.post(pw.w.coordinator, f"{base}/decision", {"decision": "reject",
                                                             "reason": "x"}), 409)  # fmt: skip
    _refused(api.post(pw.vn_officer, f"{base}/positions", FUND_VN), 409)
    # the applicants hear, and read the decision (without the agencies' notes)
    for person in (pw.w.expert_user, pw.jp_partner_user):
        note = session.scalars(
            select(Notification).where(
                Notification.user_id == person.id, Notification.kind == "application"
            )
        )
        assert len(list(note)) == 1
    seen = api.get(pw.w.expert_user, f"{base}/decision").json()
    assert seen["decision"] == "award" and seen["positions"] == []
    assert api.get(pw.w.outsider, f"{base}/decision").status_code == 404
    audit = session.scalars(
        select(AuditEntry).where(AuditEntry.action == "program.application.award")
    ).one()
    assert audit.data["to"] == "awarded" and audit.data["project_id"] == str(project.id)


def test_the_awarded_project_counts_toward_joint_projects_funded(
    api: Api, pw: ProgramWorld, session: Session
) -> None:
    """joint_projects_funded = the program's calls' applications awarded with a project (the
    indicators part names the query; this is its slow, obvious oracle)."""

    def funded() -> int:
        session.expire_all()
        return sum(
            1
            for a in session.scalars(select(Application))
            if a.status == "awarded"
            and a.project_id is not None
            and session.get(Call, a.call_id).program_id == pw.program.id  # type: ignore[union-attr]
        )

    in_review(session, pw)
    assert funded() == 0
    base = _base(pw)
    api.post(pw.vn_officer, f"{base}/positions", FUND_VN)
    api.post(pw.jp_officer, f"{base}/positions", FUND_JP)
    assert api.post(pw.w.coordinator, f"{base}/decision", {"decision": "award"}).status_code == 201
    assert funded() == 1


def test_a_rejection_with_its_letter(api: Api, pw: ProgramWorld, session: Session) -> None:
    in_review(session, pw, status="shortlisted")
    base = _base(pw)
    api.post(pw.vn_officer, f"{base}/positions", FUND_VN)
    api.post(pw.jp_officer, f"{base}/positions", {"position": "do_not_fund"})
    done = api.post(pw.w.coordinator, f"{base}/decision",
                    {"decision": "reject", "reason": "Thiếu đối tác doanh nghiệp phía Nhật."})  # fmt: skip
    assert done.status_code == 201, done.text
    assert done.json()["letter_language"] == "vi" and done.json()["project_id"] is None
    letter = api.get(pw.w.expert_user, f"{base}/letter")
    assert letter.status_code == 200 and letter.headers["content-language"] == "vi"
    assert "Thiếu đối tác doanh nghiệp phía Nhật." in letter.text
    assert "Kính gửi" in letter.text  # "Dear", in Vietnamese
    session.expire_all()
    application = session.get(Application, pw.application.id)
    assert application is not None and application.status == "rejected"
    assert application.project_id is None


def test_the_letter_is_in_japanese_for_a_japanese_lead(
    api: Api, pw: ProgramWorld, session: Session
) -> None:
    pw.w.expert_user.locale = "ja"
    in_review(session, pw)
    base = _base(pw)
    api.post(pw.vn_officer, f"{base}/positions", FUND_VN)
    api.post(pw.jp_officer, f"{base}/positions", FUND_JP)
    assert api.post(pw.w.coordinator, f"{base}/decision", {"decision": "award"}).status_code == 201
    letter = api.get(pw.jp_partner_user, f"{base}/letter")
    assert letter.status_code == 200 and letter.headers["content-language"] == "ja"
    text = letter.text
    assert "採択" in text  # awarded
    assert "￥12,000,000" in text and "₫2,000,000,000" in text  # Babel, ja
    assert "日越半導体共同研究プログラム" in text  # the program's Japanese title
    assert api.get(pw.w.outsider, f"{base}/letter").status_code == 404
