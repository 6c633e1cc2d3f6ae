"""Account endpoints: register, tokens, who am I; errors name the field; CSRF on cookie writes."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.web.helpers import bearer
from vstid.notifications.models import EmailOutbox


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
        "password": "lúa-chín-vàng-đồng",
    }
    assert client.post("/api/v1/auth/register", json=body).status_code == 202
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


def test_registering_a_taken_email_answers_exactly_like_a_new_one(
    client: TestClient, session: Session
) -> None:
    """Issue 10, item 9: a 409 told anyone which addresses have an account."""
    body = {
        "email": "dup@example.org",
        "display_name": "Dup User",
        "password": "lúa-chín-vàng-đồng",
    }
    first = client.post("/api/v1/auth/register", json=body)
    second = client.post("/api/v1/auth/register", json={**body, "display_name": "Other"})
    assert first.status_code == second.status_code == 202
    assert first.json() == second.json()
    mails = session.scalars(select(EmailOutbox).where(EmailOutbox.to_address == body["email"]))
    assert len(list(mails)) == 1  # only the new account got a link


def test_api_write_with_session_cookie_needs_csrf_header(
    client: TestClient, session: Session
) -> None:
    client.cookies.set("vstid_session", "forged")
    response = client.post("/api/v1/auth/token", json={"email": "a@example.org", "password": "x"})
    assert response.status_code == 403
