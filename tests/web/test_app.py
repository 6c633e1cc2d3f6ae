"""The application as a whole: OpenAPI, the error pages and JSON errors, security headers."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_openapi_is_served(client: TestClient) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/orders" in spec["paths"]
    assert client.get("/docs").status_code == 200


def test_unknown_records_are_404(client: TestClient) -> None:
    for path in ("/api/v1/orders/nope", "/api/v1/experts/nope", "/api/v1/organizations/nope"):
        assert client.get(path).status_code == 404


def test_unknown_page_is_a_translated_404(client: TestClient) -> None:
    response = client.get("/orders/no-such-order")
    assert response.status_code == 404
    assert "404" in response.text and '<html lang="vi">' in response.text


def test_security_headers(client: TestClient) -> None:
    response = client.get("/")
    assert response.headers["x-frame-options"] == "DENY"
    assert "default-src 'self'" in response.headers["content-security-policy"]
