"""Liveness, readiness and metrics for operators and load balancers (not part of the API)."""

from __future__ import annotations

import secrets

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from vstid.ops.service import OpsService
from vstid.web.deps import ClientIp, SessionDep, SettingsDep

__all__ = ["ops_router"]

ops_router = APIRouter(include_in_schema=False)
LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})


@ops_router.get("/healthz")
def healthz() -> JSONResponse:
    """Alive: the process answers. Touches nothing else, so a busy database never gets a
    healthy process restarted."""
    return JSONResponse({"status": "alive"}, headers={"Cache-Control": "no-store"})


@ops_router.get("/readyz")
def readyz(session: SessionDep) -> JSONResponse:
    """Ready to serve: the database answers. Warnings name what an operator should look at."""
    state = OpsService(session).readiness()
    body = {
        "status": "ready" if state.ready else "unavailable",
        "database": state.database,
        "index_version": state.index_version,
        "queued_jobs": state.queued_jobs,
        "oldest_job_age_s": round(state.oldest_job_age_s, 1),
        "warnings": list(state.warnings),
    }
    return JSONResponse(
        body, status_code=200 if state.ready else 503, headers={"Cache-Control": "no-store"}
    )


@ops_router.get("/metrics")
def metrics(request: Request, settings: SettingsDep, ip: ClientIp) -> Response:
    """Prometheus text format. With `metrics_token` set, scrapers send it as a bearer token;
    without it, only this machine may read the figures."""
    expected = settings.metrics_token
    given = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
    allowed = secrets.compare_digest(given, expected) if expected else ip in LOOPBACK
    if not allowed:
        return Response(status_code=404)
    body = generate_latest(request.app.state.metrics_registry)
    return Response(body, media_type=CONTENT_TYPE_LATEST, headers={"Cache-Control": "no-store"})
