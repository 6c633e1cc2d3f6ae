"""One place renders every error: JSON under /api, a translated page everywhere else."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.routing import iter_route_contexts
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from vstid.core import i18n
from vstid.core.db import BUSY_ERRORS, is_busy
from vstid.core.errors import DomainError, RateLimited, Unauthorized
from vstid.core.i18n import N_
from vstid.core.i18n import gettext as _
from vstid.web.middleware import LOCALE_COOKIE
from vstid.web.overload import busy_response, may_retry_as_write
from vstid.web.pages.base import page_context
from vstid.web.validation import Translate, field_of, validation_message

__all__ = ["domain_error_response", "install_error_handlers"]

log = logging.getLogger(__name__)
INTERNAL = N_("Something went wrong on our side. The error is logged; please try again later.")


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _render_page(request: Request, status: int, message: str) -> Response:
    templates = request.app.state.templates
    template = {403: "errors/403.html", 404: "errors/404.html"}.get(status, "errors/error.html")
    return templates.TemplateResponse(
        request, template, page_context(request, status=status, message=message), status_code=status
    )


def _api_translate(request: Request) -> Translate:
    """The API answers in the language the client asked for (the site's cookie, else
    Accept-Language); a client that asks for none gets the English message ids, as before."""
    if LOCALE_COOKIE in request.cookies:
        return _
    asked = i18n.parse_accept_language(request.headers.get("accept-language"))
    if asked is None:
        return str
    i18n.set_locale(asked)
    return _


async def _domain_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, DomainError)
    return domain_error_response(request, exc)


def domain_error_response(request: Request, exc: DomainError) -> Response:
    """The answer to a domain error. A route returns it (instead of raising) when what it
    wrote must still commit, such as a failed sign-in counted by the rate limit."""
    headers = {"Retry-After": str(exc.retry_after_s)} if isinstance(exc, RateLimited) else None
    if _is_api(request):
        body = exc.as_dict(_api_translate(request))
        return JSONResponse(body, status_code=exc.status, headers=headers)
    if isinstance(exc, Unauthorized) and request.method == "GET":
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
    response = _render_page(request, exc.status, exc.render(_))
    if headers:
        response.headers.update(headers)
    return response


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    translate = _api_translate(request) if _is_api(request) else _
    errors = [
        {"field": field_of(e), "message": validation_message(e, translate)} for e in exc.errors()
    ]
    if _is_api(request):
        first = errors[0] if errors else {"field": "request", "message": "invalid"}
        return JSONResponse(
            {
                "error": "validation_failed",
                "message": first["message"],
                "field": first["field"],
                "errors": errors,
            },
            status_code=422,
        )
    text = " ".join(e["message"] for e in errors)
    return _render_page(request, 422, text)


def _allowed_methods(request: Request) -> str:
    """Every method some route serves at this path: a path's GET and POST are often two
    routes, and Starlette's own Allow names only the first one it tried."""
    methods: set[str] = set()
    for route in iter_route_contexts(request.app.router.routes):
        match, _child = route.matches(request.scope)
        if match is not Match.NONE:
            methods.update(route.methods or ())
    if "GET" in methods:
        methods.add("HEAD")
    return ", ".join(sorted(methods))


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        headers["Allow"] = _allowed_methods(request) or headers.get("Allow", "")
    if _is_api(request):
        return JSONResponse(
            {"error": "http_error", "message": str(exc.detail)},
            status_code=exc.status_code,
            headers=headers,
        )
    message = _("Page not found") if exc.status_code == 404 else str(exc.detail)
    response = _render_page(request, exc.status_code, message)
    response.headers.update(headers)
    return response


async def _unexpected(request: Request, exc: Exception) -> Response:
    """The last resort: logged with its traceback, answered in the site's own error format
    (JSON for the API, the error page otherwise), never as a bare text/plain 500."""
    log.error("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    if _is_api(request):
        translate = _api_translate(request)
        body = {"error": "internal_error", "message": translate(INTERNAL)}
        return JSONResponse(body, status_code=500)
    try:
        return _render_page(request, 500, _(INTERNAL))
    except Exception:  # the page itself failed (its template, the viewer): plain HTML then
        log.exception("the error page failed too")
        return HTMLResponse(f"<!doctype html><title>500</title><p>{_(INTERNAL)}</p>", 500)


async def _database_error(request: Request, exc: Exception) -> Response:
    """A database momentarily busy (a lock not had in time, a pool exhausted) is a 503 the
    client retries; any other database failure is unexpected."""
    if is_busy(exc):
        return busy_response(request.url.path, retry_as_write=may_retry_as_write(request.scope))
    return await _unexpected(request, exc)


def install_error_handlers(app: FastAPI) -> None:
    for error in BUSY_ERRORS:
        app.add_exception_handler(error, _database_error)
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)
