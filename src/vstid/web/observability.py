"""Request ids, structured logs and Prometheus metrics of a web process.

Each request gets an id (the caller's X-Request-ID when it is a sane token, else a new one),
echoed in the response and carried by every log line written while it runs. Latency is
measured per route template, never per raw path, so ids in URLs cannot blow up the series."""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from collections.abc import Iterator
from contextvars import ContextVar
from datetime import UTC, datetime

from prometheus_client import CollectorRegistry, Histogram
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from vstid import __version__
from vstid.core.db import Database
from vstid.ops.service import OpsService

__all__ = [
    "DatabaseCollector",
    "RequestContextMiddleware",
    "configure_logging",
    "current_request_id",
    "make_registry",
]

_REQUEST_ID: ContextVar[str] = ContextVar("vstid_request_id", default="-")
_SANE_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
access_log = logging.getLogger("vstid.access")


def current_request_id() -> str:
    return _REQUEST_ID.get()


class _RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _REQUEST_ID.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id and any `extra`."""

    SKIP = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message"}

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry |= {k: v for k, v in vars(record).items() if k not in self.SKIP}
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def configure_logging(fmt: str) -> None:
    """`json` for log collectors, `text` for people; both carry the request id."""
    handler = logging.StreamHandler()
    handler.addFilter(_RequestIdFilter())
    if fmt == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")
        )
    root = logging.getLogger()
    root.handlers = [h for h in root.handlers if not getattr(h, "vstid", False)]
    handler.vstid = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    # Our own lines at INFO (one per request); libraries only when they warn.
    logging.getLogger("vstid").setLevel(logging.INFO)


def _route_of(scope: Scope) -> str:
    route = scope.get("route")
    path = getattr(route, "path", None)
    if path is None:
        return "/static" if scope["path"].startswith("/static/") else "unmatched"
    return str(path)


class RequestContextMiddleware:
    def __init__(self, app: ASGIApp, latency: Histogram) -> None:
        self.app = app
        self.latency = latency

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        asked = _header(scope, b"x-request-id")
        request_id = asked if asked and _SANE_ID.match(asked) else uuid.uuid4().hex
        token = _REQUEST_ID.set(request_id)
        status = 500
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [
                    *message.get("headers", []),
                    (b"x-request-id", request_id.encode()),
                ]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            seconds = time.perf_counter() - started
            route = _route_of(scope)
            self.latency.labels(scope["method"], route, str(status)).observe(seconds)
            access_log.info(
                "%s %s %s",
                scope["method"],
                scope["path"],
                status,
                extra={"route": route, "status": status, "duration_ms": round(seconds * 1000, 1)},
            )
            _REQUEST_ID.reset(token)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return str(value.decode("latin-1"))
    return None


class DatabaseCollector(Collector):
    """Figures read from the database at scrape time (the same on every app server)."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def collect(self) -> Iterator[Metric]:
        with self.database.transaction(read_only=True) as session:
            snapshot = OpsService(session).snapshot()
        queued = GaugeMetricFamily("vstid_jobs_queued", "Jobs waiting to run", labels=["kind"])
        age = GaugeMetricFamily(
            "vstid_jobs_oldest_age_seconds", "Age of the oldest waiting job", labels=["kind"]
        )
        for entry in snapshot.backlog:
            queued.add_metric([entry.kind], entry.queued)
            age.add_metric([entry.kind], entry.oldest_age_s)
        yield queued
        yield age
        yield GaugeMetricFamily(
            "vstid_index_version", "Published version of the matching index", snapshot.index_version
        )
        yield GaugeMetricFamily(
            "vstid_index_experts", "Experts in the matching index", snapshot.index_experts
        )
        if snapshot.last_build_s is not None:
            yield GaugeMetricFamily(
                "vstid_index_last_build_seconds",
                "Duration of the last full index build",
                snapshot.last_build_s,
            )
        yield GaugeMetricFamily(
            "vstid_sign_in_failures_15m",
            "Failed sign-ins in the last 15 minutes",
            snapshot.sign_in_failures,
        )
        info = GaugeMetricFamily("vstid_info", "Version of V-STID", labels=["version"])
        info.add_metric([__version__], 1)
        yield info


def make_registry(database: Database) -> tuple[CollectorRegistry, Histogram]:
    """A registry per app (tests build many apps in one process)."""
    registry = CollectorRegistry(auto_describe=False)
    latency = Histogram(
        "vstid_http_request_duration_seconds",
        "Time to answer an HTTP request",
        ["method", "route", "status"],
        registry=registry,
    )
    registry.register(DatabaseCollector(database))
    return registry, latency
