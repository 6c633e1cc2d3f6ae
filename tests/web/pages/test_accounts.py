"""Issue 9, defect 16: admins manage users in pages (/admin/users), not on the command line.
A deactivated user's open session stops working and they cannot sign in again."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.builders import PASSWORD
from tests.web.helpers import csrf_from, login, post_form
from tests.world import World
from vstid.accounts.models import User


def _second_browser(client: TestClient) -> TestClient:
    """Another browser (its own cookies) on the same app."""
    return TestClient(client.app, base_url="http://testserver")


def test_admins_search_and_filter_users(client: TestClient, world: World) -> None:
    login(client, world.admin.email)
    page = client.get("/admin/users", params={"q": "rin"})
    assert page.status_code == 200 and world.requester.email in page.text
    assert world.coordinator.email not in page.text
    coordinators = client.get(
        "/admin/users", params={"role": "coordinator", "hub": world.hub.code, "active": "yes"}
    )
    assert world.coordinator.email in coordinators.text
    assert world.foreign_coordinator.email not in coordinators.text
    assert "1 tài khoản" in coordinators.text


def test_a_users_page_shows_role_hub_organizations_and_activity(
    client: TestClient, world: World
) -> None:
    login(client, world.requester.email)  # a sign-in the activity will show
    client.post("/logout", data={"csrf_token": csrf_from(client, "/orders")})
    login(client, world.admin.email)
    page = client.get(f"/admin/users/{world.requester.id}")
    assert page.status_code == 200
    assert world.org.name in page.text and world.hub.code in page.text
    assert "<code>login</code>" in page.text
    assert 'data-testid="user-deactivate"' in page.text


def test_deactivating_asks_first_then_ends_the_users_session(
    client: TestClient, world: World, session: Session
) -> None:
    victim = _second_browser(client)
    login(victim, world.requester.email)
    assert victim.get("/orders/mine").status_code == 200

    login(client, world.admin.email)
    path = f"/admin/users/{world.requester.id}/deactivate"
    asked = post_form(client, path, {})
    assert asked.status_code == 200 and 'data-testid="confirm-page"' in asked.text
    session.refresh(world.requester)
    assert world.requester.is_active  # asking changed nothing
    done = post_form(client, path, {"confirmed": "1"})
    assert done.status_code == 303
    session.refresh(world.requester)
    assert not world.requester.is_active

    gone = victim.get("/orders/mine", follow_redirects=False)
    assert gone.status_code == 303 and gone.headers["location"].startswith("/login")
    again = victim.post(
        "/login",
        data={
            "email": world.requester.email,
            "password": PASSWORD,
            "csrf_token": csrf_from(victim),
            "next": "/",
        },
        follow_redirects=False,
    )
    assert again.status_code == 401
    page = client.get(f"/admin/users/{world.requester.id}")
    assert 'data-testid="user-reactivate"' in page.text and "user.deactivate" in page.text
    assert post_form(client, f"/admin/users/{world.requester.id}/reactivate", {}).status_code == 303
    login(victim, world.requester.email)


def test_an_admin_cannot_deactivate_themselves(client: TestClient, world: World) -> None:
    login(client, world.admin.email)
    page = client.get(f"/admin/users/{world.admin.id}")
    assert 'data-testid="user-deactivate"' not in page.text
    assert 'data-testid="role-form"' not in page.text
    refused = post_form(client, f"/admin/users/{world.admin.id}/deactivate", {"confirmed": "1"})
    assert refused.status_code == 409
    assert "bạn không thể vô hiệu hoá tài khoản của chính mình" in refused.text


def test_changing_a_role_in_the_page(client: TestClient, world: World, session: Session) -> None:
    login(client, world.admin.email)
    path = f"/admin/users/{world.expert_user.id}/role"
    missing = post_form(client, path, {"role": "coordinator", "hub": ""})
    assert missing.status_code == 422 and 'id="hub-error"' in missing.text
    done = post_form(client, path, {"role": "coordinator", "hub": world.hub.code})
    assert done.status_code == 303
    user = session.scalars(select(User).where(User.id == world.expert_user.id)).one()
    session.refresh(user)
    assert user.role == "coordinator" and user.hub_id == world.hub.id


def test_user_pages_are_for_admins_and_posts_need_csrf(client: TestClient, world: World) -> None:
    assert client.get("/admin/users", follow_redirects=False).status_code == 303  # to sign in
    login(client, world.coordinator.email)
    assert client.get("/admin/users").status_code == 403
    assert client.get(f"/admin/users/{world.requester.id}").status_code == 403
    assert post_form(client, f"/admin/users/{world.requester.id}/deactivate",
                     {"confirmed": "1"}).status_code == 403  # fmt: skip
    client.post("/logout", data={"csrf_token": csrf_from(client, "/orders")})
    login(client, world.admin.email)
    no_token = client.post(
        f"/admin/users/{world.requester.id}/deactivate", data={"confirmed": "1"},
        follow_redirects=False,
    )  # fmt: skip
    assert no_token.status_code == 403


def test_admins_create_an_account_in_the_page(
    client: TestClient, world: World, session: Session
) -> None:
    login(client, world.admin.email)
    assert 'href="/admin/users/new"' in client.get("/admin/users").text
    form = {"display_name": "Phạm Văn Điều", "email": "dieu.pham@example.jp",
            "role": "coordinator", "hub": "", "password": "mật-khẩu-đủ-dài",
            "password_confirm": "khác-hẳn-mật-khẩu"}  # fmt: skip
    refused = post_form(client, "/admin/users/new", form)
    assert refused.status_code == 422
    assert 'id="password_confirm-error"' in refused.text and "Phạm Văn Điều" in refused.text
    no_hub = post_form(client, "/admin/users/new", {**form, "password_confirm": form["password"]})
    assert no_hub.status_code == 422 and 'id="hub-error"' in no_hub.text
    done = post_form(client, "/admin/users/new",
                     {**form, "password_confirm": form["password"], "hub": world.hub.code})  # fmt: skip
    assert done.status_code == 303
    created = session.scalars(select(User).where(User.email == "dieu.pham@example.jp")).one()
    assert created.role == "coordinator" and created.hub_id == world.hub.id
    login(_second_browser(client), "dieu.pham@example.jp", "mật-khẩu-đủ-dài")
