"""Accepting a finalist proposal opens a project through the API; an invalid project is a 422."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from tests.world import Api, World, notes, open_order, project_body, propose


def test_stages_forward_only_then_accept_opens_project(
    api: Api, world: World, session: Session
) -> None:
    order = open_order(session, world)
    chosen = propose(api, world, order)
    other = propose(api, world, order, world.other_expert_user)
    stage = f"/proposals/{chosen['id']}/stage"
    early = api.post(world.requester, f"/proposals/{chosen['id']}/accept", project_body())
    assert early.status_code == 409 and "finalist" in early.json()["message"]
    assert api.post(world.expert_user, stage, {"stage": "screen"}).status_code == 403
    for step in ("screen", "assess", "finalist"):
        assert api.post(world.requester, stage, {"stage": step}).json()["status"] == step
    assert api.post(world.requester, stage, {"stage": "screen"}).status_code == 409
    assert api.post(world.requester, stage, {"stage": "accepted"}).status_code == 422
    comment = api.post(
        world.requester, f"/proposals/{chosen['id']}/comments", {"body": "Strong team."}
    )
    assert comment.status_code == 201
    assert api.get(world.expert_user, f"/proposals/{chosen['id']}/comments").status_code == 403
    project = api.post(world.requester, f"/proposals/{chosen['id']}/accept", project_body())
    assert project.status_code == 201, project.text
    body = project.json()
    assert [p["side"] for p in body["partners"]] == ["vietnam", "abroad"]
    lines = api.get(world.requester, f"/projects/{body['id']}/funding").json()  # funding lines
    assert [(f["funder_name"], f["amount"]) for f in lines] == [
        ("Company", "400000000.00"),
        ("NAFOSTED", "400000000.00"),
    ]
    plan = api.get(world.requester, f"/projects/{body['id']}/plan-items").json()
    assert [(i["kind"], i["code"]) for i in plan] == [("milestone", "M1")]
    assert api.get(world.requester, f"/orders/{order.slug}").json()["status"] == "awarded"
    assert api.get(world.expert_user, f"/proposals/{chosen['id']}").json()["status"] == "accepted"
    assert (
        api.get(world.other_expert_user, f"/proposals/{other['id']}").json()["status"] == "declined"
    )
    assert notes(session, world.other_expert_user.id, "proposal")
    assert api.get(world.expert_user, f"/projects/{body['id']}").status_code == 200
    # a public order's project: the other proposer reads its public summary, no internals
    seen = api.get(world.other_expert_user, f"/projects/{body['id']}").json()
    assert seen["visibility"] == "public" and "funding" not in seen
    assert (
        api.post(world.requester, f"/proposals/{other['id']}/accept", project_body()).status_code
        == 409
    )


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"milestones": []}, "milestones"),
        ({"requester_share_percent": "80", "expert_share_percent": "40"}, "partners"),
        ({"end_date": "2000-01-01"}, "end_date"),
    ],
)
def test_invalid_project_is_422(
    api: Api, world: World, session: Session, overrides: dict, message: str
) -> None:
    order = open_order(session, world)
    proposal = propose(api, world, order)
    for step in ("screen", "assess", "finalist"):
        api.post(world.requester, f"/proposals/{proposal['id']}/stage", {"stage": step})
    response = api.post(
        world.requester, f"/proposals/{proposal['id']}/accept", project_body(**overrides)
    )
    assert response.status_code == 422 and message in response.text


def test_every_check_across_fields_is_reported_at_once(
    api: Api, world: World, session: Session
) -> None:
    """Defect 9 through the API: the checks across fields stopped at the first."""
    order = open_order(session, world)
    proposal = propose(api, world, order)
    for step in ("screen", "assess", "finalist"):
        api.post(world.requester, f"/proposals/{proposal['id']}/stage", {"stage": step})
    body = project_body(
        start_date="2031-06-01", end_date="2031-01-01",
        requester_share_percent="80", expert_share_percent="40",
        funding=[{"source": "Quỹ A", "amount": "100", "currency": "VND", "share_percent": "70"},
                 {"source": "Quỹ B", "amount": "100", "currency": "VND", "share_percent": "40"}],
    )  # fmt: skip
    response = api.post(world.requester, f"/proposals/{proposal['id']}/accept", body)
    assert response.status_code == 422
    for field in ("end_date", "partners", "funding"):
        assert field in response.text, field
