"""The project core through the API, on SQLite and PostgreSQL: direct creation, edits, every
transition and every refused one (403 role, 409 state, 422 input), the consortium with its
history, end-date amendments, visibility (whole inside, a summary outside, 404 when
confidential), the browse filters and the project channel."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.builders import make_org
from tests.projects.core_helpers import create_direct, direct_body, set_status
from tests.world import Api, World, notes
from vstid.audit.models import AuditEntry
from vstid.notifications import messages as msg
from vstid.projects.models import ProjectAmendment
from vstid.projects.states import PROJECT_STATES


def test_a_coordinator_creates_a_draft_with_two_leads(api: Api, world: World) -> None:
    body = create_direct(api, world)
    assert body["status"] == "draft" and body["origin"] == "direct"
    assert body["hub_id"] == str(world.hub.id)
    assert body["start_date"] == "2027-01-01" and body["end_date"] == "2031-12-31"
    assert body["duration_months"] == 60 and body["order_id"] is None
    assert [(p["side"], p["role"]) for p in body["partners"]] == [
        ("vietnam", "lead"), ("abroad", "lead"),
    ]  # fmt: skip
    assert body["partners"][0]["organization_id"] == str(world.org.id)
    assert body["translations"]["ja"]["title"] == "半導体先端パッケージング"
    assert body["allowed_actions"] == ["submit_agreement"]


def test_who_may_create(api: Api, world: World) -> None:
    assert api.post(world.requester, "/projects", direct_body(world)).status_code == 403
    assert api.post(None, "/projects", direct_body(world)).status_code == 401
    foreign = api.post(
        world.foreign_coordinator, "/projects", direct_body(world, hub_id=str(world.hub.id))
    )
    assert foreign.status_code == 422 and foreign.json()["field"] == "hub_id"
    admin = api.post(world.admin, "/projects", direct_body(world))
    assert admin.status_code == 422 and admin.json()["field"] == "hub_id"
    admin = api.post(world.admin, "/projects", direct_body(world, hub_id=str(world.hub.id)))
    assert admin.status_code == 201 and admin.json()["hub_id"] == str(world.hub.id)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"duration_months": 121}, "duration_months"),
        ({"duration_months": 0}, "duration_months"),
        ({"fields": ["no-such-field"]}, "fields"),
        ({"title": ""}, "title"),
        ({"abroad_lead": {"name": "Đại học Bách khoa", "country": "VN"}}, "abroad_lead.country"),
        ({"vietnam_lead": {"name": "x"}}, "vietnam_lead.name"),
        ({"vietnam_lead": {"name": "Viện ABC"}}, "vietnam_lead.country"),
        ({"vietnam_lead": {"organization_id": str(uuid.uuid4())}}, "vietnam_lead.organization_id"),
    ],
)
def test_bad_input_is_422_naming_the_field(
    api: Api, world: World, session: Session, overrides: dict, field: str
) -> None:
    response = api.post(world.coordinator, "/projects", direct_body(world, **overrides))
    assert response.status_code == 422, response.text
    assert response.json()["field"] == field
    mine = api.get(world.coordinator, "/projects/mine").json()
    assert mine["total"] == 0  # nothing half-saved


def test_editing_the_start_moves_the_end(api: Api, world: World, session: Session) -> None:
    project = create_direct(api, world)
    path = f"/projects/{project['id']}"
    edited = api.patch(world.requester, path, {"start_date": "2027-04-01", "title": "Mới"})
    assert edited.status_code == 200, edited.text
    assert edited.json()["end_date"] == "2032-03-31" and edited.json()["title"] == "Mới"
    assert api.patch(world.outsider, path, {"title": "Lạ"}).status_code == 404
    assert api.patch(world.coordinator, path, {"duration_months": 121}).status_code == 422
    assert api.patch(world.coordinator, path, {"duration_months": 24}).json()["end_date"] == (
        "2029-03-31"
    )
    set_status(session, project["id"], "active")
    refused = api.patch(world.coordinator, path, {"duration_months": 36})
    assert refused.status_code == 409 and refused.json()["field"] == "duration_months"
    set_status(session, project["id"], "closing")
    assert api.patch(world.coordinator, path, {"title": "Muộn"}).status_code == 409


def test_the_whole_lifecycle(api: Api, world: World, session: Session) -> None:
    project = create_direct(api, world)
    path = f"/projects/{project['id']}"
    step = api.post(world.requester, f"{path}/submit_agreement")
    assert step.status_code == 200 and step.json()["status"] == "agreement_pending"
    assert api.post(world.requester, f"{path}/activate").status_code == 403
    active = api.post(world.coordinator, f"{path}/activate").json()
    assert active["status"] == "active" and active["status_changed_at"]
    assert api.post(world.coordinator, f"{path}/activate").status_code == 409
    no_reason = api.post(world.coordinator, f"{path}/suspend", {"reason": "  "})
    assert no_reason.status_code == 422 and no_reason.json()["field"] == "reason"
    suspended = api.post(world.coordinator, f"{path}/suspend", {"reason": "Chờ kinh phí"}).json()
    assert suspended["status"] == "suspended" and suspended["status_reason"] == "Chờ kinh phí"
    assert api.post(world.coordinator, f"{path}/resume").json()["status"] == "active"
    assert api.post(world.requester, f"{path}/start_closing").json()["status"] == "closing"
    closed = api.post(world.coordinator, f"{path}/close").json()
    assert closed["status"] == "closed" and closed["allowed_actions"] == []
    refused = api.post(world.coordinator, f"{path}/terminate", {"reason": "x"})
    assert refused.status_code == 409
    actions = set(
        session.scalars(select(AuditEntry.action).where(AuditEntry.entity_id == project["id"]))
    )
    assert {f"project.{a}" for a in ("create", "submit_agreement", "activate", "suspend",
            "resume", "start_closing", "close")} <= actions  # fmt: skip
    told = [n.message for n in notes(session, world.requester.id, "project")]
    assert msg.PROJECT_TRANSITIONS["activate"] in told
    assert msg.PROJECT_TRANSITIONS["submit_agreement"] not in told  # the requester did it
    assert msg.PROJECT_TRANSITIONS["submit_agreement"] in [
        n.message for n in notes(session, world.coordinator.id, "project")
    ]
    assert notes(session, world.foreign_coordinator.id, "project") == []


def test_terminate_needs_a_reason(api: Api, world: World, session: Session) -> None:
    project = create_direct(api, world)
    path = f"/projects/{project['id']}"
    set_status(session, project["id"], "active")
    assert api.post(world.coordinator, f"{path}/terminate").status_code == 422
    done = api.post(world.coordinator, f"{path}/terminate", {"reason": "Đối tác rút lui"})
    assert done.json()["status"] == "terminated"
    assert done.json()["status_reason"] == "Đối tác rút lui"


# For each action: a state it cannot start from (409 for the staff).
WRONG_STATE = {
    "submit_agreement": "active",
    "activate": "draft",
    "suspend": "suspended",
    "resume": "active",
    "start_closing": "draft",
    "close": "active",
    "terminate": "draft",
}


@pytest.mark.parametrize("action", list(PROJECT_STATES.transitions))
def test_every_refused_transition(api: Api, world: World, session: Session, action: str) -> None:
    project = create_direct(api, world)
    path = f"/projects/{project['id']}/{action}"
    body = {"reason": "vì lý do"}
    # a member who is not a lead: the expert as a plain partner
    partner = {"expert_id": str(world.expert.id), "country": "JP", "role": "partner"}
    assert (
        api.post(world.coordinator, f"/projects/{project['id']}/partners", partner).status_code
        == 201
    )
    set_status(session, project["id"], WRONG_STATE[action])
    assert api.post(world.coordinator, path, body).status_code == 409
    source = next(iter(PROJECT_STATES[action].sources)).value
    set_status(session, project["id"], source)
    assert api.post(world.expert_user, path, body).status_code == 403  # member, not lead
    assert api.post(world.outsider, path, body).status_code == 404
    assert api.post(world.foreign_coordinator, path, body).status_code == 404
    assert api.post(None, path, body).status_code == 401
    if "lead" not in PROJECT_STATES[action].roles:
        assert api.post(world.requester, path, body).status_code == 403
    done = api.post(world.coordinator, path, body)
    assert done.status_code == 200 and done.json()["status"] == PROJECT_STATES[action].target


def test_the_consortium_and_its_history(api: Api, world: World, session: Session) -> None:
    project = create_direct(api, world)
    base = f"/projects/{project['id']}/partners"
    second_lead = api.post(world.coordinator, base, {"name": "Viện Khác", "country": "VN",
                                                     "role": "lead"})  # fmt: skip
    assert second_lead.status_code == 422 and second_lead.json()["field"] == "role"
    funder = make_org(session, world.hub, name="NAFOSTED", country="VN")
    session.commit()
    added = api.post(world.requester, base, {"organization_id": str(funder.id), "role": "funder",
                                             "joined_on": "2027-02-01"})  # fmt: skip
    assert added.status_code == 201, added.text
    row = added.json()
    assert (row["name"], row["side"], row["role"]) == ("NAFOSTED", "vietnam", "funder")
    early = api.post(world.coordinator, f"{base}/{row['id']}/leave", {"left_on": "2027-01-15"})
    assert early.status_code == 422 and early.json()["field"] == "left_on"
    assert api.post(world.outsider, base, {"name": "Lạ", "country": "JP"}).status_code == 404
    assert session.scalars(select(ProjectAmendment)).all() == []  # a draft: no amendment
    set_status(session, project["id"], "active")
    no_reason = api.post(world.coordinator, base, {"name": "JST", "country": "JP",
                                                   "role": "funder"})  # fmt: skip
    assert no_reason.status_code == 422 and no_reason.json()["field"] == "reason"
    jst = api.post(world.coordinator, base, {"name": "JST", "country": "jp", "role": "funder",
                                             "reason": "Đồng tài trợ mới"})  # fmt: skip
    assert jst.status_code == 201 and jst.json()["side"] == "abroad"
    assert jst.json()["country"] == "JP"
    leave = f"{base}/{row['id']}/leave"
    assert api.post(world.coordinator, leave, {"left_on": "2028-01-01"}).status_code == 422
    left = api.post(world.coordinator, leave, {"left_on": "2028-01-01", "reason": "Hết hạn"})
    assert left.status_code == 200 and left.json()["left_on"] == "2028-01-01"
    again = api.post(world.coordinator, leave, {"left_on": "2028-02-01", "reason": "Lại"})
    assert again.status_code == 409
    amendments = api.get(world.requester, f"/projects/{project['id']}/amendments").json()
    assert [(a["number"], a["kind"]) for a in amendments] == [(1, "partner"), (2, "partner")]
    assert amendments[1]["after"]["left_on"] == "2028-01-01"
    assert amendments[1]["author"] == world.coordinator.display_name
    whole = api.get(world.requester, f"/projects/{project['id']}").json()
    assert [p["name"] for p in whole["partners"]][-2:] == ["NAFOSTED", "JST"]  # kept
    # the old lead leaves; a new Vietnamese lead may then join
    lead = whole["partners"][0]["id"]
    api.post(world.coordinator, f"{base}/{lead}/leave", {"left_on": "2028-06-30", "reason": "Đổi"})
    new_lead = api.post(world.coordinator, base, {"name": "VKIST", "country": "VN",
                                                  "role": "lead", "reason": "Đổi"})  # fmt: skip
    assert new_lead.status_code == 201
    # the requester heard of the amendments while its organization was in (its own leaving
    # included), not after
    told = [n.message for n in notes(session, world.requester.id, "project")]
    assert told == [msg.PROJECT_AMENDED] * 3
    assert notes(session, world.coordinator.id, "project") == []  # made every change


def test_end_date_amendments(api: Api, world: World, session: Session) -> None:
    project = create_direct(api, world)
    set_status(session, project["id"], "active")
    path = f"/projects/{project['id']}/amendments/end-date"
    no_reason = api.post(world.coordinator, path, {"end_date": "2032-12-31"})
    assert no_reason.status_code == 422 and no_reason.json()["field"] == "reason"
    before = api.post(world.coordinator, path, {"end_date": "2026-12-31", "reason": "x"})
    assert before.status_code == 422 and before.json()["field"] == "end_date"
    too_long = api.post(world.coordinator, path, {"end_date": "2037-01-01", "reason": "x"})
    assert too_long.status_code == 422 and too_long.json()["field"] == "end_date"
    assert (
        api.post(world.expert_user, path, {"end_date": "2032-12-31", "reason": "x"}).status_code
        == 404
    )
    done = api.post(world.coordinator, path, {"end_date": "2032-12-31", "reason": "Dịch bệnh"})
    assert done.status_code == 201, done.text
    amendment = done.json()
    assert amendment["before"] == {"end_date": "2031-12-31", "duration_months": 60}
    assert amendment["after"] == {"end_date": "2032-12-31", "duration_months": 72}
    assert amendment["reason"] == "Dịch bệnh" and amendment["kind"] == "end_date"
    whole = api.get(world.requester, f"/projects/{project['id']}").json()
    assert (whole["end_date"], whole["duration_months"]) == ("2032-12-31", 72)
    listed = api.get(world.requester, f"/projects/{project['id']}/amendments").json()
    assert [a["author"] for a in listed] == [world.coordinator.display_name]
    assert api.get(world.outsider, f"/projects/{project['id']}/amendments").status_code == 404
    told = notes(session, world.requester.id, "project")
    assert [n.message for n in told] == [msg.PROJECT_AMENDED]
    assert told[0].params["reason"] == "Dịch bệnh"
    set_status(session, project["id"], "closed")
    late = api.post(world.coordinator, path, {"end_date": "2033-12-31", "reason": "x"})
    assert late.status_code == 409


def test_visibility_inside_outside_and_confidential(
    api: Api, world: World, session: Session
) -> None:
    public = create_direct(api, world)
    secret = create_direct(api, world, confidential=True, title="Bí mật")
    # a draft is nobody's business outside
    assert api.get(None, f"/projects/{public['id']}").status_code == 404
    for p in (public, secret):
        set_status(session, p["id"], "active")
    summary = api.get(None, f"/projects/{public['id']}")
    assert summary.status_code == 200
    body = summary.json()
    assert body["visibility"] == "public" and "funding" not in body
    assert all("contact_email" not in p for p in body["partners"])
    assert "lan@example.org" not in summary.text
    assert api.get(world.outsider, f"/projects/{public['id']}").json()["visibility"] == "public"
    inside = api.get(world.requester, f"/projects/{public['id']}").json()
    assert inside["visibility"] == "inside" and inside["partners"][0]["contact_email"]
    for outsider in (None, world.outsider, world.expert_user, world.foreign_coordinator):
        assert api.get(outsider, f"/projects/{secret['id']}").status_code == 404
        listed = api.get(outsider, "/projects?size=100").json()
        assert secret["id"] not in [p["id"] for p in listed["items"]]
        assert listed["total"] == 1
        assert api.get(outsider, f"/projects/{secret['id']}/messages").status_code in (401, 404)
    for insider in (world.requester, world.coordinator, world.admin):
        assert api.get(insider, f"/projects/{secret['id']}").json()["visibility"] == "inside"
        assert api.get(insider, "/projects?size=100").json()["total"] == 2


def test_browse_filters(api: Api, world: World, session: Session) -> None:
    first = create_direct(api, world)
    second = create_direct(api, world, fields=["ai"], title="Trí tuệ nhân tạo",
                           abroad_lead={"name": "KAIST", "country": "KR"})  # fmt: skip
    for p in (first, second):
        set_status(session, p["id"], "active")
    funder = make_org(session, world.hub, name="Japan Science and Technology Agency", country="JP")
    session.commit()
    api.post(world.coordinator, f"/projects/{first['id']}/partners",
             {"organization_id": str(funder.id), "role": "funder", "reason": "Đồng tài trợ"})  # fmt: skip
    set_status(session, second["id"], "suspended")

    def ids(query: str) -> list[str]:
        response = api.get(None, f"/projects?{query}")
        assert response.status_code == 200, response.text
        return [p["id"] for p in response.json()["items"]]

    assert set(ids("")) == {first["id"], second["id"]}
    assert ids("field=ai") == [second["id"]]
    assert ids("status=suspended") == [second["id"]]
    assert ids("country=kr") == [second["id"]]
    assert ids("country=JP") == [first["id"]]
    assert ids(f"funder={funder.id}") == [first["id"]]
    assert ids("funder=science and technology") == [first["id"]]
    assert ids(f"hub={world.hub.id}") and ids(f"hub={uuid.uuid4()}") == []
    assert api.get(None, "/projects?status=bogus").status_code == 422


def test_the_project_channel(api: Api, world: World, session: Session) -> None:
    project = create_direct(api, world)
    path = f"/projects/{project['id']}/messages"
    posted = api.post(world.requester, path, {"body": "Chào cả nhóm"})
    assert posted.status_code == 201, posted.text
    assert api.post(world.requester, path, {"body": ""}).status_code == 422
    assert api.post(world.outsider, path, {"body": "Xin chào"}).status_code == 404
    assert api.get(world.expert_user, path).status_code == 404
    listed = api.get(world.coordinator, path).json()
    assert [(m["author"], m["body"]) for m in listed] == [
        (world.requester.display_name, "Chào cả nhóm")
    ]
    told = notes(session, world.coordinator.id, "thread")
    assert [n.message for n in told] == [msg.PROJECT_MESSAGE]
    assert told[0].link == f"/projects/{project['id']}#channel"
    assert notes(session, world.requester.id, "thread") == []
    assert notes(session, world.foreign_coordinator.id, "thread") == []
