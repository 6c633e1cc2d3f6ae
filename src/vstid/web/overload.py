"""Degrade under overload instead of timing out: a bounded number of requests in a web
process, and 503 with Retry-After when the database is momentarily busy.

A request that finds the process full gets an immediate 503 rather than waiting in a queue
its client will give up on; a SQLite write lock or a pool connection that cannot be had in
time ends the request with 503 too, so clients (and the load balancer) retry a moment later
and the process is healthy again as soon as the burst ends."""

from __future__ import annotations

import anyio.to_thread
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from vstid.core.i18n import gettext as _

__all__ = [
    "WRITE_RETRY",
    "AdmissionMiddleware",
    "ReadRetryMiddleware",
    "busy_response",
    "size_thread_pool",
]

RETRY_AFTER_S = 2
READS = frozenset({"GET", "HEAD"})
# Scope key of a read run again in a write transaction; the header marks (inside the app
# only) a 503 that such a run can avoid.
WRITE_RETRY = "vstid.write_retry"
_RETRY_MARK = b"x-vstid-read-retry"


def _busy_message() -> str:
    return _("The platform is busy. Please try again in a few seconds.")


def busy_response(path: str, *, retry_as_write: bool = False) -> Response:
    headers = {"Retry-After": str(RETRY_AFTER_S)}
    if retry_as_write:
        headers[_RETRY_MARK.decode()] = "1"
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
            await busy_response(scope["path"])(scope, receive, send)
            return
        self.in_flight += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.in_flight -= 1


def may_retry_as_write(scope: Scope) -> bool:
    return scope.get("method") in READS and not scope.get(WRITE_RETRY)


async def _no_body() -> Message:
    return {"type": "http.request", "body": b"", "more_body": False}


class ReadRetryMiddleware:
    """A read (GET, HEAD) runs in a transaction that takes no lock up front. When it writes
    after all (a token's or a session's last use, notifications marked read) and a writer
    committed since it began reading, SQLite refuses the write at once. Such a request runs
    once more, now in a write transaction that waits its turn; the client sees only the
    second answer. Nothing of the first stays: its transaction was rolled back, and it sits
    outside the cookie-session layer, so flash messages it read are read again."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in READS:
            await self.app(scope, receive, send)
            return
        retry = False

        async def first_send(message: Message) -> None:
            nonlocal retry
            if message["type"] == "http.response.start" and _marked(message):
                retry = True
            if not retry:
                await send(message)

        await self.app(scope, receive, first_send)
        if retry:
            await self.app({**scope, WRITE_RETRY: True}, _no_body, send)


def _marked(message: Message) -> bool:
    return any(key == _RETRY_MARK for key, _ in message.get("headers", []))


def size_thread_pool(threads: int) -> None:
    """The request thread pool matches the connection pool (called inside the event loop)."""
    anyio.to_thread.current_default_thread_limiter().total_tokens = threads
