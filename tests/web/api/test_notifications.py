"""Notifications through the API, in the reader's language."""

from __future__ import annotations

from sqlalchemy.orm import Session

from tests.world import Api, World, open_order


def test_notifications_are_listed_in_the_users_language(
    api: Api, world: World, session: Session
) -> None:
    order = open_order(session, world)
    api.post(
        world.requester, f"/orders/{order.slug}/invitations", {"expert_id": str(world.expert.id)}
    )
    page = api.get(world.expert_user, "/notifications").json()
    assert page["total"] == 1 and order.title in page["items"][0]["text"]
