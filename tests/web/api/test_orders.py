"""The order JSON says what the caller may do now, from the same rule the page's buttons use."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.web.helpers import login
from tests.workflow.conftest import Api, World, open_order


def _panel_actions(client: TestClient, slug: str) -> set[str]:
    panel = client.get(f"/orders/{slug}/panel", headers={"HX-Request": "true"}).text
    return set(re.findall(r'data-testid="order-(submit|approve|reject|cancel|close)"', panel))


def test_allowed_actions_follow_role_and_state(
    api: Api, world: World, session: Session, client: TestClient
) -> None:
    order = open_order(session, world, status="submitted")
    expected = {
        world.requester: ["cancel"],
        world.coordinator: ["approve", "reject", "cancel"],
        world.expert_user: None,  # a submitted order is not yet visible to experts
    }
    for user, actions in expected.items():
        response = api.get(user, f"/orders/{order.slug}")
        if actions is None:
            assert response.status_code == 404
            continue
        assert response.status_code == 200, (user.email, response.text)
        assert response.json()["allowed_actions"] == actions, user.email
    login(client, world.coordinator.email)
    assert _panel_actions(client, order.slug) == {"approve", "reject", "cancel"}


def test_transitions_answer_with_what_is_allowed_next(
    api: Api, world: World, session: Session
) -> None:
    order = open_order(session, world, status="submitted")
    approved = api.post(world.coordinator, f"/orders/{order.slug}/approve").json()
    assert approved["status"] == "open" and approved["allowed_actions"] == ["cancel"]
    listed = api.get(world.requester, "/orders").json()["items"]
    assert [o["allowed_actions"] for o in listed if o["slug"] == order.slug] == [["cancel"]]
