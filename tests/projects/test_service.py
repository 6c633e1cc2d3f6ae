"""The milestones given on acceptance open the plan; the old "done" route reaches one, once,
for the project's leads and staff only."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.web.helpers import login
from tests.world import Api, World, open_order, project_body, proposal_body
from vstid.audit.models import AuditEntry


def test_milestones_are_reached_once_through_the_old_done_route(
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
    packages = api.get(world.requester, f"/projects/{project['id']}/work-packages").json()
    # written in the order's language (Vietnamese here), like the rest of the project
    assert order.language == "vi"
    assert [(p["code"], p["title"]) for p in packages] == [("WP1", "Kế hoạch công việc")]
    milestone = packages[0]["items"][0]
    assert (milestone["kind"], milestone["status"]) == ("milestone", "pending")

    login(api.client, world.requester.email)
    token = (
        api.client.get("/notifications").text.split('name="csrf-token" content="')[1].split('"')[0]
    )
    path = f"/projects/{project['id']}/milestones/{milestone['id']}/done"
    assert (
        api.client.post(path, headers={"X-CSRF-Token": token}, follow_redirects=False).status_code
        == 303
    )
    assert api.client.post(path, headers={"X-CSRF-Token": token}).status_code == 409
    reached = api.get(world.requester, f"/projects/{project['id']}/plan-items").json()[0]
    assert reached["status"] == "reached" and reached["decided_by_id"] == str(world.requester.id)
    actions = set(
        session.scalars(select(AuditEntry.action).where(AuditEntry.entity_type == "plan_item"))
    )
    assert actions == {"plan_item.reach"}
