"""Each role's own pages: "My orders", "My projects" / "Hub projects", and the author of an
internal comment on the proposals' review page."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.builders import add_member, make_order, make_org
from tests.web.helpers import login
from tests.world import Api, World, open_order, project_body, propose
from vstid.accounts.models import User
from vstid.orders.models import Order, OrderStatus


def _orders_in_every_state(session: Session, w: World) -> dict[str, Order]:
    orders = {
        s.value: make_order(session, w.hub, w.org, created_by_id=w.requester.id, title=f"Mine {s}",
                            status=s.value)
        for s in OrderStatus
    }  # fmt: skip
    session.commit()
    return orders


def test_my_orders_lists_every_state_of_my_organizations_only(
    client: TestClient, api: Api, world: World, session: Session
) -> None:
    mine = _orders_in_every_state(session, world)
    their_org = make_org(session, world.hub)  # same hub, public and open: still not mine
    add_member(session, world.outsider, their_org)
    make_order(session, world.hub, their_org, title="Not mine", created_by_id=world.outsider.id)
    session.commit()
    body = api.get(world.requester, "/orders/mine").json()
    assert sorted(o["title"] for o in body["items"]) == sorted(o.title for o in mine.values())
    assert [o["title"] for o in api.get(world.outsider, "/orders/mine").json()["items"]] == [
        "Not mine"
    ]
    assert api.get(None, "/orders/mine").status_code == 401
    login(client, world.requester.email)
    page = client.get("/orders/mine").text
    assert all(o.title in page for o in mine.values())
    assert "Not mine" not in page
    assert 'data-testid="chip-draft"' in page and "(1)" in page
    only = client.get("/orders/mine?status=rejected").text
    assert "Mine rejected" in only and "Mine draft" not in only


def _project_for(api: Api, w: World, session: Session, expert_user: User, title: str) -> str:
    order = open_order(session, w, title=title)
    proposal = propose(api, w, order, expert_user)
    for stage in ("screen", "assess", "finalist"):
        api.post(w.requester, f"/proposals/{proposal['id']}/stage", {"stage": stage})
    response = api.post(w.requester, f"/proposals/{proposal['id']}/accept", project_body())
    assert response.status_code == 201, response.text
    return str(response.json()["title"])


def test_my_projects_is_scoped_by_role(
    client: TestClient, api: Api, world: World, session: Session
) -> None:
    ours = _project_for(api, world, session, world.expert_user, "Project of Em")
    other = _project_for(api, world, session, world.other_expert_user, "Project of Khac")

    def titles(user: User) -> set[str]:
        return {p["title"] for p in api.get(user, "/projects/mine").json()["items"]}

    assert titles(world.expert_user) == {ours}
    assert titles(world.other_expert_user) == {other}
    assert titles(world.requester) == {ours, other}
    assert titles(world.coordinator) == {ours, other}
    assert titles(world.outsider) == set()
    assert titles(world.foreign_coordinator) == set()
    login(client, world.expert_user.email)
    page = client.get("/projects/mine").text
    assert ours in page and other not in page
    world.coordinator.locale = "en"  # signing in sets the page language to the user's
    session.commit()
    login(client, world.coordinator.email)
    assert "<h1>Hub projects</h1>" in client.get("/projects/mine").text


def test_internal_comment_shows_its_author(
    client: TestClient, api: Api, world: World, session: Session
) -> None:
    order = open_order(session, world)
    proposal = propose(api, world, order)
    path = f"/proposals/{proposal['id']}/comments"
    assert api.post(world.coordinator, path, {"body": "Strong team"}).status_code == 201
    [listed] = api.get(world.requester, path).json()
    assert listed["author_name"] == world.coordinator.display_name and listed["created_at"]
    login(client, world.requester.email)
    page = client.get(f"/orders/{order.slug}/proposals").text
    by = page.split('data-testid="comment-by"', 1)[1].split("</span>", 1)[0]
    assert world.coordinator.display_name in by
