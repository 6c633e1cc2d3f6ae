"""Helpers for driving the pages and API like a user."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.builders import PASSWORD

_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_from(client: TestClient, path: str = "/login") -> str:
    match = _CSRF.search(client.get(path).text)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def login(client: TestClient, email: str, password: str = PASSWORD) -> None:
    token = csrf_from(client)
    response = client.post(
        "/login",
        data={"email": email, "password": password, "csrf_token": token, "next": "/"},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text[:500]


def bearer(client: TestClient, email: str, password: str = PASSWORD) -> dict[str, str]:
    response = client.post("/api/v1/auth/token", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


def post_form(client: TestClient, path: str, data: dict[str, str], files: list | None = None):  # type: ignore[no-untyped-def]
    """Posts a page form with a fresh CSRF token, without following the redirect."""
    data = {**data, "csrf_token": csrf_from(client, "/orders")}
    return client.post(path, data=data, files=files, follow_redirects=False)


def start_profile(client: TestClient) -> None:
    """The signed-in user's explicit "Create my expert profile" (opening /profile creates none)."""
    token = csrf_from(client, "/profile")
    response = client.post("/profile/start", data={"csrf_token": token}, follow_redirects=False)
    assert response.status_code == 303, response.text[:500]
