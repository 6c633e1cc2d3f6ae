"""The admission limit: a full web process answers 503 at once instead of queueing."""

from __future__ import annotations

import anyio
import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from vstid.web.overload import AdmissionMiddleware


def _app(release: anyio.Event, entered: anyio.Event) -> AdmissionMiddleware:
    async def slow(_request: Request) -> PlainTextResponse:
        entered.set()
        await release.wait()
        return PlainTextResponse("done")

    async def fast(_request: Request) -> PlainTextResponse:
        return PlainTextResponse("ok")

    routes = [Route("/slow", slow), Route("/api/v1/fast", fast), Route("/static/x", fast)]
    return AdmissionMiddleware(Starlette(routes=routes), limit=1)


@pytest.mark.anyio
async def test_requests_beyond_the_limit_get_503_with_retry_after() -> None:
    release, entered = anyio.Event(), anyio.Event()
    app = _app(release, entered)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        async with anyio.create_task_group() as group:
            group.start_soon(client.get, "/slow")
            await entered.wait()
            busy = await client.get("/api/v1/fast")
            static = await client.get("/static/x")
            release.set()
        assert busy.status_code == 503
        assert busy.headers["retry-after"] == "2"
        assert busy.json()["error"] == "busy"
        assert static.status_code == 200, "static files are never turned away"
        assert (await client.get("/api/v1/fast")).status_code == 200, "recovers at once"
        assert app.in_flight == 0
