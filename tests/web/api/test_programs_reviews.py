"""The review API on both databases: every action and every refusal (403, 404, 409, 422 with
the field named), as the coordinator, the reviewers and outsiders call it."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.programs.review_world import ReviewWorld, build_index, ready_for_review
from tests.programs.world import ProgramWorld
from tests.world import Api
from vstid.audit.models import AuditEntry
from vstid.core.db import Database
from vstid.core.settings import Settings
from vstid.programs.applications.models import ApplicationStatus
from vstid.programs.reviews.models import Conflict

FULL = {"scores": {"excellence": 4, "impact": 3, "team": 5}, "recommendation": "fund",
        "comment": "Strong joint team."}  # fmt: skip


def _assign(api: Api, rw: ReviewWorld, expert_id: object, **extra: object) -> object:
    body = {"application_id": str(rw.application.id), "expert_id": str(expert_id), **extra}
    return api.post(rw.coordinator, f"/calls/{rw.pw.call.reference}/reviewers", body)


def test_assign_by_hand_and_who_may(api: Api, session: Session, pw: ProgramWorld) -> None:
    rw = ready_for_review(session, pw)
    r = _assign(api, rw, pw.reviewers_vn[0].id)
    assert r.status_code == 201, r.text  # type: ignore[attr-defined]
    review = r.json()  # type: ignore[attr-defined]
    assert review["agency_id"] == str(pw.vn_agency.id) and review["status"] == "assigned"
    assert review["match_score"] is None and review["actions"] == []  # the coordinator's view
    assert _assign(api, rw, pw.reviewers_vn[0].id).status_code == 409  # type: ignore[attr-defined]
    r = _assign(api, rw, pw.reviewers_vn[0].id)
    assert r.json()["field"] == "expert_id"  # type: ignore[attr-defined]
    r = _assign(api, rw, pw.program.id)  # not an expert
    assert r.status_code == 422 and r.json()["field"] == "expert_id"  # type: ignore[attr-defined]
    body = {"application_id": str(pw.application.id), "expert_id": str(pw.reviewers_jp[0].id)}
    path = f"/calls/{pw.call.reference}/reviewers"
    assert api.post(pw.w.foreign_coordinator, path, body).status_code == 403
    assert api.post(rw.vn_user, path, body).status_code == 403
    assert api.post(pw.vn_officer, path, body).status_code == 403
    assert api.post(None, path, body).status_code == 401
    assert api.post(rw.coordinator, "/calls/NO-SUCH/reviewers", body).status_code == 404
    assert api.get(pw.w.foreign_coordinator, path).status_code == 403
    # The reviewer sees it on their desk; the other reviewer does not, and gets a 404.
    mine = api.get(rw.vn_user, "/reviews").json()
    assert [m["id"] for m in mine] == [review["id"]] and mine[0]["actions"] == ["submit", "decline"]
    assert api.get(rw.jp_user, "/reviews").json() == []
    assert api.get(rw.jp_user, f"/reviews/{review['id']}").status_code == 404
    assert api.get(pw.w.outsider, f"/reviews/{review['id']}").status_code == 404


def test_an_application_not_in_review_gets_no_reviewer(
    api: Api, session: Session, pw: ProgramWorld
) -> None:
    rw = ready_for_review(session, pw)
    pw.application.status = ApplicationStatus.eligibility_check.value
    session.commit()
    r = _assign(api, rw, pw.reviewers_vn[0].id)
    assert r.status_code == 409  # type: ignore[attr-defined]


def test_a_conflict_is_refused_unless_overridden_with_a_reason(
    api: Api, session: Session, pw: ProgramWorld
) -> None:
    rw = ready_for_review(session, pw)
    r = _assign(api, rw, pw.jp_partner.id)
    assert r.status_code == 409, r.text  # type: ignore[attr-defined]
    body = r.json()  # type: ignore[attr-defined]
    assert body["field"] == "override_reason"
    assert "an applicant: Sato Partner" in body["message"]
    assert _assign(api, rw, pw.jp_partner.id, override_reason="  ").status_code == 409  # type: ignore[attr-defined]
    r = _assign(api, rw, pw.jp_partner.id, override_reason="No other packaging expert in Japan")
    assert r.status_code == 201  # type: ignore[attr-defined]
    assert r.json()["override_reason"] == "No other packaging expert in Japan"  # type: ignore[attr-defined]
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "review.assigned")).one()
    assert entry.data["override_reason"] == "No other packaging expert in Japan"
    assert entry.data["conflicts"] == ["an applicant: Sato Partner"]


def test_write_and_submit_a_review(api: Api, session: Session, pw: ProgramWorld) -> None:
    rw = ready_for_review(session, pw)
    rid = _assign(api, rw, pw.reviewers_vn[0].id).json()["id"]  # type: ignore[attr-defined]
    path = f"/reviews/{rid}"
    reading = api.get(rw.vn_user, path).json()
    assert reading["country"] == "VN" and [c["key"] for c in reading["rubric"]] == [
        "excellence", "impact", "team"]  # fmt: skip
    assert [s["country"] for s in reading["application"]["sections"]] == ["VN"]
    assert {b["currency"] for b in reading["application"]["budget"]} == {"VND"}
    assert reading["application"]["title"] == pw.application.title
    # A draft: scores in range, not all needed.
    r = api.client.put(f"/api/v1{path}", json={"scores": {"excellence": 4}},
                       headers=api.headers(rw.vn_user))  # fmt: skip
    assert r.status_code == 200 and r.json()["weighted_score"] is None
    assert r.json()["scores"] == {"excellence": 4}
    refusals = [
        ({"scores": {"excellence": 4, "impact": 3}, "recommendation": "fund"}, "scores.team", "Team"),
        ({**FULL, "scores": {"excellence": 6, "impact": 3, "team": 5}}, "scores.excellence", "Excellence"),
        ({**FULL, "scores": {**FULL["scores"], "novelty": 3}}, "scores.novelty", "novelty"),
        ({**FULL, "recommendation": None}, "recommendation", "recommendation"),
    ]  # fmt: skip
    for body, field, named in refusals:
        r = api.post(rw.vn_user, f"{path}/submit", body)
        assert r.status_code == 422 and r.json()["field"] == field, (body, r.text)
        assert named in r.json()["message"]
    r = api.post(rw.vn_user, f"{path}/submit", {**FULL, "recommendation": "maybe"})
    assert r.status_code == 422
    assert api.post(rw.coordinator, f"{path}/submit", FULL).status_code == 403
    r = api.post(rw.vn_user, f"{path}/submit", FULL)
    assert r.status_code == 200, r.text
    done = r.json()
    assert done["status"] == "submitted" and done["weighted_score"] == "78.00"
    assert done["recommendation"] == "fund" and done["actions"] == []
    assert api.post(rw.vn_user, f"{path}/submit", FULL).status_code == 409  # frozen
    assert api.client.put(f"/api/v1{path}", json=FULL,
                          headers=api.headers(rw.vn_user)).status_code == 409  # fmt: skip
    assert api.post(rw.vn_user, f"{path}/decline", {"reason": "too late"}).status_code == 409
    r = api.client.delete(f"/api/v1{path}", headers=api.headers(rw.coordinator))
    assert r.status_code == 409  # a submitted review stays
    # No matching index yet: the assignment run says so rather than assigning nobody.
    r = api.post(rw.coordinator, f"/calls/{pw.call.reference}/reviewers/plan")
    assert r.status_code == 409 and "index" in r.json()["message"]
    # The coordinator sees the panel's score.
    rows = api.get(rw.coordinator, f"/calls/{pw.call.reference}/reviewers").json()
    vn = next(s for s in rows[0]["scores"] if s["country"] == "VN")
    assert (vn["done"], vn["assigned"], vn["mean_weighted_score"]) == (1, 1, "78.00")


def test_declare_a_conflict_decline_and_remove(
    api: Api, session: Session, pw: ProgramWorld
) -> None:
    rw = ready_for_review(session, pw)
    jp = pw.reviewers_jp[0]
    rid = _assign(api, rw, jp.id).json()["id"]  # type: ignore[attr-defined]
    r = api.post(rw.jp_user, f"/reviews/{rid}/conflict", {"reason": ""})
    assert r.status_code == 422 and r.json()["field"] == "reason"
    assert api.post(rw.vn_user, f"/reviews/{rid}/conflict", {"reason": "x" * 5}).status_code == 404
    r = api.post(rw.jp_user, f"/reviews/{rid}/conflict", {"reason": "My former student leads it"})
    assert r.status_code == 200 and r.json()["status"] == "declined"
    assert r.json()["declined_reason"] == "My former student leads it"
    conflict = session.scalars(select(Conflict).where(Conflict.expert_id == jp.id)).one()
    assert conflict.reason == "My former student leads it"
    r = api.post(rw.jp_user, f"/reviews/{rid}/decline", {"reason": "again"})
    assert r.status_code == 409
    assert (
        api.client.delete(f"/api/v1/reviews/{rid}", headers=api.headers(rw.jp_user)).status_code
        == 403
    )
    assert (
        api.client.delete(f"/api/v1/reviews/{rid}", headers=api.headers(rw.coordinator)).status_code
        == 204
    )
    # Assigning the pair again now meets the declared conflict.
    r = _assign(api, rw, jp.id)
    assert r.status_code == 409 and "declared: My former student leads it" in r.json()["message"]  # type: ignore[attr-defined]
    # A plain decline, by the VN reviewer.
    rid = _assign(api, rw, pw.reviewers_vn[0].id).json()["id"]  # type: ignore[attr-defined]
    r = api.post(rw.vn_user, f"/reviews/{rid}/decline", {"reason": "No time this month"})
    assert r.status_code == 200 and r.json()["status"] == "declined"


def test_suggestions_and_the_assignment_run(
    api: Api, session: Session, database: Database, settings: Settings, pw: ProgramWorld
) -> None:
    rw = ready_for_review(session, pw)
    build_index(database, settings)
    path = f"/calls/{pw.call.reference}/reviewers"
    (row,) = api.get(rw.coordinator, path).json()
    assert row["indexed"] and row["reference"] == pw.application.reference
    suggested = {s["expert_id"] for s in row["suggested"]}
    assert {str(e.id) for e in pw.reviewers_vn + pw.reviewers_jp} <= suggested
    for s in row["excluded"]:
        assert s["conflicts"] and s["expert_id"] not in suggested
    assert str(pw.jp_partner.id) not in suggested and str(pw.w.expert.id) not in suggested
    assert api.post(rw.vn_user, f"{path}/plan").status_code == 403
    r = api.post(rw.coordinator, f"{path}/plan")
    assert r.status_code == 200, r.text
    plan = r.json()
    assert len(plan["added"]) == 2 and plan["unfilled"] == {} and plan["countries_unmet"] == {}
    assert {a["agency_id"] for a in plan["added"]} == {str(pw.vn_agency.id), str(pw.jp_agency.id)}
    assert all(a["match_score"] is not None for a in plan["added"])
    assert api.post(rw.coordinator, f"{path}/plan").json()["added"] == []
