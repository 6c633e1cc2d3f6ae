"""The order JSON says what the caller may do now, from the same rule the page's buttons use."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.builders import add_member, make_hub, make_order, make_org, make_user
from tests.web.helpers import bearer, login
from tests.world import Api, World, open_order
from vstid.accounts.models import Role


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


def test_order_confidentiality_is_enforced_by_scoping(client: TestClient, session: Session) -> None:
    hub = make_hub(session)
    org = make_org(session, hub)
    make_order(session, hub, org, slug="pub", confidentiality="public")
    make_order(session, hub, org, slug="mem", confidentiality="members")
    make_order(session, hub, org, slug="inv", confidentiality="invite_only")
    make_order(session, hub, org, slug="draft", status="draft")
    outsider = make_user(session, Role.expert)
    insider = make_user(session, Role.requester)
    add_member(session, insider, org)
    coordinator = make_user(session, Role.coordinator, hub=hub)
    session.commit()

    def slugs(headers: dict[str, str] | None = None) -> set[str]:
        items = client.get("/api/v1/orders?size=100", headers=headers or {}).json()["items"]
        return {o["slug"] for o in items} & {"pub", "mem", "inv", "draft"}

    assert slugs() == {"pub"}
    assert slugs(bearer(client, outsider.email)) == {"pub", "mem"}
    assert slugs(bearer(client, insider.email)) == {"pub", "mem", "inv", "draft"}
    assert slugs(bearer(client, coordinator.email)) == {"pub", "mem", "inv", "draft"}
    # invisible, not forbidden
    assert (
        client.get("/api/v1/orders/inv", headers=bearer(client, outsider.email)).status_code == 404
    )
    assert client.get("/api/v1/orders/mem").status_code == 404


def test_list_filters_are_bounded_and_named_when_wrong(api: Api, world: World) -> None:
    """Declared in the OpenAPI document too, so clients (and the fuzz test) know the limits."""
    wrong = api.get(world.requester, "/orders/mine?status=bogus")
    assert wrong.status_code == 422 and wrong.json()["field"] == "status", wrong.text
    assert api.get(None, "/orders?status=open").status_code == 200
    too_long = api.get(None, "/orders?q=" + "x" * 201)
    assert too_long.status_code == 422 and too_long.json()["field"] == "q", too_long.text
    assert api.get(None, "/experts?q=" + "x" * 201).status_code == 422
