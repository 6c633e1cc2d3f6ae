"""Issue 9, defect 15: a pending or rejected organization is not public. Lists, search, the join
picker, the counts and its page show it only to its creator, its members and its hub's staff."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.builders import add_member, make_org, make_user
from tests.web.helpers import login
from tests.world import Api, World
from vstid.accounts.models import Role, User
from vstid.organizations.models import Organization


def unverified(session: Session, w: World, status: str) -> tuple[Organization, User]:
    creator = make_user(session, Role.requester, hub=w.hub, display_name="Creator Cu")
    org = make_org(session, w.hub, name=f"Hidden {status} Co", status=status,
                   created_by_id=creator.id)  # fmt: skip
    add_member(session, creator, org)
    session.commit()
    return org, creator


@pytest.mark.parametrize("status", ["pending", "rejected"])
def test_hidden_from_the_public_and_outsiders(
    api: Api, client: TestClient, world: World, session: Session, status: str
) -> None:
    org, _ = unverified(session, world, status)
    for user in (None, world.outsider, world.expert_user, world.foreign_coordinator):
        assert api.get(user, f"/organizations/{org.slug}").status_code == 404
        listed = api.get(user, "/organizations?q=Hidden").json()["items"]
        assert listed == []
    assert client.get(f"/organizations/{org.slug}").status_code == 404
    assert org.name not in client.get("/organizations?q=Hidden").text
    assert org.name not in client.get("/organizations").text
    login(client, world.outsider.email)
    assert client.get(f"/organizations/{org.slug}").status_code == 404
    assert org.name not in client.get("/organizations/join?q=Hidden").text
    assert client.post(f"/api/v1/organizations/{org.slug}/join").status_code in {401, 403, 404}


def test_the_home_count_leaves_it_out(client: TestClient, world: World, session: Session) -> None:
    before = client.get("/").text
    unverified(session, world, "pending")
    assert client.get("/").text == before


@pytest.mark.parametrize("status", ["pending", "rejected"])
def test_seen_by_creator_members_and_hub_staff(
    api: Api, world: World, session: Session, status: str
) -> None:
    org, creator = unverified(session, world, status)
    member = make_user(session, Role.requester, hub=world.hub)
    add_member(session, member, org)
    session.commit()
    for user in (creator, member, world.coordinator, world.admin):
        assert api.get(user, f"/organizations/{org.slug}").status_code == 200, user.role
        listed = [o["slug"] for o in api.get(user, "/organizations?q=Hidden").json()["items"]]
        assert listed == [org.slug]


def test_the_join_picker_offers_verified_organizations_only(
    client: TestClient, world: World, session: Session
) -> None:
    org, _ = unverified(session, world, "pending")
    login(client, world.coordinator.email)  # even staff, who may read it, are not offered it
    page = client.get("/organizations/join").text
    assert world.org.name in page and org.name not in page
