"""Project milestones: completed once, by the requester side only."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.world import Api, World, open_order, project_body, proposal_body
from vstid.audit.models import AuditEntry


def test_milestones_are_completed_once_by_the_requester_side(
    api: Api, world: World, session: Session
) -> None:
    order = open_order(session, world)
    proposal = api.post(
        world.expert_user, f"/orders/{order.slug}/proposals", proposal_body()
    ).json()
    for stage in ("screen", "assess", "finalist"):
        api.post(world.requester, f"/proposals/{proposal['id']}/stage", {"stage": stage})
    project = api.post(
        world.requester, f"/proposals/{proposal['id']}/accept", project_body()
    ).json()
    milestone = project["milestones"][0]["id"]
    from tests.web.helpers import login

    login(api.client, world.requester.email)
    token = (
        api.client.get("/notifications").text.split('name="csrf-token" content="')[1].split('"')[0]
    )
    path = f"/projects/{project['id']}/milestones/{milestone}/done"
    assert (
        api.client.post(path, headers={"X-CSRF-Token": token}, follow_redirects=False).status_code
        == 303
    )
    assert api.client.post(path, headers={"X-CSRF-Token": token}).status_code == 409
    actions = set(
        session.scalars(select(AuditEntry.action).where(AuditEntry.entity_type == "project"))
    )
    assert actions == {"project.open", "project.milestone_done"}
