"""Sign in, register, sign out, the language switch, CSRF on forms, the login rate limit."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.builders import make_user
from tests.web.helpers import csrf_from, login
from vstid.audit.models import AuditEntry


def test_default_language_is_vietnamese_and_switch_persists(client: TestClient) -> None:
    assert '<html lang="vi">' in client.get("/").text
    token = csrf_from(client, "/")
    response = client.post(
        "/lang",
        data={"locale": "ja", "next": "/experts", "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"] == "/experts"
    assert '<html lang="ja">' in client.get("/").text
    assert '<html lang="ja">' in client.get("/orders").text


def test_vietnamese_is_the_default_whatever_the_browser_asks(client: TestClient) -> None:
    assert '<html lang="vi">' in client.get("/", headers={"Accept-Language": "en-US,en;q=0.9"}).text


def test_forms_without_csrf_token_are_rejected(client: TestClient, session: Session) -> None:
    user = make_user(session)
    session.commit()
    response = client.post("/login", data={"email": user.email, "password": "x"})
    assert response.status_code == 403


def test_register_login_logout(client: TestClient, session: Session) -> None:
    token = csrf_from(client, "/register")
    response = client.post(
        "/register",
        data={
            "email": "le.hoa@example.org",
            "display_name": "Lê Thị Hoa",
            "password": "mật-khẩu-mạnh-1",
            "password_confirm": "mật-khẩu-mạnh-1",
            "role": "expert",
            "csrf_token": token,
        },
        follow_redirects=False,
    )
    # the same answer whether the address was new or taken: nobody is signed in by it
    assert response.status_code == 200 and 'data-testid="check-email"' in response.text
    assert "Lê Thị Hoa" not in client.get("/").text
    login(client, "le.hoa@example.org", "mật-khẩu-mạnh-1")
    assert "Lê Thị Hoa" in client.get("/").text
    token = csrf_from(client, "/")
    client.post("/logout", data={"csrf_token": token})
    assert "Lê Thị Hoa" not in client.get("/").text
    login(client, "le.hoa@example.org", "mật-khẩu-mạnh-1")
    assert "Lê Thị Hoa" in client.get("/").text
    actions = set(session.scalars(select(AuditEntry.action)))
    assert {"user.create", "login"} <= actions


def test_register_errors_name_the_field(client: TestClient) -> None:
    token = csrf_from(client, "/register")
    response = client.post(
        "/register",
        data={
            "email": "bad",
            "display_name": "Lê Thị Hoa",
            "password": "short",
            "password_confirm": "other",
            "role": "expert",
            "csrf_token": token,
        },
    )
    assert response.status_code == 422
    assert 'id="email-error"' in response.text and 'id="password-error"' in response.text
    assert 'id="password_confirm-error"' in response.text
    assert 'value="Lê Thị Hoa"' in response.text  # nothing typed is lost


def test_wrong_password_then_rate_limit_message(client: TestClient, session: Session) -> None:
    user = make_user(session)
    session.commit()
    for _ in range(3):
        token = csrf_from(client)
        r = client.post(
            "/login", data={"email": user.email, "password": "wrong", "csrf_token": token}
        )
        assert r.status_code == 401
    token = csrf_from(client)
    r = client.post("/login", data={"email": user.email, "password": "wrong", "csrf_token": token})
    assert r.status_code == 429 and "Retry-After" in r.headers
    assert 'data-testid="form-error"' in r.text
