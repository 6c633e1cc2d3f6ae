"""Mobility records through the API, on SQLite and PostgreSQL: recording a stay (a new
profile or an existing one), every transition and every refusal (403 for an agency member,
404 for an outsider, 409 for the state, 422 naming the field), evidence files, outcomes, and
who sees what (the register, the counts, the CSV)."""

from __future__ import annotations

import uuid
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.programs.mobility_helpers import PDF, TODAY, base, record_body
from tests.programs.world import ProgramWorld
from tests.world import Api
from vstid.audit.models import AuditEntry
from vstid.experts.models import ExpertProfile
from vstid.programs.mobility.models import MobilityEvidence, MobilityRecord
from vstid.programs.models import Indicator


def _create(api: Api, pw: ProgramWorld, **body: Any) -> dict[str, Any]:
    response = api.post(pw.w.coordinator, base(pw), record_body(**body))
    assert response.status_code == 201, response.text
    return response.json()


def _depart(api: Api, pw: ProgramWorld, record: dict[str, Any], **body: Any) -> Any:
    payload = {"departed_on": (TODAY - timedelta(days=3)).isoformat(),
               "evidence_url": "https://example.org/boarding-pass.pdf", **body}  # fmt: skip
    return api.post(pw.w.coordinator, f"/mobility/{record['id']}/depart", payload)


def _departed(api: Api, pw: ProgramWorld, **body: Any) -> dict[str, Any]:
    record = _create(api, pw, **body)
    response = _depart(api, pw, record)
    assert response.status_code == 200, response.text
    return response.json()


def test_a_stay_for_a_new_person_makes_an_unclaimed_hidden_profile(
    api: Api, pw: ProgramWorld, session: Session
) -> None:
    body = _create(api, pw)
    assert body["status"] == "planned"
    assert body["allowed_actions"] == ["depart", "discontinue"]
    assert body["person_name"] == "Nguyễn Thị Lan" and body["sex"] == "female"
    profile = session.get(ExpertProfile, uuid.UUID(body["expert_id"]))
    assert profile is not None and not profile.claimed and profile.user_id is None
    assert profile.hub_id == pw.program.hub_id and profile.visibility == "hidden"
    assert profile.residence_country == "VN"  # still at home: a stay abroad does not move it
    assert profile.fields == ["semiconductors"]
    actions = session.scalars(
        select(AuditEntry.action).where(AuditEntry.entity_id == body["id"])
    ).all()
    assert "mobility.create" in actions


def test_a_stay_for_an_existing_profile_takes_its_name(api: Api, pw: ProgramWorld) -> None:
    body = _create(api, pw, person_name=None, expert_id=str(pw.w.expert.id), sex="undisclosed")
    assert body["expert_id"] == str(pw.w.expert.id)
    assert body["person_name"] == pw.w.expert.display_name
    assert body["sex"] is None  # not disclosed: nothing stored
    by_slug = _create(api, pw, person_name=None, expert_slug=f"/experts/{pw.jp_partner.slug}")
    assert by_slug["expert_id"] == str(pw.jp_partner.id)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"planned_return": (TODAY - timedelta(days=31)).isoformat()}, "planned_return"),
        ({"field": "astrology"}, "field"),
        ({"person_name": None}, "person_name"),
        ({"host_country": None}, "host_country"),
        ({"host_country": "XX"}, "host_country"),
        ({"host_institution": ""}, "host_institution"),
        ({"sex": "unknown"}, "sex"),
        ({"career_stage": "student"}, "career_stage"),
        ({"expert_slug": "nobody-here", "person_name": None}, "expert_slug"),
        ({"expert_id": str(uuid.uuid4()), "person_name": None}, "expert_id"),
        ({"host_organization_id": str(uuid.uuid4())}, "host_organization_id"),
        ({"call_id": str(uuid.uuid4())}, "call_id"),
        ({"application_id": str(uuid.uuid4())}, "application_id"),
    ],
)
def test_bad_input_is_refused_naming_the_field(
    api: Api, pw: ProgramWorld, session: Session, overrides: dict[str, Any], field: str
) -> None:
    before = session.scalar(select(MobilityRecord.id).limit(1))
    response = api.post(pw.w.coordinator, base(pw), record_body(**overrides))
    assert response.status_code == 422, response.text
    assert response.json()["field"] == field
    assert session.scalar(select(MobilityRecord.id).limit(1)) == before  # nothing half-saved


def test_only_the_programs_staff_record_a_stay(api: Api, pw: ProgramWorld) -> None:
    assert api.post(pw.jp_officer, base(pw), record_body()).status_code == 403
    assert api.post(pw.w.outsider, base(pw), record_body()).status_code == 403
    assert api.post(pw.w.foreign_coordinator, base(pw), record_body()).status_code == 403
    assert api.post(pw.w.admin, base(pw), record_body()).status_code == 201
    missing = "/programs/no-such-program/mobility"
    assert api.post(pw.w.coordinator, missing, record_body()).status_code == 404


def test_a_departure_needs_evidence_naming_the_field(api: Api, pw: ProgramWorld) -> None:
    record = _create(api, pw)
    response = _depart(api, pw, record, evidence_url=None)
    assert response.status_code == 422
    assert response.json()["field"] == "evidence_url"
    assert api.get(pw.w.coordinator, f"/mobility/{record['id']}").json()["status"] == "planned"


def test_a_departure_in_the_future_is_refused(api: Api, pw: ProgramWorld) -> None:
    record = _create(api, pw)
    response = _depart(api, pw, record, departed_on=(TODAY + timedelta(days=5)).isoformat())
    assert response.status_code == 422 and response.json()["field"] == "departed_on"
    missing = _depart(api, pw, record, departed_on=None)
    assert missing.status_code == 422 and missing.json()["field"] == "departed_on"


def test_a_departure_with_a_link_is_recorded(api: Api, pw: ProgramWorld) -> None:
    body = _departed(api, pw)
    assert body["status"] == "departed"
    assert body["departed_on"] == (TODAY - timedelta(days=3)).isoformat()
    assert [(e["kind"], e["url"]) for e in body["evidence"]] == [
        ("departure", "https://example.org/boarding-pass.pdf")
    ]
    assert body["allowed_actions"] == ["extend", "return", "discontinue"]
    again = _depart(api, pw, body)
    assert again.status_code == 409


def test_a_departure_file_uploaded_first_counts_as_evidence(
    api: Api, pw: ProgramWorld, session: Session
) -> None:
    record = _create(api, pw)
    path = f"/api/v1/mobility/{record['id']}/evidence"
    headers = api.headers(pw.w.coordinator)
    refused = api.client.post(path, data={"kind": "departure"}, headers=headers)
    assert refused.status_code == 422 and refused.json()["field"] == "file"
    bad_kind = api.client.post(path, data={"kind": "selfie", "url": "https://x.org"},
                               headers=headers)  # fmt: skip
    assert bad_kind.status_code == 422 and bad_kind.json()["field"] == "kind"
    fake = api.client.post(path, data={"kind": "departure"}, headers=headers,
                           files={"file": ("pass.pdf", b"MZ not a pdf", "application/pdf")})  # fmt: skip
    assert fake.status_code == 422 and fake.json()["field"] == "file"
    uploaded = api.client.post(path, data={"kind": "departure", "note": "Boarding pass"},
                               headers=headers, files={"file": ("pass.pdf", PDF, "application/pdf")})  # fmt: skip
    assert uploaded.status_code == 201, uploaded.text
    evidence = uploaded.json()["evidence"][0]
    assert evidence["file_name"] == "pass.pdf" and evidence["kind"] == "departure"
    response = _depart(api, pw, record, evidence_url=None)
    assert response.status_code == 200, response.text
    assert len(response.json()["evidence"]) == 1  # the file served; nothing added
    file_path = f"/mobility/{record['id']}/evidence/{evidence['id']}/file"
    download = api.get(pw.jp_officer, file_path)
    assert download.status_code == 200 and download.content == PDF
    assert api.get(pw.w.outsider, file_path).status_code == 404
    evidence_id = uuid.UUID(evidence["id"])
    key = session.scalar(
        select(MobilityEvidence.file_key).where(MobilityEvidence.id == evidence_id)
    )
    assert key and key.startswith(f"mobility/{record['id']}/") and "pass" not in key


def test_an_agency_member_reads_but_does_not_move_a_record(api: Api, pw: ProgramWorld) -> None:
    record = _create(api, pw)
    seen = api.get(pw.jp_officer, f"/mobility/{record['id']}")
    assert seen.status_code == 200 and seen.json()["allowed_actions"] == []
    response = _depart(api, pw, record)
    assert api.post(pw.jp_officer, f"/mobility/{record['id']}/depart",
                    {"departed_on": TODAY.isoformat(), "evidence_url": "https://x.org/a"}
                    ).status_code == 403  # fmt: skip
    assert response.status_code == 200


def test_an_extension_must_move_the_return_later(api: Api, pw: ProgramWorld) -> None:
    record = _departed(api, pw)
    path = f"/mobility/{record['id']}/extend"
    earlier = api.post(pw.w.coordinator, path, {"planned_return": TODAY.isoformat(),
                                                "reason": "Thesis defence moved"})  # fmt: skip
    assert earlier.status_code == 422 and earlier.json()["field"] == "planned_return"
    no_reason = api.post(pw.w.coordinator, path, {"planned_return": (TODAY + timedelta(days=900)).isoformat()})  # fmt: skip
    assert no_reason.status_code == 422 and no_reason.json()["field"] == "reason"
    new_return = (TODAY + timedelta(days=900)).isoformat()
    ok = api.post(pw.w.coordinator, path, {"planned_return": new_return, "reason": "Thesis defence moved"})  # fmt: skip
    assert ok.status_code == 200, ok.text
    assert ok.json()["status"] == "extended" and ok.json()["planned_return"] == new_return
    assert ok.json()["status_reason"] == "Thesis defence moved"
    planned = _create(api, pw)
    refused = api.post(pw.w.coordinator, f"/mobility/{planned['id']}/extend",
                       {"planned_return": new_return, "reason": "Too early"})  # fmt: skip
    assert refused.status_code == 409


def test_a_return_before_the_departure_is_refused(api: Api, pw: ProgramWorld) -> None:
    record = _departed(api, pw)
    path = f"/mobility/{record['id']}/return"
    before = api.post(pw.w.coordinator, path, {"returned_on": (TODAY - timedelta(days=10)).isoformat()})  # fmt: skip
    assert before.status_code == 422 and before.json()["field"] == "returned_on"
    ok = api.post(pw.w.coordinator, path, {"returned_on": TODAY.isoformat(),
                                           "evidence_url": "https://example.org/return.pdf"})  # fmt: skip
    assert ok.status_code == 200, ok.text
    body = ok.json()
    assert body["status"] == "returned" and body["returned_on"] == TODAY.isoformat()
    assert {e["kind"] for e in body["evidence"]} == {"departure", "return"}
    assert body["allowed_actions"] == []
    assert api.post(pw.w.coordinator, path, {"returned_on": TODAY.isoformat()}).status_code == 409
    planned = _create(api, pw)
    early = api.post(pw.w.coordinator, f"/mobility/{planned['id']}/return",
                     {"returned_on": TODAY.isoformat()})  # fmt: skip
    assert early.status_code == 409


def test_outcomes_are_recorded_after_the_return(api: Api, pw: ProgramWorld) -> None:
    record = _departed(api, pw)
    path = f"/mobility/{record['id']}/outcome"
    outcome = {"next_destination": "Viettel Semiconductor", "next_country": "VN",
               "degree_obtained": "phd"}  # fmt: skip
    assert api.post(pw.w.coordinator, path, outcome).status_code == 409
    api.post(
        pw.w.coordinator, f"/mobility/{record['id']}/return", {"returned_on": TODAY.isoformat()}
    )
    assert api.post(pw.jp_officer, path, outcome).status_code == 403
    bad = api.post(pw.w.coordinator, path, {**outcome, "degree_obtained": "honoris"})
    assert bad.status_code == 422 and bad.json()["field"] == "degree_obtained"
    ok = api.post(pw.w.coordinator, path, outcome)
    assert ok.status_code == 200, ok.text
    assert ok.json()["next_destination"] == "Viettel Semiconductor"
    assert ok.json()["degree_obtained"] == "phd"


def test_discontinuing_needs_a_reason_and_ends_the_stay(api: Api, pw: ProgramWorld) -> None:
    record = _departed(api, pw)
    path = f"/mobility/{record['id']}/discontinue"
    assert api.post(pw.w.coordinator, path, {}).json()["field"] == "reason"
    ok = api.post(pw.w.coordinator, path, {"reason": "Health reasons"})
    assert ok.status_code == 200 and ok.json()["status"] == "discontinued"
    assert api.post(pw.w.coordinator, path, {"reason": "Again"}).status_code == 409
    timeline = api.get(pw.w.coordinator, f"/mobility/{record['id']}/timeline").json()
    assert [(t["action"], t["status"]) for t in timeline if t["status"]] == [
        ("create", "planned"),
        ("depart", "departed"),
        ("discontinue", "discontinued"),
    ]


def test_an_outsider_sees_counts_but_no_record(api: Api, pw: ProgramWorld) -> None:
    record = _departed(api, pw)
    _create(api, pw, host_country="KR", host_institution="KAIST", sex="male")
    assert api.get(pw.w.outsider, f"/mobility/{record['id']}").status_code == 404
    assert api.get(pw.w.outsider, f"/mobility/{record['id']}/timeline").status_code == 404
    assert api.get(pw.w.outsider, base(pw)).json() == []
    assert api.get(None, base(pw)).json() == []
    outsider_csv = api.get(pw.w.outsider, base(pw) + ".csv")
    assert outsider_csv.status_code == 404
    depart = api.post(pw.w.outsider, f"/mobility/{record['id']}/depart",
                      {"departed_on": TODAY.isoformat(), "evidence_url": "https://x.org/a"})  # fmt: skip
    assert depart.status_code == 404
    summary = api.get(None, base(pw) + "/summary").json()
    assert summary == {
        "total": 2,
        "by_status": {"departed": 1, "planned": 1},
        "by_host_country": {"JP": 1, "KR": 1},
        "by_field": {"semiconductors": 2},
    }
    assert "Nguyễn" not in str(summary)


def test_a_japanese_agency_officer_reads_the_register_and_its_csv(
    api: Api, pw: ProgramWorld
) -> None:
    record = _departed(api, pw)
    _create(api, pw, host_country="KR", host_institution="KAIST", sex="male", person_name="Trần Văn Minh")  # fmt: skip
    listed = api.get(pw.jp_officer, base(pw)).json()
    assert {r["person_name"] for r in listed} == {"Nguyễn Thị Lan", "Trần Văn Minh"}
    only_japan = api.get(pw.jp_officer, base(pw) + "?host_country=JP").json()
    assert [r["id"] for r in only_japan] == [record["id"]]
    year = TODAY.year if (TODAY - timedelta(days=3)).year == TODAY.year else TODAY.year - 1
    departed_then = api.get(pw.jp_officer, base(pw) + f"?year={year}").json()
    assert [r["id"] for r in departed_then] == [record["id"]]
    assert api.get(pw.jp_officer, base(pw) + "?sex=male&status=planned").json()[0]["person_name"] == "Trần Văn Minh"  # fmt: skip
    assert api.get(pw.jp_officer, base(pw) + "?status=returned").json() == []
    csv = api.get(pw.jp_officer, base(pw) + ".csv")
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    lines = csv.text.strip().splitlines()
    assert lines[0].startswith("id,status,person_name") and len(lines) == 3
    assert "Trần Văn Minh" in csv.text and "departure" in csv.text


def test_the_person_reads_their_own_record_only(api: Api, pw: ProgramWorld) -> None:
    own = _create(api, pw, person_name=None, expert_id=str(pw.w.expert.id))
    other = _create(api, pw)
    assert api.get(pw.w.expert_user, f"/mobility/{own['id']}").status_code == 200
    assert api.get(pw.w.expert_user, f"/mobility/{other['id']}").status_code == 404
    assert [r["id"] for r in api.get(pw.w.expert_user, base(pw)).json()] == [own["id"]]
    assert api.get(pw.w.expert_user, base(pw) + ".csv").status_code == 404
    depart = api.post(pw.w.expert_user, f"/mobility/{own['id']}/depart",
                      {"departed_on": TODAY.isoformat(), "evidence_url": "https://x.org/a"})  # fmt: skip
    assert depart.status_code == 403


def test_staff_correct_a_record_and_a_refused_correction_changes_nothing(
    api: Api, pw: ProgramWorld
) -> None:
    record = _create(api, pw, application_id=str(pw.application.id))
    path = f"/api/v1/mobility/{record['id']}"
    headers = api.headers(pw.w.coordinator)
    fixed = api.client.put(path, json=record_body(host_institution="Kyoto University",
                                                  person_name="Nguyễn Thị Lan Anh"), headers=headers)  # fmt: skip
    assert fixed.status_code == 200, fixed.text
    body = fixed.json()
    assert body["host_institution"] == "Kyoto University"
    assert body["person_name"] == "Nguyễn Thị Lan Anh" and body["expert_id"] == record["expert_id"]
    assert body["application_id"] == str(pw.application.id)  # the origin stays
    bad = api.client.put(path, json=record_body(host_institution="Osaka University",
                         planned_return="2000-01-01"), headers=headers)  # fmt: skip
    assert bad.status_code == 422 and bad.json()["field"] == "planned_return"
    unknown = api.client.put(path, json=record_body(host_institution="Osaka University",
                             field="astrology"), headers=headers)  # fmt: skip
    assert unknown.status_code == 422 and unknown.json()["field"] == "field"
    assert api.get(pw.w.coordinator, f"/mobility/{record['id']}").json()["host_institution"] == (
        "Kyoto University"
    )
    officer = api.client.put(path, json=record_body(), headers=api.headers(pw.jp_officer))
    assert officer.status_code == 403
    outsider = api.client.put(path, json=record_body(), headers=api.headers(pw.w.outsider))
    assert outsider.status_code == 404


def test_the_phd_sent_indicator_moves_when_a_departure_is_recorded(
    api: Api, pw: ProgramWorld, session: Session
) -> None:
    indicator_id = session.scalar(
        select(Indicator.id).where(Indicator.program_id == pw.program.id, Indicator.code == "phd_sent")
    )  # fmt: skip
    path = f"/programs/{pw.program.id}/indicators/{indicator_id}"
    record = _create(api, pw)
    assert Decimal(api.get(None, path + "/progress").json()["value"]) == 0
    assert _depart(api, pw, record, evidence_url=None).status_code == 422  # no evidence: no move
    assert Decimal(api.get(None, path + "/progress").json()["value"]) == 0
    assert _depart(api, pw, record).status_code == 200
    assert Decimal(api.get(None, path + "/progress").json()["value"]) == 1
    public = api.get(None, path + "/drilldown").json()
    assert [(r["kind"], r["name"]) for r in public] == [("mobility", None)]  # no name outside
    officer = api.get(pw.jp_officer, path + "/drilldown").json()
    assert [r["name"] for r in officer] == ["Nguyễn Thị Lan"]
