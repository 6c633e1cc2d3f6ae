"""The hub's coordinators follow the threads of their hub's orders, in the app only."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.world import Api, World, notes, open_order
from vstid.notifications.models import EmailOutbox


def test_coordinator_hears_of_thread_messages_on_her_hubs_orders(
    api: Api, world: World, session: Session
) -> None:
    order = open_order(session, world)
    path = f"/orders/{order.slug}/thread"
    assert api.post(world.requester, path, {"body": "Any camera advice?"}).status_code == 201
    told = notes(session, world.coordinator.id, "thread")
    assert [n.link for n in told] == [f"/orders/{order.slug}#thread"]
    assert told[0].params["author"] == world.requester.display_name
    assert notes(session, world.foreign_coordinator.id, "thread") == []
    assert notes(session, world.requester.id, "thread") == []  # never the author
    mail = select(EmailOutbox).where(EmailOutbox.to_address == world.coordinator.email)
    assert list(session.scalars(mail)) == []  # a busy thread must not flood her inbox


def test_coordinator_is_not_told_of_her_own_message(
    api: Api, world: World, session: Session
) -> None:
    order = open_order(session, world)
    path = f"/orders/{order.slug}/thread"
    assert api.post(world.coordinator, path, {"body": "Please add the budget."}).status_code == 201
    assert notes(session, world.coordinator.id, "thread") == []
    assert len(notes(session, world.requester.id, "thread")) == 1
