"""Applications through the API on both databases: every transition and every refusal, with
the field named and nothing saved on a refusal; who reads what (an agency sees its side)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.builders import make_user
from tests.programs.world import ProgramWorld
from tests.world import Api, notes
from vstid.accounts.models import Role
from vstid.audit.models import AuditEntry
from vstid.core.models import utcnow
from vstid.programs.reviews.models import ReviewAssignment

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def base(pw: ProgramWorld) -> str:
    return f"/applications/{pw.application.reference}"


def upload_cv(api: Api, user: Any, pw: ProgramWorld, name: str = "cv.pdf") -> Any:
    return api.client.post(
        f"/api/v1{base(pw)}/documents/cv",
        files={"file": (name, PDF, "application/pdf")},
        headers=api.headers(user),
    )


def put(api: Api, user: Any, path: str, body: Any) -> Any:
    return api.client.put(f"/api/v1{path}", json=body, headers=api.headers(user))


def shared(pw: ProgramWorld, **changes: Any) -> dict[str, Any]:
    a = pw.application
    body = {"title": a.title, "summary": a.summary, "language": "vi", "fields": a.fields,
            "start_date": a.start_date.isoformat() if a.start_date else None,
            "duration_months": a.duration_months, "answers": dict(a.answers)}  # fmt: skip
    return body | changes


def test_the_lead_submits_once_the_cv_is_uploaded_and_versions_freeze(
    api: Api, pw: ProgramWorld
) -> None:
    lead = pw.w.expert_user
    page = api.get(lead, base(pw)).json()
    assert page["status"] == "draft" and page["allowed_actions"] == ["submit", "withdraw"]
    assert [p["field"] for p in page["problems"]] == ["documents.cv"]
    refused = api.post(lead, f"{base(pw)}/submit")
    assert refused.status_code == 422 and refused.json()["field"] == "documents.cv"
    assert "Lý lịch của chủ nhiệm" in refused.json()["message"]  # the label in vi, the default
    after = api.get(lead, base(pw)).json()
    assert (after["status"], after["version"], after["submitted_at"]) == ("draft", 0, None)
    assert api.get(lead, f"{base(pw)}/versions").json() == []
    bad = api.client.post(
        f"/api/v1{base(pw)}/documents/cv", files={"file": ("cv.exe", b"MZ", "x/y")},
        headers=api.headers(lead),
    )  # fmt: skip
    assert bad.status_code == 422 and bad.json()["field"] == "file"
    assert api.client.post(
        f"/api/v1{base(pw)}/documents/budget", files={"file": ("a.pdf", PDF, "application/pdf")},
        headers=api.headers(lead),
    ).json()["field"] == "kind"  # fmt: skip
    uploaded = upload_cv(api, lead, pw)
    assert uploaded.status_code == 200, uploaded.text
    assert uploaded.json()["problems"] == []
    download = api.client.get(f"/api/v1{base(pw)}/documents/cv", headers=api.headers(lead))
    assert download.content == PDF
    submitted = api.post(lead, f"{base(pw)}/submit")
    assert submitted.status_code == 200, submitted.text
    body = submitted.json()
    assert (body["status"], body["version"]) == ("submitted", 1) and body["submitted_at"]
    assert body["allowed_actions"] == ["reopen", "withdraw"]
    assert api.post(lead, f"{base(pw)}/submit").status_code == 409
    read_only = put(api, lead, base(pw), shared(pw, title="Tiêu đề mới"))
    assert read_only.status_code == 409
    assert upload_cv(api, lead, pw).status_code == 409
    assert api.post(lead, f"{base(pw)}/reopen").json()["status"] == "draft"
    assert put(api, lead, base(pw), shared(pw, title="Tiêu đề mới")).status_code == 200
    second = api.post(lead, f"{base(pw)}/submit").json()
    assert (second["status"], second["version"]) == ("submitted", 2)
    versions = api.get(lead, f"{base(pw)}/versions").json()
    assert [(v["number"], v["snapshot"]["title"]) for v in versions] == [
        (1, pw.application.title), (2, "Tiêu đề mới"),
    ]  # fmt: skip
    assert versions[0]["snapshot"]["documents"][0]["file_name"] == "cv.pdf"
    assert {m["name"] for m in versions[0]["snapshot"]["members"]} == {
        pw.w.expert_user.display_name, pw.jp_partner_user.display_name,
    }  # fmt: skip
    withdrawn = api.post(lead, f"{base(pw)}/withdraw")
    assert withdrawn.json()["status"] == "withdrawn"
    assert api.post(lead, f"{base(pw)}/withdraw").status_code == 409


def test_a_late_submission_is_refused_after_the_grace_period(
    api: Api, pw: ProgramWorld, session: Session
) -> None:
    lead = pw.w.expert_user
    upload_cv(api, lead, pw)
    pw.call.closes_at = utcnow() - timedelta(minutes=31)  # grace is 30 minutes
    session.commit()
    late = api.client.post(
        f"/api/v1{base(pw)}/submit", headers=api.headers(lead) | {"Accept-Language": "en"}
    )
    assert late.status_code == 409 and late.json()["field"] == "deadline"
    message = late.json()["message"]
    assert "the call closed at" in message and "JST" in message and "ICT" in message
    assert api.get(lead, base(pw)).json()["status"] == "draft"
    pw.call.closes_at = utcnow() - timedelta(minutes=20)  # inside the grace
    session.commit()
    assert api.post(lead, f"{base(pw)}/submit").json()["status"] == "submitted"
    pw.call.closes_at = utcnow() - timedelta(minutes=40)
    session.commit()
    assert api.post(lead, f"{base(pw)}/reopen").status_code == 409
    started = api.post(pw.w.other_expert_user, f"/calls/{pw.call.reference}/applications",
                       {"title": "Muộn quá"})  # fmt: skip
    assert started.status_code == 409 and started.json()["field"] == "deadline"


def test_a_co_applicant_is_invited_notified_and_must_confirm(
    api: Api, pw: ProgramWorld, session: Session
) -> None:
    lead, other = pw.w.expert_user, pw.w.other_expert_user
    upload_cv(api, lead, pw)
    body = {"email": other.email, "country": "VN", "institution": "HUST"}
    assert api.post(other, f"{base(pw)}/members", body).status_code == 404
    invited = api.post(lead, f"{base(pw)}/members", body)
    assert invited.status_code == 201, invited.text
    assert notes(session, other.id, "application")
    again = api.post(lead, f"{base(pw)}/members", body)
    assert again.status_code == 409 and again.json()["field"] == "email"
    unknown = api.post(lead, f"{base(pw)}/members", {"email": "nobody@example.org"})
    assert unknown.status_code == 422 and unknown.json()["field"] == "email"
    refused = api.post(lead, f"{base(pw)}/submit")
    assert refused.status_code == 422 and refused.json()["field"] == "members"
    assert other.display_name in refused.json()["message"]
    assert api.get(lead, base(pw)).json()["version"] == 0
    desk = api.get(other, "/applications/mine").json()
    assert [(d["my_role"], d["my_status"], d["call_reference"]) for d in desk] == [
        ("co_applicant", "invited", pw.call.reference)
    ]
    invitee_view = api.get(other, base(pw)).json()
    assert invitee_view["allowed_actions"] == ["confirm", "decline"]
    assert api.post(lead, f"{base(pw)}/confirm").status_code == 403
    assert api.post(other, f"{base(pw)}/decline").json()["members"][-1]["status"] == "declined"
    assert notes(session, lead.id, "application")
    declined = api.post(lead, f"{base(pw)}/submit").json()
    assert "declined" in declined["message"]
    assert api.post(other, f"{base(pw)}/confirm").status_code == 200
    assert api.post(other, f"{base(pw)}/confirm").status_code == 409
    assert api.post(lead, f"{base(pw)}/submit").json()["status"] == "submitted"
    assert api.post(other, f"{base(pw)}/decline").status_code == 409


def test_a_joint_call_needs_a_confirmed_co_lead_in_japan(api: Api, pw: ProgramWorld) -> None:
    lead = pw.w.expert_user
    upload_cv(api, lead, pw)
    members = api.get(lead, base(pw)).json()["members"]
    jp = next(m for m in members if m["country"] == "JP")
    lead_row = next(m for m in members if m["role"] == "lead")
    assert api.client.delete(f"/api/v1{base(pw)}/members/{lead_row['id']}",
                             headers=api.headers(lead)).status_code == 409  # fmt: skip
    assert api.client.delete(f"/api/v1{base(pw)}/members/{jp['id']}",
                             headers=api.headers(pw.jp_partner_user)).status_code == 403  # fmt: skip
    removed = api.client.delete(f"/api/v1{base(pw)}/members/{jp['id']}", headers=api.headers(lead))
    assert removed.status_code == 200 and len(removed.json()["members"]) == 1
    refused = api.post(lead, f"{base(pw)}/submit")
    assert refused.status_code == 422 and refused.json()["field"] == "members"
    assert "co-lead in JP" in refused.json()["message"]
    invited = api.post(lead, f"{base(pw)}/members",
                       {"expert_id": str(pw.jp_partner.id), "role": "co_lead"})  # fmt: skip
    assert invited.status_code == 201, invited.text
    assert invited.json()["members"][-1]["country"] == "JP"  # from the expert's profile
    assert api.post(lead, f"{base(pw)}/submit").status_code == 422
    api.post(pw.jp_partner_user, f"{base(pw)}/confirm")
    assert api.post(lead, f"{base(pw)}/submit").json()["status"] == "submitted"


def test_a_budget_over_an_agencys_ceiling_is_refused_whole(api: Api, pw: ProgramWorld) -> None:
    lead = pw.w.expert_user
    vn, jp = str(pw.vn_agency.id), str(pw.jp_agency.id)
    over = {"lines": [
        {"agency_id": vn, "category": "staff", "amount": "1000000000", "currency": "VND"},
        {"agency_id": jp, "category": "equipment", "amount": "9000000", "currency": "JPY"},
        {"agency_id": jp, "category": "travel", "amount": "7000000", "currency": "JPY"},
    ]}  # fmt: skip
    refused = put(api, lead, f"{base(pw)}/budget", over)
    assert refused.status_code == 422 and refused.json()["field"] == "budget"
    message = refused.json()["message"]
    assert "Japan Science Agency" in message and "15,000,000" in message.replace(".", ",")
    budget = api.get(lead, base(pw)).json()["budget"]
    assert [(b["amount"], b["currency"]) for b in budget] == [
        ("2000000000.00", "VND"), ("10000000.00", "JPY"),
    ]  # fmt: skip
    wrong = put(api, lead, f"{base(pw)}/budget", {"lines": [
        {"agency_id": jp, "amount": "100", "currency": "VND"}]})  # fmt: skip
    assert wrong.status_code == 422 and "JPY" in wrong.json()["message"]
    fine = over["lines"][:2]
    saved = put(api, lead, f"{base(pw)}/budget", {"lines": fine})
    assert saved.status_code == 200
    assert saved.json()["totals"] == {"VND": "1000000000.00", "JPY": "9000000.00"}
    negative = put(api, lead, f"{base(pw)}/budget", {"lines": [fine[0] | {"amount": "-5"}]})
    assert negative.status_code == 422 and "amount" in negative.text


def test_answers_duration_and_eligibility_name_their_field(
    api: Api, pw: ProgramWorld, session: Session
) -> None:
    lead = pw.w.expert_user
    upload_cv(api, lead, pw)
    long = put(api, lead, base(pw), shared(pw, duration_months=48))
    assert long.status_code == 422 and long.json()["field"] == "duration_months"
    too_long = put(api, lead, base(pw), shared(pw, answers={"industry": "x" * 501}))
    assert too_long.status_code == 422 and too_long.json()["field"] == "answers.industry"
    assert put(api, lead, base(pw), shared(pw, answers={})).status_code == 200
    refused = api.post(lead, f"{base(pw)}/submit")
    assert refused.status_code == 422 and refused.json()["field"] == "answers.industry"
    put(api, lead, base(pw), shared(pw))
    pw.call.eligibility = {"countries": ["VN"], "career_stages": ["early_career"]}
    session.commit()
    refused = api.post(lead, f"{base(pw)}/submit").json()
    assert [p["field"] for p in refused["problems"]] == ["members", "career_stage"]
    assert "JP" in refused["problems"][0]["message"]
    assert api.get(lead, base(pw)).json()["status"] == "draft"


def test_staff_take_the_eligibility_steps(api: Api, pw: ProgramWorld, session: Session) -> None:
    lead, coordinator = pw.w.expert_user, pw.w.coordinator
    upload_cv(api, lead, pw)
    assert api.post(coordinator, f"{base(pw)}/check_eligibility").status_code == 409
    api.post(lead, f"{base(pw)}/submit")
    assert api.post(lead, f"{base(pw)}/check_eligibility").status_code == 403
    assert api.post(pw.w.foreign_coordinator, f"{base(pw)}/check_eligibility").status_code == 404
    checked = api.post(coordinator, f"{base(pw)}/check_eligibility")
    assert checked.json()["status"] == "eligibility_check"
    assert checked.json()["allowed_actions"] == ["pass_eligibility", "mark_ineligible"]
    assert api.post(lead, f"{base(pw)}/reopen").status_code == 409
    assert api.post(coordinator, f"{base(pw)}/shortlist").status_code == 409
    no_reason = api.post(coordinator, f"{base(pw)}/mark_ineligible", {"reason": ""})
    assert no_reason.status_code == 422 and "reason" in no_reason.text
    passed = api.post(coordinator, f"{base(pw)}/pass_eligibility")
    assert passed.json()["status"] == "in_review"
    assert api.post(coordinator, f"{base(pw)}/shortlist").json()["status"] == "shortlisted"
    assert api.post(coordinator, f"{base(pw)}/award").status_code in (404, 405)
    audited = session.scalars(
        select(AuditEntry.action).where(AuditEntry.entity_type == "program_application")
    ).all()
    assert {"program_application.submit", "program_application.shortlist"} <= set(audited)
    assert api.post(lead, f"{base(pw)}/withdraw").json()["status"] == "withdrawn"


def test_mark_ineligible_keeps_the_reason(api: Api, pw: ProgramWorld, session: Session) -> None:
    lead, coordinator = pw.w.expert_user, pw.w.coordinator
    upload_cv(api, lead, pw)
    api.post(lead, f"{base(pw)}/submit")
    api.post(coordinator, f"{base(pw)}/check_eligibility")
    out = api.post(coordinator, f"{base(pw)}/mark_ineligible", {"reason": "Thiếu xác nhận"})
    assert (out.json()["status"], out.json()["status_reason"]) == ("ineligible", "Thiếu xác nhận")
    (note,) = notes(session, lead.id, "application")
    assert note.params == {"title": pw.application.title, "reason": "Thiếu xác nhận"}
    assert api.post(lead, f"{base(pw)}/withdraw").status_code == 409


def test_each_agency_reads_its_own_side_of_the_frozen_copy(
    api: Api, pw: ProgramWorld, session: Session
) -> None:
    lead = pw.w.expert_user
    assert api.get(pw.jp_officer, base(pw)).status_code == 404  # a draft is the applicants'
    assert api.get(pw.w.outsider, base(pw)).status_code == 404
    upload_cv(api, lead, pw)
    api.post(lead, f"{base(pw)}/submit")
    jp = api.get(pw.jp_officer, base(pw)).json()
    assert jp["frozen"] and [s["country"] for s in jp["sections"]] == ["JP"]
    assert {b["currency"] for b in jp["budget"]} == {"JPY"} and "VND" not in jp["totals"]
    assert "Phía Việt Nam." not in str(jp)
    vn = api.get(pw.vn_officer, base(pw)).json()
    assert [s["country"] for s in vn["sections"]] == ["VN"] and vn["title"] == jp["title"]
    assert [v["snapshot"]["sections"][0]["country"]
            for v in api.get(pw.jp_officer, f"{base(pw)}/versions").json()] == ["JP"]  # fmt: skip
    assert api.post(pw.jp_officer, f"{base(pw)}/check_eligibility").status_code == 403
    listed = api.get(pw.jp_officer, f"/calls/{pw.call.reference}/applications").json()
    assert [a["reference"] for a in listed] == [pw.application.reference]
    assert api.get(pw.w.outsider, f"/calls/{pw.call.reference}/applications").json() == []
    # A reviewer reads the frozen copy only: a reopened, edited draft stays hidden.
    reviewer_user = make_user(session, Role.expert, display_name="Reviewer JP")
    reviewer = pw.reviewers_jp[0]
    reviewer.user_id = reviewer_user.id
    session.add(ReviewAssignment(application_id=pw.application.id, expert_id=reviewer.id,
                                 agency_id=pw.jp_agency.id))  # fmt: skip
    session.commit()
    api.post(lead, f"{base(pw)}/reopen")
    put(api, lead, base(pw), shared(pw, title="Bản nháp mới"))
    seen = api.get(reviewer_user, base(pw)).json()
    assert seen["frozen"] and seen["title"] == pw.application.title
    assert [s["country"] for s in seen["sections"]] == ["JP"]


def test_starting_an_application_numbers_it_per_call(api: Api, pw: ProgramWorld) -> None:
    other = pw.w.other_expert_user
    assert api.post(None, f"/calls/{pw.call.reference}/applications",
                    {"title": "Chip AI"}).status_code == 401  # fmt: skip
    assert api.post(other, "/calls/NO-SUCH/applications", {"title": "Chip AI"}).status_code == 404
    short = api.post(other, f"/calls/{pw.call.reference}/applications", {"title": "x"})
    assert short.status_code == 422 and "title" in short.text
    started = api.post(other, f"/calls/{pw.call.reference}/applications", {"title": "Chip AI"})
    assert started.status_code == 201, started.text
    body = started.json()
    assert body["reference"] == f"{pw.call.reference}-002"
    assert [s["country"] for s in body["sections"]] == ["JP", "VN"]
    assert [(m["role"], m["status"]) for m in body["members"]] == [("lead", "confirmed")]
    section = put(api, other, f"/applications/{body['reference']}/sections/JP",
                  {"body": "日本側", "language": "ja"})  # fmt: skip
    assert section.status_code == 200
    assert put(api, pw.w.expert_user, f"/applications/{body['reference']}/sections/JP",
               {"body": "x"}).status_code == 404  # fmt: skip
    assert api.get(pw.w.coordinator, f"/applications/{body['reference']}").status_code == 200
