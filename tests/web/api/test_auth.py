"""Account endpoints: register, tokens, who am I; errors name the field; CSRF on cookie writes."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.builders import make_user
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
    taken = make_user(session, display_name="Chủ Cũ")
    session.commit()
    body = {"display_name": "Dup User", "password": "lúa-chín-vàng-đồng"}
    new = client.post("/api/v1/auth/register", json={**body, "email": "new@example.org"})
    again = client.post("/api/v1/auth/register", json={**body, "email": taken.email})
    assert new.status_code == again.status_code == 202
    assert new.json()["message"] == again.json()["message"]
    assert set(new.json()) == set(again.json()) == {"email", "message"}
    session.refresh(taken)
    assert taken.display_name == "Chủ Cũ"
    mail = session.scalars(select(EmailOutbox).where(EmailOutbox.to_address == taken.email)).one()
    assert mail.body.rstrip().endswith("/login") and "verify-email" not in mail.body
