"""The API documentation: /docs (Swagger UI) and /redoc (ReDoc), served from copies vendored
under static/vendor/ (versions and licences in vendor/VERSIONS.md), so they work offline and
no reader's browser is sent to a CDN."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.openapi.docs import get_redoc_html
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse

from vstid.web.csrf import csrf_token
from vstid.web.middleware import content_security_policy

__all__ = ["OPENAPI_URL", "docs_router", "install_openapi"]

OPENAPI_URL = "/api/v1/openapi.json"
TITLE = "V-STID API"
VENDOR = "/static/vendor"
# ReDoc styles itself with generated <style> elements and builds its search index in a blob:
# worker. Only /redoc allows those; its scripts, like everyone's, come from this site alone.
REDOC_CSP = content_security_policy(style_src="'self' 'unsafe-inline'", worker_src="blob:")

docs_router = APIRouter(include_in_schema=False)


@docs_router.get("/docs", response_class=HTMLResponse)
def swagger_ui(request: Request) -> HTMLResponse:
    """Swagger UI is started by static/js/swagger-init.js, so the page keeps the site's policy.
    The CSRF token lets a signed-in reader's "Try it out" writes pass, as HTMX's do."""
    context = {"title": TITLE, "openapi_url": OPENAPI_URL, "csrf_token": csrf_token(request)}
    response: HTMLResponse = request.app.state.templates.TemplateResponse(
        request, "api_docs/swagger.html", context
    )
    return response


@docs_router.get("/redoc", response_class=HTMLResponse)
def redoc() -> HTMLResponse:
    response = get_redoc_html(
        openapi_url=OPENAPI_URL,
        title=f"{TITLE} · ReDoc",
        redoc_js_url=f"{VENDOR}/redoc/redoc.standalone.js",
        redoc_favicon_url="/static/favicon.svg",
        with_google_fonts=False,
    )
    response.headers["content-security-policy"] = REDOC_CSP
    return response


def install_openapi(app: FastAPI) -> None:
    """The generated document plus how to authenticate: a bearer token from
    POST /api/v1/auth/token (or the site's session cookie with X-CSRF-Token on writes).
    Security is optional per operation ({} allowed): public reads need no token, and each
    operation's 401/403 say when one is missing or not enough."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(
                title=app.title, version=app.version, description=app.description,
                routes=app.routes,
            )  # fmt: skip
            schema.setdefault("components", {})["securitySchemes"] = {
                "bearerAuth": {"type": "http", "scheme": "bearer"}
            }
            schema["security"] = [{"bearerAuth": []}, {}]
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
