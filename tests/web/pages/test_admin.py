"""Issue 9, defect 16: the admins' home links every tool with the counts that need attention."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.builders import make_org
from tests.web.helpers import csrf_from, login
from tests.world import World
from vstid.hubs.models import Hub


def test_admin_home_counts_users_pending_organizations_and_the_index(
    client: TestClient, world: World, session: Session
) -> None:
    make_org(session, world.hub, status="pending")
    session.commit()
    login(client, world.admin.email)
    page = client.get("/admin")
    assert page.status_code == 200
    assert 'data-testid="count-pending-orgs">1<' in page.text
    assert 'data-testid="count-coordinator">2<' in page.text
    for link in ("/admin/users", "/admin/hubs", "/admin/taxonomy", "/admin/index",
                 "/organizations/verification"):  # fmt: skip
        assert f'href="{link}"' in page.text
    assert 'data-testid="nav-admin"' in client.get("/").text


def test_admin_home_is_for_admins(client: TestClient, world: World) -> None:
    assert client.get("/admin", follow_redirects=False).status_code == 303
    login(client, world.coordinator.email)
    assert client.get("/admin").status_code == 403
    assert 'data-testid="nav-admin"' not in client.get("/").text
    client.post("/logout", data={"csrf_token": csrf_from(client, "/orders")})
    login(client, world.requester.email)
    assert client.get("/admin").status_code == 403


def test_the_admins_verification_queue_spans_hubs_and_names_each_hub(
    client: TestClient, world: World, session: Session
) -> None:
    other_hub = session.get(Hub, world.foreign_coordinator.hub_id)
    assert other_hub is not None
    make_org(session, world.hub, name="Sở KH&CN Thử", status="pending")
    make_org(session, other_hub, name="Bệnh viện Khác", status="pending")
    session.commit()
    login(client, world.admin.email)
    queue = client.get("/organizations/verification").text
    assert "Sở KH&amp;CN Thử" in queue and "Bệnh viện Khác" in queue
    assert f'data-testid="org-hub">{other_hub.code}<' in queue
    client.post("/logout", data={"csrf_token": csrf_from(client, "/orders")})
    login(client, world.coordinator.email)
    own = client.get("/organizations/verification").text
    assert "Sở KH&amp;CN Thử" in own and "Bệnh viện Khác" not in own
