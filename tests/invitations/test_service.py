"""Invitations: hidden profiles are neither ranked nor invitable by requesters."""

from __future__ import annotations

from sqlalchemy.orm import Session

from tests.world import Api, World, open_order, snapshot


def test_hidden_profiles_are_not_ranked_or_invited_by_requesters(
    api: Api, world: World, session: Session
) -> None:
    world.other_expert.visibility = "hidden"
    order = open_order(session, world)
    snapshot(session, order.id, world)
    mine = [
        m["expert_id"]
        for m in api.get(world.requester, f"/orders/{order.slug}/matches").json()["matches"]
    ]
    assert mine == [str(world.expert.id)]
    staff = api.get(world.coordinator, f"/orders/{order.slug}/matches").json()["matches"]
    assert len(staff) == 2  # the hub's coordinators see every profile
    body = {"expert_id": str(world.other_expert.id)}
    assert api.post(world.requester, f"/orders/{order.slug}/invitations", body).status_code == 404
    assert api.post(world.coordinator, f"/orders/{order.slug}/invitations", body).status_code == 201
