"""The API documentation (/docs with Swagger UI, /redoc with ReDoc) is served from the package:
its pages name only same-origin assets, so it works offline and sends nothing to a CDN."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.web.helpers import csrf_from
from tests.world import open_order

VENDOR = Path(__file__).resolve().parents[2] / "src" / "vstid" / "web" / "static" / "vendor"
ASSET = re.compile(r"""(?:src|href)="([^"]+)\"""")
VENDORED = {
    "/static/vendor/swagger-ui/swagger-ui-bundle.js": "javascript",
    "/static/vendor/swagger-ui/swagger-ui.css": "text/css",
    "/static/vendor/redoc/redoc.standalone.js": "javascript",
    "/static/js/swagger-init.js": "javascript",
}


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_docs_pages_reference_only_same_origin_assets(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert "text/html" in response.headers["content-type"]
    assets = ASSET.findall(response.text)
    assert assets, "the page loads no script or stylesheet"
    assert all(a.startswith("/") and not a.startswith("//") for a in assets), assets
    assert not re.search(r"https?://", response.text), "a URL to another site is on the page"
    for asset in assets:
        assert client.get(asset).status_code == 200, asset


def test_vendored_assets_are_served_with_their_type(client: TestClient) -> None:
    for url, kind in VENDORED.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert kind in response.headers["content-type"], (url, response.headers["content-type"])
        assert len(response.content) > 100, url


def test_swagger_ui_keeps_the_strict_policy(client: TestClient) -> None:
    """Swagger UI is started by a static script, so /docs needs no inline script."""
    response = client.get("/docs")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self';" in csp and "unsafe" not in csp
    assert "<script>" not in response.text and "<style" not in response.text


def test_only_redoc_may_use_inline_styles(client: TestClient) -> None:
    """ReDoc styles itself with generated <style> elements and searches in a blob: worker;
    that page alone allows them, its scripts still come from this site only."""
    redoc = client.get("/redoc").headers["content-security-policy"]
    assert "style-src 'self' 'unsafe-inline'" in redoc and "worker-src blob:" in redoc
    assert "script-src 'self';" in redoc and "unsafe-eval" not in redoc
    assert "unsafe-inline" not in client.get("/").headers["content-security-policy"]


def test_licences_and_versions_are_vendored_with_the_assets(client: TestClient) -> None:
    for url in (
        "/static/vendor/swagger-ui/LICENSE",
        "/static/vendor/swagger-ui/NOTICE",
        "/static/vendor/redoc/LICENSE",
        "/static/vendor/VERSIONS.md",
    ):
        assert client.get(url).status_code == 200, url


def test_redoc_bundle_fetches_no_logo_from_its_cdn() -> None:
    """ReDoc 2 draws its menu logo from cdn.redoc.ly; VERSIONS.md's patch (re-applied on every
    upgrade) keeps the page from reaching out to it."""
    assert "cdn.redoc.ly" not in (VENDOR / "redoc" / "redoc.standalone.js").read_text("utf-8")


def test_swagger_try_it_out_carries_the_session_csrf_token(client: TestClient) -> None:
    """swagger-init.js sends the page's token as X-CSRF-Token, so a signed-in reader's writes
    from "Try it out" pass the CSRF check; it is the session's own token."""
    match = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/docs").text)
    assert match and match.group(1) == csrf_from(client)


def test_the_openapi_document_declares_errors_and_the_bearer_scheme(client: TestClient) -> None:
    doc = client.get("/api/v1/openapi.json").json()
    assert doc["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http",
        "scheme": "bearer",
    }
    assert {"bearerAuth": []} in doc["security"] and {} in doc["security"]
    operations = [op for item in doc["paths"].values() for op in item.values()]
    for op in operations:
        declared = set(op["responses"])
        assert {"401", "403", "404", "409", "422", "503"} <= declared, op["operationId"]
        assert op["responses"]["404"]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/ErrorOut"
        }


def test_api_date_times_carry_their_time_zone(api: Any, world: Any, session: Any) -> None:
    """SQLite stores no zone: read back naive, the moments were sent without an offset,
    which RFC 3339 (OpenAPI's date-time) refuses."""
    order = open_order(session, world)
    session.expire_all()
    body = api.get(world.requester, f"/orders/{order.slug}").json()
    for key in ("created_at",):
        assert datetime.fromisoformat(body[key]).utcoffset() is not None, body[key]
