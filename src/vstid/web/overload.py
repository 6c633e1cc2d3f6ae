"""Degrade under overload instead of timing out: a bounded number of requests in a web
process, and 503 with Retry-After when the database is momentarily busy.

A request that finds the process full gets an immediate 503 rather than waiting in a queue
its client will give up on; a SQLite write lock or a pool connection that cannot be had in
time ends the request with 503 too, so clients (and the load balancer) retry a moment later
and the process is healthy again as soon as the burst ends."""

from __future__ import annotations

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from vstid.core.db import BUSY_ERRORS, is_busy
from vstid.core.i18n import gettext as _

__all__ = ["AdmissionMiddleware", "install_overload_handlers", "size_thread_pool"]

RETRY_AFTER_S = 2


def _busy_message() -> str:
    return _("The platform is busy. Please try again in a few seconds.")


def _busy_response(path: str) -> Response:
    headers = {"Retry-After": str(RETRY_AFTER_S)}
    if path.startswith("/api/"):
        body = {"error": "busy", "message": _busy_message()}
        return JSONResponse(body, status_code=503, headers=headers)
    return HTMLResponse(f"<p>{_busy_message()}</p>", status_code=503, headers=headers)


class AdmissionMiddleware:
    """Counts the HTTP requests in this process (static files aside) and turns away those
    beyond `limit` with 503 at once."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit
        self.in_flight = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/static/"):
            await self.app(scope, receive, send)
            return
        if self.in_flight >= self.limit:
            await _busy_response(scope["path"])(scope, receive, send)
            return
        self.in_flight += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.in_flight -= 1


async def _database_busy(request: Request, exc: Exception) -> Response:
    if not is_busy(exc):
        raise exc
    return _busy_response(request.url.path)


def install_overload_handlers(app: FastAPI) -> None:
    for error in BUSY_ERRORS:
        app.add_exception_handler(error, _database_busy)


def size_thread_pool(threads: int) -> None:
    """The request thread pool matches the connection pool (called inside the event loop)."""
    anyio.to_thread.current_default_thread_limiter().total_tokens = threads
