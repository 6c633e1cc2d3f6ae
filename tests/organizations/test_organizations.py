"""Issue 9, defect 2: a new requester learns before the order form that they must belong to an
organization, and can create one (verified by the hub's coordinators) or ask to join one."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.builders import make_user
from tests.web.helpers import login, post_form
from tests.world import Api, World, notes, open_order, order_body
from vstid.accounts.models import Role, User
from vstid.core.db import Database
from vstid.core.settings import Settings
from vstid.jobs.worker import run_pending
from vstid.organizations.models import Membership, Organization

NEW_ORG = {"name": "Công ty Mới", "kind": "startup", "country": "VN", "website": None}


def newcomer(session: Session, w: World) -> User:
    user = make_user(session, Role.requester, hub=w.hub, display_name="New Nam")
    session.commit()
    return user


def test_a_requester_without_organization_sees_the_notice_not_the_form(
    client: TestClient, world: World, session: Session
) -> None:
    login(client, newcomer(session, world).email)
    page = client.get("/orders/new")
    assert page.status_code == 200
    assert 'data-testid="need-membership"' in page.text
    assert 'data-testid="order-form"' not in page.text
    assert 'href="/organizations/new"' in page.text and 'href="/organizations/join"' in page.text


def test_a_member_still_gets_the_order_form(client: TestClient, world: World) -> None:
    login(client, world.requester.email)
    page = client.get("/orders/new")
    assert 'data-testid="order-form"' in page.text
    assert 'data-testid="need-membership"' not in page.text


def test_created_org_is_pending_then_verified_and_its_orders_approvable(
    api: Api, world: World, session: Session, database: Database, settings: Settings
) -> None:
    user = newcomer(session, world)
    created = api.post(user, "/organizations", NEW_ORG)
    assert created.status_code == 201, created.text
    org = created.json()
    assert org["status"] == "pending"
    run_pending(database, settings)
    assert notes(session, world.coordinator.id, "organization")
    assert world.coordinator.email  # the hub's coordinator sees it in the queue
    queue = api.get(world.coordinator, "/organizations/verification-queue").json()
    assert [o["slug"] for o in queue] == [org["slug"]]

    # The creator, its admin member, may write and submit an order; it cannot be approved yet.
    order = api.post(user, "/orders", order_body(organization_id=org["id"]))
    assert order.status_code == 201, order.text
    slug = order.json()["slug"]
    assert api.post(user, f"/orders/{slug}/submit").status_code == 200
    refused = api.post(world.coordinator, f"/orders/{slug}/approve")
    assert refused.status_code == 409
    assert "not verified" in refused.json()["message"]

    assert "approve" not in api.get(world.coordinator, f"/orders/{slug}").json()["allowed_actions"]
    verified = api.post(world.coordinator, f"/organizations/{org['slug']}/verify")
    assert verified.status_code == 200 and verified.json()["status"] == "verified"
    run_pending(database, settings)
    assert notes(session, user.id, "organization")
    assert api.post(world.coordinator, f"/orders/{slug}/approve").status_code == 200


def test_a_stranger_cannot_verify_and_a_decided_org_is_409(
    api: Api, world: World, session: Session
) -> None:
    user = newcomer(session, world)
    org = api.post(user, "/organizations", NEW_ORG).json()
    unknown_hub = api.post(user, "/organizations", {**NEW_ORG, "hub_id": str(world.org.id)})
    assert unknown_hub.status_code == 422 and unknown_hub.json()["field"] == "hub_id"
    assert api.post(user, f"/organizations/{org['slug']}/verify").status_code == 403
    for stranger in (world.foreign_coordinator, world.outsider):  # a pending org is not theirs
        response = api.post(stranger, f"/organizations/{org['slug']}/verify")
        assert response.status_code == 404, (stranger.email, response.text)
    assert api.post(world.coordinator, f"/organizations/{org['slug']}/reject",
                    {"reason": "no such company"}).status_code == 200  # fmt: skip
    again = api.post(world.coordinator, f"/organizations/{org['slug']}/reject", {"reason": "x" * 9})
    assert again.status_code == 409
    # a rejected organization stays hidden from outsiders; its creator cannot re-join it
    assert api.post(world.outsider, f"/organizations/{org['slug']}/join").status_code == 404


def test_join_request_approved_by_the_org_admin_makes_a_member(
    api: Api, world: World, session: Session, database: Database, settings: Settings
) -> None:
    founder, joiner = newcomer(session, world), newcomer(session, world)
    org = api.post(founder, "/organizations", NEW_ORG).json()
    # others find it once verified (a pending organization is hidden from them)
    assert api.post(joiner, f"/organizations/{org['slug']}/join").status_code == 404
    assert api.post(world.coordinator, f"/organizations/{org['slug']}/verify").status_code == 200
    asked = api.post(joiner, f"/organizations/{org['slug']}/join")
    assert asked.status_code == 201, asked.text
    assert api.post(joiner, f"/organizations/{org['slug']}/join").status_code == 409
    request_id = asked.json()["id"]
    assert (
        api.post(world.outsider, f"/organizations/join-requests/{request_id}/approve").status_code
        == 403
    )
    pending = api.get(founder, "/organizations/join-requests").json()
    assert [r["id"] for r in pending] == [request_id]
    approved = api.post(founder, f"/organizations/join-requests/{request_id}/approve")
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    run_pending(database, settings)
    assert notes(session, joiner.id, "organization")
    session.expire_all()
    member = session.scalars(select(Membership).where(Membership.user_id == joiner.id)).one()
    assert str(member.organization_id) == org["id"]
    assert (
        api.post(founder, f"/organizations/join-requests/{request_id}/decline").status_code == 409
    )


def test_existing_orders_of_known_organizations_still_approve(
    api: Api, world: World, session: Session
) -> None:
    order = open_order(session, world, status="submitted")
    assert session.get(Organization, world.org.id).status == "verified"  # type: ignore[union-attr]
    assert api.post(world.coordinator, f"/orders/{order.slug}/approve").status_code == 200


def test_pages_create_verify_and_my_organizations(
    client: TestClient, world: World, session: Session
) -> None:
    user = newcomer(session, world)
    login(client, user.email)
    form = {"name": "Viện Thử", "kind": "institute", "country": "VN",
            "hub_id": str(world.hub.id), "website": ""}  # fmt: skip
    assert post_form(client, "/organizations/new", {**form, "name": ""}).status_code == 422
    assert post_form(client, "/organizations/new", form).status_code == 303
    mine = client.get("/organizations/mine").text
    assert "Viện Thử" in mine and "status-pending" in mine
    org = session.scalars(select(Organization).where(Organization.name == "Viện Thử")).one()
    client.cookies.clear()
    login(client, world.coordinator.email)
    assert org.slug in client.get("/organizations/verification").text
    assert post_form(client, f"/organizations/{org.slug}/do/verify", {}).status_code == 303
    session.expire_all()
    assert session.get(Organization, org.id).status == "verified"  # type: ignore[union-attr]


def test_the_order_panel_says_why_an_order_cannot_be_approved_yet(
    client: TestClient, api: Api, world: World, session: Session
) -> None:
    user = newcomer(session, world)
    org = api.post(user, "/organizations", NEW_ORG).json()
    slug = api.post(user, "/orders", order_body(organization_id=org["id"])).json()["slug"]
    api.post(user, f"/orders/{slug}/submit")
    login(client, world.coordinator.email)
    panel = client.get(f"/orders/{slug}/panel").text
    assert 'data-testid="org-unverified"' in panel and 'data-testid="order-approve"' not in panel


def test_pages_ask_to_join_and_the_org_admin_approves(
    client: TestClient, api: Api, world: World, session: Session
) -> None:
    founder, joiner = newcomer(session, world), newcomer(session, world)
    org = api.post(founder, "/organizations", NEW_ORG).json()
    assert api.post(world.coordinator, f"/organizations/{org['slug']}/verify").status_code == 200
    login(client, joiner.email)
    assert f'data-testid="join-{org["slug"]}"' in client.get("/organizations/join").text
    assert post_form(client, f"/organizations/{org['slug']}/join", {}).status_code == 303
    mine = client.get("/organizations/mine").text
    assert NEW_ORG["name"] in mine and "status-pending" in mine
    client.cookies.clear()
    login(client, founder.email)
    request_id = api.get(founder, "/organizations/join-requests").json()[0]["id"]
    assert f'data-testid="approve-{request_id}"' in client.get("/organizations/mine").text
    done = post_form(client, f"/organizations/join-requests/{request_id}/approve", {})
    assert done.status_code == 303
    session.expire_all()
    assert session.scalars(select(Membership).where(Membership.user_id == joiner.id)).one()
