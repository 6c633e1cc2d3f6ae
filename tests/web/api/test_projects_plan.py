"""The plan through the API: work packages and plan items, every transition and every refused
one (403 role, 409 state, 422 input), overdue marking, files, and 404 outside the project."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy.orm import Session

from tests.projects.plan_world import PlanWorld, add_item, make_plan_project
from tests.world import Api, World, notes, open_order, project_body, propose
from vstid.notifications import messages as msg


@pytest.fixture
def pw(session: Session, world: World) -> PlanWorld:
    return make_plan_project(session, world)


def _base(pw: PlanWorld) -> str:
    return f"/projects/{pw.project.id}"


def _item_body(pw: PlanWorld, **kw: object) -> dict:
    body = {"work_package_id": str(pw.package.id), "kind": "deliverable", "code": "D1.1",
            "title": "Báo cáo thiết kế", "due_month": 3}  # fmt: skip
    body.update(kw)
    return body


def test_work_packages_are_created_by_leads_and_staff(
    api: Api, world: World, pw: PlanWorld
) -> None:
    body = {"code": "WP2", "title": "Chế tạo mẫu", "lead_partner_id": str(pw.member.id),
            "start_month": 6, "end_month": 18}  # fmt: skip
    assert api.post(world.expert_user, f"{_base(pw)}/work-packages", body).status_code == 403
    assert api.post(world.outsider, f"{_base(pw)}/work-packages", body).status_code == 404
    created = api.post(world.requester, f"{_base(pw)}/work-packages", body)
    assert created.status_code == 201, created.text
    assert created.json()["lead_partner_id"] == str(pw.member.id)
    edited = api.patch(world.coordinator, f"{_base(pw)}/work-packages/{created.json()['id']}",
                       body | {"title": "Chế tạo và thử"})  # fmt: skip
    assert edited.status_code == 200 and edited.json()["title"] == "Chế tạo và thử"
    listed = api.get(world.expert_user, f"{_base(pw)}/work-packages").json()
    assert [p["code"] for p in listed] == ["WP1", "WP2"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"end_month": 30}, "end_month"),  # the project runs 24 months
        ({"start_month": 10, "end_month": 5}, "end_month"),
        ({"lead_partner_id": "00000000-0000-0000-0000-000000000001"}, "lead_partner_id"),
        ({"code": "wp1"}, "code"),  # already used
        ({"start_month": 0}, "start_month"),
    ],
)
def test_a_bad_work_package_is_422_naming_the_field(
    api: Api, world: World, pw: PlanWorld, overrides: dict, field: str
) -> None:
    body = {"code": "WP2", "title": "Chế tạo mẫu", "start_month": 1, "end_month": 12} | overrides
    response = api.post(world.requester, f"{_base(pw)}/work-packages", body)
    assert response.status_code == 422 and field in response.text, response.text
    assert len(api.get(world.requester, f"{_base(pw)}/work-packages").json()) == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"due_month": None, "due_date": "2100-01-01"}, "due_date"),  # after the end
        ({"due_month": 25}, "due_month"),  # after the end
        ({"due_date": "2027-01-01"}, "due_date"),  # both forms
        ({"due_month": None}, "due_date"),  # neither
        ({"kind": "task"}, "kind"),
        ({"work_package_id": "00000000-0000-0000-0000-000000000001"}, "work_package_id"),
    ],
)
def test_a_bad_plan_item_is_422_naming_the_field_and_nothing_is_saved(
    api: Api, world: World, pw: PlanWorld, overrides: dict, field: str
) -> None:
    response = api.post(world.requester, f"{_base(pw)}/plan-items", _item_body(pw, **overrides))
    assert response.status_code == 422, response.text
    assert response.json().get("field") == field or field in response.text
    assert api.get(world.requester, f"{_base(pw)}/plan-items").json() == []


def test_plan_items_are_added_and_edited_by_leads_and_staff(
    api: Api, world: World, pw: PlanWorld
) -> None:
    assert api.post(world.expert_user, f"{_base(pw)}/plan-items", _item_body(pw)).status_code == 403
    created = api.post(world.requester, f"{_base(pw)}/plan-items", _item_body(pw))
    assert created.status_code == 201, created.text
    item = created.json()
    start = pw.project.start_date
    assert start is not None
    assert item["status"] == "pending" and item["effective_due_date"] is not None
    assert api.post(world.requester, f"{_base(pw)}/plan-items", _item_body(pw)).status_code == 422
    body = {k: v for k, v in _item_body(pw, due_month=None, due_date="2026-12-01").items()
            if k != "kind"}  # fmt: skip
    edited = api.patch(world.coordinator, f"{_base(pw)}/plan-items/{item['id']}", body)
    assert edited.status_code == 200 and edited.json()["due_date"] == "2026-12-01"
    assert api.get(world.outsider, f"{_base(pw)}/plan-items/{item['id']}").status_code == 404
    assert api.get(world.foreign_coordinator, f"{_base(pw)}/plan-items").status_code == 404
    assert api.get(None, f"{_base(pw)}/plan-items").status_code == 401


def test_the_deliverable_lifecycle_and_every_refusal(
    api: Api, world: World, pw: PlanWorld, session: Session
) -> None:
    item = api.post(world.requester, f"{_base(pw)}/plan-items", _item_body(pw)).json()
    path = f"{_base(pw)}/plan-items/{item['id']}"
    assert item["allowed_actions"] == ["draft"]

    def act(user: object, action: str, comment: str = "") -> object:
        return api.post(user, f"{path}/{action}", {"comment": comment})

    assert act(world.expert_user, "submit").status_code == 409  # pending: draft first
    assert act(world.coordinator, "draft").status_code == 403  # staff do not write it
    assert act(world.coordinator, "accept").status_code == 409  # not submitted
    assert act(world.outsider, "draft").status_code == 404
    assert act(world.expert_user, "reach").status_code == 409  # a milestone's action
    assert act(world.expert_user, "explode").status_code == 404
    drafted = act(world.expert_user, "draft", "Bản nháp đầu")
    assert drafted.status_code == 200 and drafted.json()["status"] == "draft"
    assert drafted.json()["status_comment"] == "Bản nháp đầu"
    assert drafted.json()["status_changed_by_id"] == str(world.expert_user.id)
    assert act(world.expert_user, "draft").status_code == 409
    submitted = act(world.expert_user, "submit")
    assert submitted.status_code == 200 and submitted.json()["submitted_at"]
    told = notes(session, world.coordinator.id, "plan.submit")
    assert [n.message for n in told] == [msg.PLAN_SUBMITTED]
    assert act(world.expert_user, "accept").status_code == 403  # a member may not accept
    assert act(world.requester, "accept").status_code == 403  # nor a lead
    assert act(world.expert_user, "submit").status_code == 409
    no_comment = act(world.coordinator, "request_revision", "  ")
    assert no_comment.status_code == 422 and no_comment.json()["field"] == "comment"
    returned = act(world.coordinator, "request_revision", "Thiếu phần đo nhiệt")
    assert returned.status_code == 200 and returned.json()["status"] == "revision_requested"
    assert returned.json()["decided_by_id"] == str(world.coordinator.id)
    assert returned.json()["decision_comment"] == "Thiếu phần đo nhiệt"
    for person in (world.requester, world.expert_user):
        told = notes(session, person.id, "plan.request_revision")
        assert [n.params["comment"] for n in told] == ["Thiếu phần đo nhiệt"]
    assert act(world.expert_user, "draft").json()["status"] == "draft"  # back to writing
    assert act(world.expert_user, "submit").json()["status"] == "submitted"
    accepted = act(world.admin, "accept", "Tốt")
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    assert accepted.json()["allowed_actions"] == []
    assert [n.message for n in notes(session, world.expert_user.id, "plan.accept")] == [
        msg.PLAN_ACCEPTED
    ]
    assert act(world.coordinator, "accept").status_code == 409
    assert act(world.coordinator, "request_revision", "Lại").status_code == 409


def test_revision_requested_can_be_submitted_again_directly(
    api: Api, world: World, pw: PlanWorld, session: Session
) -> None:
    item = add_item(session, pw, status="submitted", due_month=2)
    path = f"{_base(pw)}/plan-items/{item.id}"
    api.post(world.coordinator, f"{path}/request_revision", {"comment": "Sửa bảng 2"})
    again = api.post(world.requester, f"{path}/submit", {"comment": "Đã sửa"})
    assert again.status_code == 200 and again.json()["status"] == "submitted"


def test_milestones_are_reached_by_leads_and_staff(api: Api, world: World, pw: PlanWorld) -> None:
    body = _item_body(pw, kind="milestone", code="M1")
    milestone = api.post(world.coordinator, f"{_base(pw)}/plan-items", body).json()
    path = f"{_base(pw)}/plan-items/{milestone['id']}"
    assert api.post(world.expert_user, f"{path}/reach").status_code == 403  # a member
    assert api.post(world.requester, f"{path}/submit").status_code == 409  # a deliverable's
    reached = api.post(world.requester, f"{path}/reach", {"comment": "Đã đạt"})
    assert reached.status_code == 200 and reached.json()["status"] == "reached"
    assert reached.json()["decided_by_id"] == str(world.requester.id)
    assert api.post(world.coordinator, f"{path}/reach").status_code == 409


def test_overdue_items_are_marked(api: Api, world: World, pw: PlanWorld, session: Session) -> None:
    add_item(session, pw, code="D1", due_date=date.today() - timedelta(days=1))
    add_item(session, pw, code="D2", due_date=date.today() + timedelta(days=1), position=1)
    items = api.get(world.expert_user, f"{_base(pw)}/plan-items").json()
    assert [(i["code"], i["overdue"]) for i in items] == [("D1", True), ("D2", False)]


def test_a_closed_projects_plan_no_longer_moves(api: Api, world: World, session: Session) -> None:
    closed = make_plan_project(session, world, status="closed")
    item = add_item(session, closed, status="submitted", due_month=2)
    base = f"/projects/{closed.project.id}"
    assert api.post(world.coordinator, f"{base}/plan-items/{item.id}/accept").status_code == 409
    body = {"code": "WP2", "title": "Muộn", "start_month": 1, "end_month": 2}
    assert api.post(world.coordinator, f"{base}/work-packages", body).status_code == 409


def test_a_deliverable_file_passes_the_upload_checks(
    api: Api, world: World, pw: PlanWorld, session: Session
) -> None:
    item = add_item(session, pw, due_month=4)
    path = f"/api/v1{_base(pw)}/plan-items/{item.id}/file"
    headers = api.headers(world.expert_user)
    bad = api.client.post(path, files={"file": ("report.pdf", b"MZ not a pdf")}, headers=headers)
    assert bad.status_code == 422 and "report.pdf" in bad.json()["message"]
    good = api.client.post(path, files={"file": ("report.pdf", b"%PDF-1.4 ok")}, headers=headers)
    assert good.status_code == 200 and good.json()["file_name"] == "report.pdf"
    assert api.client.get(path, headers=api.headers(world.coordinator)).content == b"%PDF-1.4 ok"
    assert api.client.get(path, headers=api.headers(world.outsider)).status_code == 404
    stranger = api.client.post(path, files={"file": ("r.txt", b"x")},
                               headers=api.headers(world.coordinator))  # fmt: skip
    assert stranger.status_code == 403


def test_opening_with_a_milestone_after_the_end_is_refused_and_nothing_saved(
    api: Api, world: World, session: Session
) -> None:
    order = open_order(session, world)
    proposal = propose(api, world, order)
    for step in ("screen", "assess", "finalist"):
        api.post(world.requester, f"/proposals/{proposal['id']}/stage", {"stage": step})
    late = (date.today() + timedelta(days=400)).isoformat()  # the project ends in 365 days
    body = project_body(milestones=[{"title": "Muộn", "due_date": late}])
    refused = api.post(world.requester, f"/proposals/{proposal['id']}/accept", body)
    assert refused.status_code == 422 and refused.json()["field"] == "milestones"
    assert api.get(world.requester, f"/proposals/{proposal['id']}").json()["status"] == "finalist"
    assert api.get(world.requester, f"/orders/{order.slug}").json()["status"] == "open"
