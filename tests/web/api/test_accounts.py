"""Issue 9, defect 16: the admins' user endpoints (/api/v1/users). A deactivated account's
token stops working at once and it cannot get a new one."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.builders import PASSWORD
from tests.world import Api, World


def test_admins_list_and_filter_users(api: Api, world: World) -> None:
    response = api.get(world.admin, f"/users?role=coordinator&hub={world.hub.code}")
    assert response.status_code == 200, response.text
    body = response.json()
    assert [u["email"] for u in body["items"]] == [world.coordinator.email]
    assert body["items"][0]["is_active"] is True and body["total"] == 1
    found = api.get(world.admin, "/users?q=Requester%20Rin").json()["items"]
    assert [u["email"] for u in found] == [world.requester.email]


def test_other_roles_are_refused(api: Api, client: TestClient, world: World) -> None:
    assert api.get(world.coordinator, "/users").status_code == 403
    assert api.post(world.requester, f"/users/{world.expert_user.id}/deactivate").status_code == 403
    assert client.get("/api/v1/users").status_code == 401


def test_a_deactivated_users_token_stops_and_sign_in_fails(
    api: Api, client: TestClient, world: World
) -> None:
    assert api.get(world.requester, "/auth/me").status_code == 200  # token issued before
    response = api.post(world.admin, f"/users/{world.requester.id}/deactivate")
    assert response.status_code == 200 and response.json()["is_active"] is False
    assert api.get(world.requester, "/auth/me").status_code == 401
    login = {"email": world.requester.email, "password": PASSWORD}
    assert client.post("/api/v1/auth/token", json=login).status_code == 401
    again = api.post(world.admin, f"/users/{world.requester.id}/deactivate")
    assert again.status_code == 409
    assert api.post(world.admin, f"/users/{world.requester.id}/reactivate").status_code == 200
    assert client.post("/api/v1/auth/token", json=login).status_code == 200


def test_an_admin_cannot_deactivate_or_demote_themselves(
    api: Api, client: TestClient, world: World
) -> None:
    headers = {**api.headers(world.admin), "Accept-Language": "vi"}
    response = client.post(f"/api/v1/users/{world.admin.id}/deactivate", headers=headers)
    assert response.status_code == 409
    assert response.json()["message"] == "bạn không thể vô hiệu hoá tài khoản của chính mình"
    demote = api.post(world.admin, f"/users/{world.admin.id}/role", {"role": "expert"})
    assert demote.status_code == 409
    assert demote.json()["message"] == "you cannot remove your own admin role"


def test_role_changes_name_the_hub_of_a_coordinator(api: Api, world: World) -> None:
    path = f"/users/{world.expert_user.id}/role"
    missing = api.post(world.admin, path, {"role": "coordinator"})
    assert missing.status_code == 422 and missing.json()["field"] == "hub"
    assert api.post(world.admin, path, {"role": "boss"}).status_code == 422
    done = api.post(world.admin, path, {"role": "coordinator", "hub": world.hub.code})
    assert done.status_code == 200, done.text
    assert done.json()["role"] == "coordinator" and done.json()["hub_id"] == str(world.hub.id)


def test_admins_create_an_account_of_any_role(api: Api, client: TestClient, world: World) -> None:
    body = {"email": "admin2@example.org", "display_name": "Second Admin",
            "password": "another-long-password", "role": "admin"}  # fmt: skip
    assert api.post(world.coordinator, "/users", body).status_code == 403
    created = api.post(world.admin, "/users", body)
    assert created.status_code == 201, created.text
    assert created.json()["role"] == "admin"
    assert api.post(world.admin, "/users", body).status_code == 409
    login = {"email": "admin2@example.org", "password": "another-long-password"}
    assert client.post("/api/v1/auth/token", json=login).status_code == 200
