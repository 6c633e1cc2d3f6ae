"""No anonymous request ends in a 500: huge page numbers are a 422 naming the parameter, a NUL
anywhere in the input is a 422 (PostgreSQL's text cannot hold one), and whatever still goes
wrong answers in the site's own error format, never text/plain (issue 10, item 7)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient

from tests.web.helpers import csrf_from
from vstid.core.db import Database
from vstid.core.settings import Settings
from vstid.web.app import create_app

HUGE = "9223372036854775807"
NUL = "a\x00b"


def _get_routes(app: FastAPI, prefix: str) -> Iterator[Any]:
    """The app's routes as served (included routers resolved), GET and under `prefix`."""
    for route in iter_route_contexts(app.routes):
        served = "GET" in (route.methods or ()) and (route.path or "").startswith(prefix)
        if served and hasattr(route, "dependant"):  # FastAPI's, not the OpenAPI document
            yield route


def _path(route: Any) -> str:
    path = route.path
    for param in route.dependant.path_params:
        value = str(uuid.uuid4()) if param.field_info.annotation is uuid.UUID else "x"
        path = path.replace("{" + param.name + "}", value)
    return path


def _query_params(dependant: Dependant) -> Iterator[Any]:
    yield from dependant.query_params
    for sub in dependant.dependencies:
        yield from _query_params(sub)


def _query(route: Any, text: str, number: str) -> dict[str, str]:
    """Every query parameter the route (and its dependencies) reads, filled with the value
    that broke it: a NUL in text, a 64-bit maximum in numbers."""
    values = {"page": number, "q": text}
    for param in _query_params(route.dependant):
        kind = param.field_info.annotation
        values[param.alias] = number if kind in (int, int | None) else text
    return values


def _assert_handled(response, where: str) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code < 500, f"{where}: {response.status_code} {response.text[:300]}"
    if response.status_code >= 400:
        assert response.headers["content-type"].startswith("application/json"), where
        assert {"error", "message"} <= response.json().keys(), where


def test_every_api_get_route_survives_huge_pages_and_nul_bytes_anonymously(
    client: TestClient,
) -> None:
    routes = list(_get_routes(client.app, "/api/"))  # type: ignore[arg-type]
    assert len(routes) > 25
    for route in routes:
        path = _path(route)
        for text, number in (("x", HUGE), (NUL, "1")):
            response = client.get(path, params=_query(route, text, number))
            _assert_handled(response, f"GET {path} {text!r} {number}")
        if route.dependant.path_params:
            _assert_handled(client.get(_path(route).replace("/x", "/%00", 1)), f"{path} %00")


@pytest.mark.parametrize(
    "path",
    ["/api/v1/orders", "/api/v1/experts", "/api/v1/organizations", "/api/v1/orders/mine",
     "/api/v1/coordinator/queue", "/api/v1/notifications", "/api/v1/projects/mine"],
)  # fmt: skip
def test_page_bounds_are_a_translated_422_naming_the_parameter(
    client: TestClient, path: str
) -> None:
    response = client.get(f"{path}?page={HUGE}", headers={"Accept-Language": "vi"})
    if response.status_code == 401:  # the endpoint wants a user first; still no 500
        return
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["error"] == "validation_failed" and body["field"] == "page"
    assert body["message"] == "page không được lớn hơn 100000."
    assert client.get(f"{path}?page=0").json()["field"] == "page"
    assert client.get(f"{path}?size=1000").json()["field"] == "size"


def test_nul_in_json_form_and_query_is_a_422_naming_the_field(client: TestClient) -> None:
    body = {"email": "nul@example.org", "display_name": "Nul\x00 Name", "password": "0123456789ab"}
    response = client.post("/api/v1/auth/register", json=body)
    assert response.status_code == 422
    assert response.json() == {
        "error": "validation_failed",
        "message": "display_name must not contain a NUL character",
        "field": "display_name",
    }
    assert client.get("/api/v1/experts", params={"country": NUL}).json()["field"] == "country"
    page = client.get("/experts", params={"q": NUL})
    assert page.status_code == 422 and page.headers["content-type"].startswith("text/html")
    assert "q không được chứa ký tự NUL" in page.text
    token = csrf_from(client)
    form = {"email": "a\x00@example.org", "password": "x", "csrf_token": token, "next": "/"}
    login = client.post("/login", data=form, follow_redirects=False)
    assert login.status_code == 422, login.text[:300]


def test_an_unexpected_error_answers_in_the_sites_error_format(
    settings: Settings, database: Database
) -> None:
    app = create_app(settings, database)

    def boom() -> None:
        raise RuntimeError("a bug")

    app.add_api_route("/api/v1/boom", boom)
    app.add_api_route("/boom", boom)
    with TestClient(app, raise_server_exceptions=False) as client:
        api = client.get("/api/v1/boom", headers={"Accept-Language": "en"})
        assert api.status_code == 500 and api.headers["content-type"] == "application/json"
        assert api.json()["error"] == "internal_error" and "a bug" not in api.text
        page = client.get("/boom")
        assert page.status_code == 500 and page.headers["content-type"].startswith("text/html")
        assert 'data-testid="error-message"' in page.text and "a bug" not in page.text


def test_every_page_survives_huge_pages_and_nul_bytes_anonymously(client: TestClient) -> None:
    routes = [r for r in _get_routes(client.app, "/") if not r.path.startswith("/api/")]  # type: ignore[arg-type]
    assert len(routes) > 30
    for route in routes:
        path = _path(route)
        for text, number in (("x", HUGE), (NUL, "1")):
            response = client.get(path, params=_query(route, text, number), follow_redirects=False)
            where = f"GET {path} {text!r} {number}"
            assert response.status_code < 500, f"{where}: {response.text[:300]}"
            if response.status_code >= 400:
                assert response.headers["content-type"].startswith("text/html"), where
