"""Calls through the API, on SQLite and PostgreSQL: the program's staff create and edit a call
(times entered in the call's zone, stored in UTC), every transition and every refusal (401,
403, 404, 409, 422 naming the field), the rules locked once an application is submitted,
visibility (drafts for the staff only) and the list with open calls first."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.programs.world import ProgramWorld, make_call
from tests.world import Api
from vstid.audit.models import AuditEntry
from vstid.core.models import utcnow
from vstid.programs.applications.models import Application
from vstid.programs.calls.models import Call
from vstid.programs.calls.states import CALL_STATES


def local(moment: datetime, zone: str = "Asia/Tokyo") -> str:
    from zoneinfo import ZoneInfo

    return moment.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%dT%H:%M")


def call_body(pw: ProgramWorld, **overrides: Any) -> dict[str, Any]:
    now = utcnow()
    body: dict[str, Any] = {
        "reference": "NEXUS-MOB-2027",
        "kind": "mobility",
        "title": "Học bổng nghiên cứu sinh bán dẫn tại Nhật Bản",
        "summary": "Cử nghiên cứu sinh sang Nhật Bản.",
        "language": "vi",
        "translations": {"ja": {"title": "半導体博士課程フェローシップ"},
                         "en": {"title": "Semiconductor PhD fellowship",
                                "summary": "PhD candidates sent to Japan."}},
        "fields": ["semiconductors"],
        "timezone": "Asia/Tokyo",
        "opens_at": local(now + timedelta(days=1)),
        "closes_at": "2030-03-01T17:00",
        "grace_minutes": 15,
        "eligibility": {"applicant_types": ["university", "individual"], "countries": ["VN"],
                        "fields": ["semiconductors"], "career_stages": ["phd_candidate"]},
        "questions": [{"key": "lab", "label": {"en": "Host laboratory", "vi": "Phòng thí nghiệm"},
                       "kind": "choice", "required": True, "choices": ["Tohoku", "Kyushu"]}],
        "documents": [{"key": "cv", "label": {"en": "CV", "vi": "Lý lịch"}, "required": True}],
        "languages": ["vi", "en"],
        "ceiling_amount": "4000000", "ceiling_currency": "JPY",
        "ceilings": [{"agency_id": str(pw.vn_agency.id), "amount": "500000000", "currency": "VND"},
                     {"agency_id": str(pw.jp_agency.id), "amount": "3500000", "currency": "JPY"}],
        "max_duration_months": 36,
        "reviews_per_application": 2,
        "rubric": [{"key": "excellence", "label": {"en": "Excellence"}, "weight": 60},
                   {"key": "fit", "label": {"en": "Fit"}, "weight": 40}],
        "report_every_months": 6,
    }  # fmt: skip
    body.update(overrides)
    return body


def create(api: Api, pw: ProgramWorld, **overrides: Any) -> dict[str, Any]:
    response = api.post(pw.w.coordinator, f"/programs/{pw.program.slug}/calls",
                        call_body(pw, **overrides))  # fmt: skip
    assert response.status_code == 201, response.text
    return response.json()


def test_staff_create_a_draft_with_times_in_the_calls_zone(
    api: Api, pw: ProgramWorld, session: Session
) -> None:
    body = create(api, pw)
    assert body["status"] == "draft" and body["kind"] == "mobility"
    # 17:00 in Tokyo is 08:00 UTC
    assert datetime.fromisoformat(body["closes_at"]) == datetime(2030, 3, 1, 8, 0, tzinfo=UTC)
    assert body["closes_at_local"] == "2030-03-01T17:00"
    assert {(c["country"], c["currency"]) for c in body["ceilings"]} == {("VN", "VND"),
                                                                        ("JP", "JPY")}  # fmt: skip
    assert body["translations"]["ja"] == {"title": "半導体博士課程フェローシップ"}
    assert body["allowed_actions"] == ["forecast", "open"]
    assert body["accepts_submissions"] is False
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "call.create")).first()
    assert entry is not None and entry.entity_id == body["id"]


def test_who_may_create(api: Api, pw: ProgramWorld) -> None:
    path = f"/programs/{pw.program.slug}/calls"
    assert api.post(None, path, call_body(pw)).status_code == 401
    assert api.post(pw.w.requester, path, call_body(pw)).status_code == 403
    assert api.post(pw.vn_officer, path, call_body(pw)).status_code == 403
    assert api.post(pw.w.foreign_coordinator, path, call_body(pw)).status_code == 403
    assert api.post(pw.w.coordinator, "/programs/no-such/calls", call_body(pw)).status_code == 404
    assert api.post(pw.w.admin, path, call_body(pw)).status_code == 201


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"closes_at": "2020-01-01T00:00"}, "closes_at"),
        ({"rubric": [{"key": "a", "label": {"en": "A"}, "weight": 60},
                     {"key": "b", "label": {"en": "B"}, "weight": 30}]}, "rubric"),
        ({"rubric": [{"key": "a", "label": {"en": "A"}, "weight": 50},
                     {"key": "a", "label": {"en": "B"}, "weight": 50}]}, "rubric.1.key"),
        ({"questions": [{"key": "q", "label": {"en": "Q"}, "kind": "choice", "choices": ["x"]}]},
         "questions.0.choices"),
        ({"questions": [{"key": "q", "label": {"vi": " "}}]}, "questions.0.label"),
        ({"fields": ["no-such-field"]}, "fields"),
        ({"eligibility": {"fields": ["nope"]}}, "eligibility.fields"),
        ({"eligibility": {"countries": ["Vietnam"]}}, "eligibility.countries"),
        ({"eligibility": {"career_stages": ["emeritus"]}}, "eligibility.career_stages.0"),
        ({"timezone": "Europe/Paris"}, "timezone"),
        ({"languages": []}, "languages"),
        ({"ceiling_currency": None}, "ceiling_currency"),
        ({"ceilings": [{"agency_id": "00000000-0000-0000-0000-000000000001", "amount": "1",
                        "currency": "VND"}]}, "ceilings.0.agency_id"),
        ({"ceilings": [{"agency_id": "x", "amount": "-1", "currency": "VND"}]}, "ceilings.0.agency_id"),
        ({"grace_minutes": -1}, "grace_minutes"),
        ({"title": ""}, "title"),
    ],
)  # fmt: skip
def test_bad_input_is_422_naming_the_field(
    api: Api, pw: ProgramWorld, session: Session, overrides: dict[str, Any], field: str
) -> None:
    response = api.post(pw.w.coordinator, f"/programs/{pw.program.slug}/calls",
                        call_body(pw, **overrides))  # fmt: skip
    assert response.status_code == 422, response.text
    assert response.json()["field"] == field
    assert session.scalars(select(Call).where(Call.reference == "NEXUS-MOB-2027")).first() is None


def test_a_reference_is_unique(api: Api, pw: ProgramWorld) -> None:
    create(api, pw)
    again = api.post(pw.w.coordinator, f"/programs/{pw.program.slug}/calls", call_body(pw))
    assert again.status_code == 409 and again.json()["field"] == "reference"


def test_drafts_are_seen_by_the_staff_only(api: Api, pw: ProgramWorld) -> None:
    create(api, pw)
    assert api.get(pw.w.coordinator, "/calls/NEXUS-MOB-2027").status_code == 200
    for reader in (None, pw.w.outsider, pw.w.foreign_coordinator):
        assert api.get(reader, "/calls/NEXUS-MOB-2027").status_code == 404
    listed = api.get(None, "/calls").json()
    assert [c["reference"] for c in listed["items"]] == [pw.call.reference]
    api.post(pw.w.coordinator, "/calls/NEXUS-MOB-2027/forecast")
    assert api.get(None, "/calls/NEXUS-MOB-2027").json()["status"] == "forecast"


def test_a_draft_programs_calls_are_hidden(api: Api, pw: ProgramWorld, session: Session) -> None:
    pw.program.status = "draft"
    session.commit()
    assert api.get(None, f"/calls/{pw.call.reference}").status_code == 404
    assert api.get(pw.w.coordinator, f"/calls/{pw.call.reference}").status_code == 200
    assert api.get(pw.vn_officer, f"/calls/{pw.call.reference}").status_code == 200


def test_every_transition_in_order(api: Api, pw: ProgramWorld, session: Session) -> None:
    create(api, pw, opens_at=local(utcnow() - timedelta(hours=1)))
    path = "/calls/NEXUS-MOB-2027"
    steps = [("forecast", "forecast"), ("open", "open"), ("close", "closed"),
             ("start_review", "in_review"), ("decide", "decided"), ("archive", "archived")]  # fmt: skip
    assert [a for a, _ in steps] == list(CALL_STATES.transitions)
    for action, state in steps:
        # the role: nobody but the program's staff
        for other in (pw.w.requester, pw.vn_officer, pw.w.foreign_coordinator):
            refused = api.post(other, f"{path}/{action}")
            assert refused.status_code in (403, 404), (action, refused.text)
        done = api.post(pw.w.coordinator, f"{path}/{action}")
        assert done.status_code == 200, done.text
        assert done.json()["status"] == state
        # the state: the same step again is a 409 with its own message
        again = api.post(pw.w.coordinator, f"{path}/{action}")
        assert again.status_code == 409, (action, again.text)
        assert again.json()["message"] == CALL_STATES[action].conflict
    actions = session.scalars(
        select(AuditEntry.action).where(AuditEntry.entity_type == "program_call")
    ).all()
    assert [a for a in actions if a != "call.create"] == [f"call.{a}" for a, _ in steps]
    assert api.post(pw.w.coordinator, f"{path}/reopen").status_code in (404, 405)


def test_an_agency_member_reads_a_public_call_but_may_not_change_it(
    api: Api, pw: ProgramWorld
) -> None:
    path = f"/calls/{pw.call.reference}"
    body = api.get(pw.vn_officer, path).json()
    assert body["allowed_actions"] == [] and body["accepts_submissions"] is True
    refused = api.post(pw.vn_officer, f"{path}/close")
    assert refused.status_code == 403
    assert refused.json()["message"] == "only the program's coordinators may change a call"
    assert api.patch(pw.vn_officer, path, {"title": "Khác"}).status_code == 403
    assert api.post(None, f"{path}/close").status_code == 401


def test_a_call_past_its_closing_time_does_not_open(api: Api, pw: ProgramWorld,
                                                    session: Session) -> None:  # fmt: skip
    create(api, pw, opens_at=local(utcnow() - timedelta(days=3)),
           closes_at=local(utcnow() + timedelta(days=2)))  # fmt: skip
    call = session.scalars(select(Call).where(Call.reference == "NEXUS-MOB-2027")).one()
    call.closes_at = utcnow() - timedelta(days=1)
    session.commit()
    body = api.get(pw.w.coordinator, "/calls/NEXUS-MOB-2027").json()
    assert body["allowed_actions"] == ["forecast"]
    refused = api.post(pw.w.coordinator, "/calls/NEXUS-MOB-2027/open")
    assert refused.status_code == 409 and refused.json()["field"] == "closes_at"
    moved = api.patch(pw.w.coordinator, "/calls/NEXUS-MOB-2027",
                      {"closes_at": local(utcnow() + timedelta(days=5))})  # fmt: skip
    assert moved.status_code == 200, moved.text
    assert api.post(pw.w.coordinator, "/calls/NEXUS-MOB-2027/open").json()["status"] == "open"


def test_editing_a_draft(api: Api, pw: ProgramWorld) -> None:
    create(api, pw)
    path = "/calls/NEXUS-MOB-2027"
    edited = api.patch(pw.w.coordinator, path, {
        "title": "Học bổng mới", "timezone": "Asia/Seoul", "closes_at": "2030-03-01T17:00",
        "reference": "NEXUS-MOB-2028",
        "translations": {"ko": {"title": "반도체 펠로십"}},
    })  # fmt: skip
    assert edited.status_code == 200, edited.text
    body = edited.json()
    assert body["reference"] == "NEXUS-MOB-2028" and body["timezone"] == "Asia/Seoul"
    assert body["closes_at_local"] == "2030-03-01T17:00"
    assert body["translations"] == {"ko": {"title": "반도체 펠로십"}}
    path = "/calls/NEXUS-MOB-2028"
    bad = api.patch(pw.w.coordinator, path, {"closes_at": "2000-01-01T00:00"})
    assert bad.status_code == 422 and bad.json()["field"] == "closes_at"
    bad = api.patch(pw.w.coordinator, path, {"rubric": [
        {"key": "a", "label": {"en": "A"}, "weight": 99}]})  # fmt: skip
    assert bad.status_code == 422 and bad.json()["field"] == "rubric"
    assert "99" in bad.json()["message"]
    assert api.patch(pw.w.coordinator, path, {"title": None}).json()["field"] == "title"
    assert api.patch(pw.w.outsider, path, {"title": "x y"}).status_code == 404


def test_an_open_calls_rules_lock_once_an_application_is_submitted(
    api: Api, pw: ProgramWorld, session: Session
) -> None:
    path = f"/calls/{pw.call.reference}"
    questions = [{"key": "industry", "label": {"en": "Industrial partner"}, "kind": "text",
                  "required": False, "max_length": 800}]  # fmt: skip
    before = api.patch(pw.w.coordinator, path, {"questions": questions})
    assert before.status_code == 200, before.text  # a draft application only: still free
    application = session.get(Application, pw.application.id)
    assert application is not None
    application.status, application.submitted_at = "submitted", utcnow()
    session.commit()
    for name, value in (("questions", []), ("documents", []),
                        ("eligibility", {"countries": ["VN"]})):  # fmt: skip
        refused = api.patch(pw.w.coordinator, path, {name: value})
        assert refused.status_code == 409, refused.text
        assert refused.json()["field"] == name
        assert "applications have been submitted" in refused.json()["message"]
    # the same rules sent back unchanged, and the rest, still change
    same = api.patch(pw.w.coordinator, path, {"questions": questions, "grace_minutes": 60})
    assert same.status_code == 200 and same.json()["grace_minutes"] == 60
    past = api.patch(pw.w.coordinator, path, {"closes_at": local(utcnow() - timedelta(days=1))})
    assert past.status_code == 422 and past.json()["field"] == "closes_at"


def test_a_closed_call_keeps_its_rules_and_a_reviewed_one_its_rubric(
    api: Api, pw: ProgramWorld, session: Session
) -> None:
    path = f"/calls/{pw.call.reference}"
    assert api.post(pw.w.coordinator, f"{path}/close").status_code == 200
    refused = api.patch(pw.w.coordinator, path, {"grace_minutes": 120})
    assert refused.status_code == 409 and refused.json()["field"] == "grace_minutes"
    rubric = [{"key": "excellence", "label": {"en": "Excellence"}, "weight": 100}]
    assert api.patch(pw.w.coordinator, path, {"rubric": rubric}).status_code == 200
    assert api.post(pw.w.coordinator, f"{path}/start_review").status_code == 200
    refused = api.patch(pw.w.coordinator, path, {"reviews_per_application": 3})
    assert refused.status_code == 409 and refused.json()["field"] == "reviews_per_application"
    assert api.patch(pw.w.coordinator, path, {"title": "Đổi tên"}).status_code == 200
    call = session.get(Call, pw.call.id)
    assert call is not None
    call.status = "archived"
    session.commit()
    refused = api.patch(pw.w.coordinator, path, {"title": "Lại đổi"})
    assert refused.status_code == 409


def test_the_list_shows_open_calls_first_and_filters(
    api: Api, pw: ProgramWorld, session: Session
) -> None:
    now = utcnow()
    make_call(
        session,
        pw.program,
        reference="Z-FORECAST",
        status="forecast",
        opens_at=now + timedelta(days=5),
        closes_at=now + timedelta(days=60),
    )
    make_call(
        session,
        pw.program,
        reference="A-CLOSED",
        status="closed",
        opens_at=now - timedelta(days=60),
        closes_at=now - timedelta(days=5),
    )
    soon = make_call(
        session,
        pw.program,
        reference="M-OPEN-SOON",
        status="open",
        closes_at=now + timedelta(days=3),
        kind="seminar_grant",
    )
    soon.eligibility = {"countries": ["KR"], "fields": []}
    make_call(session, pw.program, reference="B-DRAFT", status="draft")  # fmt: skip
    session.commit()
    refs = [c["reference"] for c in api.get(None, "/calls").json()["items"]]
    assert refs == ["M-OPEN-SOON", pw.call.reference, "Z-FORECAST", "A-CLOSED"]
    staff = [c["reference"] for c in api.get(pw.w.coordinator, "/calls").json()["items"]]
    assert "B-DRAFT" in staff
    kinds = api.get(None, "/calls?kind=seminar_grant").json()["items"]
    assert [c["reference"] for c in kinds] == ["M-OPEN-SOON"]
    kr = [c["reference"] for c in api.get(None, "/calls?country=kr").json()["items"]]
    assert kr == ["M-OPEN-SOON"]
    jp = [c["reference"] for c in api.get(None, "/calls?country=JP").json()["items"]]
    assert "M-OPEN-SOON" not in jp and pw.call.reference in jp
    assert api.get(None, "/calls?field=ai").json()["total"] == 0
    assert api.get(None, "/calls?status=open").json()["total"] == 2
    assert api.get(None, "/calls?kind=nope").status_code == 422
