"""The order thread through the API: who takes part, and news that stops with the invitation."""

from __future__ import annotations

from sqlalchemy.orm import Session

from tests.world import Api, World, notes, open_order


def test_thread_between_requester_coordinator_and_invited_expert(
    api: Api, world: World, session: Session
) -> None:
    order = open_order(session, world)
    path = f"/orders/{order.slug}/thread"
    assert api.post(world.expert_user, path, {"body": "Question?"}).status_code == 403
    api.post(
        world.requester, f"/orders/{order.slug}/invitations", {"expert_id": str(world.expert.id)}
    )
    assert api.post(world.expert_user, path, {"body": "What camera do you use?"}).status_code == 201
    assert api.post(world.requester, path, {"body": "A 12 MP line camera."}).status_code == 201
    assert api.post(world.coordinator, path, {"body": "   "}).status_code == 422
    bodies = [m["body"] for m in api.get(world.coordinator, path).json()]
    assert bodies == ["What camera do you use?", "A 12 MP line camera."]
    assert notes(session, world.expert_user.id, "thread")
    assert api.get(world.other_expert_user, path).status_code == 403


def test_thread_news_stops_when_the_invitation_is_declined(
    api: Api, world: World, session: Session
) -> None:
    order = open_order(session, world, confidentiality="invite_only")
    inv = api.post(
        world.requester, f"/orders/{order.slug}/invitations", {"expert_id": str(world.expert.id)}
    ).json()
    api.post(world.expert_user, f"/orders/{order.slug}/thread", {"body": "A first question"})
    api.post(world.expert_user, f"/invitations/{inv['id']}/decline")
    assert api.get(world.expert_user, f"/orders/{order.slug}").status_code == 404
    api.post(world.requester, f"/orders/{order.slug}/thread", {"body": "An answer"})
    assert notes(session, world.expert_user.id, "thread") == []
