"""Issue 10, item 5: sign-out ends the session on the server. The cookie is an opaque id whose
hash is stored; sessions and API tokens are listed and revocable on the account page; "sign
out everywhere"; a password change ends the other sessions; a deactivated account's session
stops working. Also: the language cookie is Secure over https."""

from __future__ import annotations

import base64
import hashlib

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.builders import PASSWORD, make_user
from tests.web.helpers import bearer, csrf_from, login
from vstid.accounts.models import ApiToken, User, UserSession
from vstid.core.db import Database
from vstid.core.settings import Settings
from vstid.web.app import create_app

COOKIE = "vstid_session"
NEW_PASSWORD = "mưa-phùn-tháng-ba-hà-nội"


def _browser(client: TestClient) -> TestClient:
    """A second browser on the same server (its own cookie jar)."""
    return TestClient(client.app, base_url="http://testserver")


def _me(client: TestClient, headers: dict[str, str] | None = None) -> int:
    return client.get("/api/v1/auth/me", headers=headers or {}).status_code


def _post(client: TestClient, path: str, **data: str) -> int:
    token = csrf_from(client, "/account")
    response = client.post(path, data={**data, "csrf_token": token}, follow_redirects=False)
    return response.status_code


def test_the_session_cookie_is_an_opaque_id_stored_only_as_a_hash(
    client: TestClient, session: Session
) -> None:
    user = make_user(session)
    session.commit()
    login(client, user.email)
    raw = client.cookies.get(COOKIE)
    assert raw
    readable = base64.b64decode(raw.split(".")[0] + "==", altchars=b"-_", validate=False)
    assert str(user.id).encode() not in readable and str(user.id) not in raw
    row = session.scalars(select(UserSession).where(UserSession.user_id == user.id)).one()
    assert row.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert row.user_agent and row.ip == "testclient"


def test_a_cookie_copied_before_sign_out_stops_working(
    client: TestClient, session: Session
) -> None:
    user = make_user(session)
    session.commit()
    login(client, user.email)
    copied = _browser(client)
    copied.cookies.set(COOKIE, client.cookies.get(COOKIE) or "")
    assert _me(copied) == 200
    client.post("/logout", data={"csrf_token": csrf_from(client, "/")})
    assert _me(copied) == 401 and _me(client) == 401


def test_sign_out_everywhere_ends_every_browser_and_api_token(
    client: TestClient, session: Session
) -> None:
    user = make_user(session)
    session.commit()
    login(client, user.email)
    other = _browser(client)
    login(other, user.email)
    headers = bearer(_browser(client), user.email)
    assert _me(other) == 200 and _me(client, headers) == 200
    assert _post(client, "/account/logout-everywhere") == 303
    assert _me(other) == 401 and _me(client) == 401
    assert _me(TestClient(client.app), headers) == 401


def test_account_page_lists_sessions_and_tokens_and_revokes_them(
    client: TestClient, session: Session
) -> None:
    user = make_user(session)
    session.commit()
    login(client, user.email)
    other = _browser(client)
    login(other, user.email, PASSWORD)
    headers = bearer(_browser(client), user.email)
    page = client.get("/account").text
    assert page.count('data-testid="session-row"') == 2
    assert page.count('data-testid="token-row"') == 1
    token_id = session.scalars(select(ApiToken.id).where(ApiToken.user_id == user.id)).one()
    assert _post(client, f"/account/tokens/{token_id}/revoke") == 303
    assert _me(TestClient(client.app), headers) == 401
    raw = other.cookies.get(COOKIE) or ""
    other_id = session.scalars(
        select(UserSession.id).where(
            UserSession.token_hash == hashlib.sha256(raw.encode()).hexdigest()
        )
    ).one()
    assert _post(client, f"/account/sessions/{other_id}/revoke") == 303
    assert _me(other) == 401 and _me(client) == 200
    assert client.get("/account").text.count('data-testid="session-row"') == 1


def test_nobody_revokes_another_users_session(client: TestClient, session: Session) -> None:
    user, victim = make_user(session), make_user(session)
    session.commit()
    login(client, victim.email)
    victim_session = session.scalars(
        select(UserSession.id).where(UserSession.user_id == victim.id)
    ).one()
    attacker = _browser(client)
    login(attacker, user.email)
    assert _post(attacker, f"/account/sessions/{victim_session}/revoke") == 404
    assert _me(client) == 200


def test_changing_the_password_signs_out_the_other_sessions_and_tokens(
    client: TestClient, session: Session
) -> None:
    user = make_user(session)
    session.commit()
    login(client, user.email)
    other = _browser(client)
    login(other, user.email)
    headers = bearer(_browser(client), user.email)
    weak = _post(client, "/account/password", current_password=PASSWORD,
                 new_password="password12", new_password_confirm="password12")  # fmt: skip
    assert weak == 422 and _me(other) == 200
    wrong = _post(client, "/account/password", current_password="not-it",
                  new_password=NEW_PASSWORD, new_password_confirm=NEW_PASSWORD)  # fmt: skip
    assert wrong == 422
    done = _post(client, "/account/password", current_password=PASSWORD,
                 new_password=NEW_PASSWORD, new_password_confirm=NEW_PASSWORD)  # fmt: skip
    assert done == 303
    assert _me(client) == 200  # this browser stays signed in
    assert _me(other) == 401 and _me(TestClient(client.app), headers) == 401
    login(_browser(client), user.email, NEW_PASSWORD)


def test_a_deactivated_accounts_session_and_tokens_stop_working(
    client: TestClient, session: Session
) -> None:
    user = make_user(session)
    session.commit()
    login(client, user.email)
    headers = bearer(_browser(client), user.email)
    session.get(User, user.id).is_active = False  # type: ignore[union-attr]
    session.commit()
    assert _me(client) == 401 and _me(TestClient(client.app), headers) == 401


def test_api_sign_out_revokes_the_token_it_was_called_with(
    client: TestClient, session: Session
) -> None:
    user = make_user(session)
    session.commit()
    headers = bearer(_browser(client), user.email)
    kept = bearer(_browser(client), user.email)
    assert client.post("/api/v1/auth/logout", headers=headers).status_code == 204
    assert _me(client, headers) == 401 and _me(client, kept) == 200
    listed = client.get("/api/v1/auth/tokens", headers=kept).json()
    assert len(listed) == 1
    assert client.delete(f"/api/v1/auth/tokens/{listed[0]['id']}", headers=kept).status_code == 204
    assert _me(client, kept) == 401


def test_language_cookie_is_secure_over_https(settings: Settings, database: Database) -> None:
    with TestClient(create_app(settings, database), base_url="https://testserver") as client:
        token = csrf_from(client, "/")
        response = client.post(
            "/lang", data={"locale": "ja", "csrf_token": token}, follow_redirects=False
        )
    cookie = next(c for c in response.headers.get_list("set-cookie") if "vstid_lang" in c)
    assert "secure" in cookie.lower()
