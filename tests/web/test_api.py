from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.builders import add_member, make_expert, make_hub, make_order, make_org, make_user
from tests.web.helpers import bearer
from vstid.accounts.models import Role


def test_openapi_is_served(client: TestClient) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/orders" in spec["paths"]
    assert client.get("/docs").status_code == 200


def test_me_requires_authentication(client: TestClient) -> None:
    response = client.get("/api/v1/auth/me")
    assert response.status_code == 401
    assert response.json()["error"] == "unauthorized"


def test_bad_token_is_401(client: TestClient) -> None:
    assert (
        client.get("/api/v1/auth/me", headers={"Authorization": "Bearer nope"}).status_code == 401
    )


def test_register_then_token_then_me(client: TestClient) -> None:
    body = {
        "email": "mai.tran@example.org",
        "display_name": "Trần Thị Mai",
        "password": "0123456789ab",
    }
    assert client.post("/api/v1/auth/register", json=body).status_code == 201
    me = client.get(
        "/api/v1/auth/me", headers=bearer(client, body["email"], body["password"])
    ).json()
    assert me["display_name"] == "Trần Thị Mai"  # diacritics survive the round trip


def test_bad_input_is_422_naming_the_field(client: TestClient) -> None:
    response = client.post(
        "/api/v1/auth/register",
        json={"email": "not-an-email", "display_name": "Ab", "password": "0123456789"},
    )
    assert response.status_code == 422
    assert response.json()["field"] == "email"
    response = client.post(
        "/api/v1/auth/register", json={"email": "a@example.org", "display_name": "Ab"}
    )
    assert response.status_code == 422 and response.json()["field"] == "password"


def test_duplicate_registration_is_409(client: TestClient) -> None:
    body = {"email": "dup@example.org", "display_name": "Dup User", "password": "0123456789ab"}
    client.post("/api/v1/auth/register", json=body)
    response = client.post("/api/v1/auth/register", json=body)
    assert response.status_code == 409 and response.json()["field"] == "email"


def test_unknown_records_are_404(client: TestClient) -> None:
    for path in ("/api/v1/orders/nope", "/api/v1/experts/nope", "/api/v1/organizations/nope"):
        assert client.get(path).status_code == 404


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


def test_members_only_expert_profiles_need_login(client: TestClient, session: Session) -> None:
    hub = make_hub(session)
    make_expert(session, hub, slug="hidden-pro", visibility="members")
    user = make_user(session)
    session.commit()
    assert client.get("/api/v1/experts/hidden-pro").status_code == 404
    assert (
        client.get("/api/v1/experts/hidden-pro", headers=bearer(client, user.email)).status_code
        == 200
    )


def test_api_write_with_session_cookie_needs_csrf_header(
    client: TestClient, session: Session
) -> None:
    client.cookies.set("vstid_session", "forged")
    response = client.post("/api/v1/auth/token", json={"email": "a@example.org", "password": "x"})
    assert response.status_code == 403
