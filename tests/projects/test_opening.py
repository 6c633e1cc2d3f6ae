"""A project opening is news for the hub's coordinators and the requester side."""

from __future__ import annotations

from sqlalchemy.orm import Session

from tests.builders import add_member, make_user
from tests.world import Api, World, notes, open_order, project_body, propose
from vstid.accounts.models import Role
from vstid.notifications import messages as msg


def test_opening_a_project_tells_coordinators_and_the_requester_side(
    api: Api, world: World, session: Session
) -> None:
    colleague = make_user(session, Role.requester, hub=world.hub, display_name="Colleague Cuc")
    add_member(session, colleague, world.org)
    session.commit()
    order = open_order(session, world)
    proposal = propose(api, world, order)
    for stage in ("screen", "assess", "finalist"):
        api.post(world.requester, f"/proposals/{proposal['id']}/stage", {"stage": stage})
    response = api.post(world.requester, f"/proposals/{proposal['id']}/accept", project_body())
    assert response.status_code == 201, response.text
    link = f"/projects/{response.json()['id']}"
    for person in (world.coordinator, colleague):
        told = notes(session, person.id, "project")
        assert [(n.message, n.link) for n in told] == [(msg.PROJECT_OPENED, link)]
        assert told[0].params["expert"] == world.expert.display_name
    assert notes(session, world.requester.id, "project") == []  # the one who accepted
    assert notes(session, world.foreign_coordinator.id, "project") == []
