"""Issue 10, item 2: the API sign-in counts its failures (they used to roll back with the 401,
so 30 wrong passwords were followed by a 200), shares the page's limiter, and is audited."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.builders import PASSWORD, make_user
from tests.web.helpers import csrf_from
from vstid.audit.models import AuditEntry
from vstid.core.settings import Settings


def _api_sign_in(client: TestClient, email: str, password: str) -> int:
    body = {"email": email, "password": password}
    return client.post("/api/v1/auth/token", json=body).status_code


def test_wrong_api_passwords_lock_the_api_sign_in_and_are_audited(
    client: TestClient, session: Session, settings: Settings
) -> None:
    user = make_user(session)
    session.commit()
    for _ in range(settings.login_max_failures):
        assert _api_sign_in(client, user.email, "wrong-password") == 401
    response = client.post("/api/v1/auth/token", json={"email": user.email, "password": PASSWORD})
    assert response.status_code == 429 and int(response.headers["Retry-After"]) > 0
    assert response.json()["error"] == "rate_limited"
    failed = session.scalars(select(AuditEntry).where(AuditEntry.action == "login.failed")).all()
    assert len(failed) == settings.login_max_failures
    assert {(e.data["channel"], e.ip, e.entity_id) for e in failed} == {
        ("api", "testclient", str(user.id))
    }


def test_page_and_api_sign_ins_share_one_limiter(
    client: TestClient, session: Session, settings: Settings
) -> None:
    user = make_user(session)
    session.commit()
    for _ in range(settings.login_max_failures - 1):
        token = csrf_from(client)
        page = client.post(
            "/login", data={"email": user.email, "password": "wrong", "csrf_token": token}
        )
        assert page.status_code == 401
    assert _api_sign_in(client, user.email, "wrong-password") == 401
    assert _api_sign_in(client, user.email, PASSWORD) == 429
    token = csrf_from(client)
    page = client.post(
        "/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token}
    )
    assert page.status_code == 429


def test_a_right_api_password_clears_the_failures(
    client: TestClient, session: Session, settings: Settings
) -> None:
    user = make_user(session)
    session.commit()
    for _ in range(settings.login_max_failures - 1):
        assert _api_sign_in(client, user.email, "wrong-password") == 401
    assert _api_sign_in(client, user.email, PASSWORD) == 200
    assert _api_sign_in(client, user.email, "wrong-password") == 401
    assert _api_sign_in(client, user.email, PASSWORD) == 200
