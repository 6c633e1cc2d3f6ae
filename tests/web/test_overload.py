"""The admission limit: a full web process answers 503 at once instead of queueing."""

from __future__ import annotations

import anyio
import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from vstid.web.overload import (
    WRITE_RETRY,
    AdmissionMiddleware,
    ReadRetryMiddleware,
    busy_response,
)


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


def _retrying_app(calls: list[bool]) -> ReadRetryMiddleware:
    """An endpoint that loses the race on its first run as a read, as a GET that writes
    does when a writer committed meanwhile."""

    async def touchy(request: Request) -> Response:
        as_write = bool(request.scope.get(WRITE_RETRY))
        calls.append(as_write)
        if not as_write and request.query_params.get("win") != "1":
            return busy_response(request.url.path, retry_as_write=True)
        if request.query_params.get("lose") == "always":
            return busy_response(request.url.path, retry_as_write=False)
        return PlainTextResponse("written")

    app = Starlette(routes=[Route("/touch", touchy, methods=["GET", "POST"])])
    return ReadRetryMiddleware(app)


@pytest.mark.anyio
async def test_a_read_that_lost_the_race_runs_again_as_a_write() -> None:
    calls: list[bool] = []
    transport = httpx.ASGITransport(app=_retrying_app(calls))
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        answer = await client.get("/touch")
        assert answer.status_code == 200 and answer.text == "written"
        assert "x-vstid-read-retry" not in answer.headers
        assert calls == [False, True], "once as a read, once more as a write"

        calls.clear()
        lost = await client.get("/touch?lose=always")
        assert lost.status_code == 503 and "x-vstid-read-retry" not in lost.headers
        assert calls == [False, True], "a write that is still busy answers 503: no loop"

        calls.clear()
        posted = await client.post("/touch")
        assert posted.status_code == 503, "a POST is never run twice"
        assert calls == [False]
