"""FastAPI application factory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from vstid import __version__
from vstid.core.db import Database
from vstid.core.settings import Settings, get_settings
from vstid.jobs.worker import BackgroundWorker
from vstid.web.api.router import api_router
from vstid.web.docs import OPENAPI_URL, docs_router, install_openapi
from vstid.web.errors import install_error_handlers
from vstid.web.middleware import LocaleMiddleware, SecurityHeadersMiddleware
from vstid.web.observability import RequestContextMiddleware, configure_logging, make_registry
from vstid.web.ops import ops_router
from vstid.web.overload import AdmissionMiddleware, ReadRetryMiddleware, size_thread_pool
from vstid.web.pages.router import pages_router
from vstid.web.templating import make_templates

__all__ = ["create_app"]

STATIC_DIR = Path(__file__).resolve().parent / "static"


def create_app(settings: Settings | None = None, database: Database | None = None) -> FastAPI:
    settings = settings or get_settings()
    database = database or Database(settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        size_thread_pool(settings.request_threads)
        configure_logging(settings.resolved_log_format)
        worker = BackgroundWorker(database, settings) if settings.worker_in_process else None
        if worker is not None:
            worker.start()
        yield
        if worker is not None:
            worker.stop()
        database.dispose()

    app = FastAPI(
        title="V-STID API",
        version=__version__,
        description="Orders, experts and organizations of the V-STID research channel.",
        openapi_url=OPENAPI_URL,
        docs_url=None,  # /docs and /redoc are web/docs.py: vendored assets, no CDN
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.database = database
    app.state.templates = make_templates()

    app.add_middleware(SecurityHeadersMiddleware, hsts_max_age_s=settings.hsts_max_age_s)
    # `request.session` is a signed cookie holding only the CSRF token and the one-time flash
    # messages; who is signed in is the server-side session (the opaque `vstid_session`
    # cookie, accounts/sessions.py), never this cookie.
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.resolved_secret_key(),
        session_cookie="vstid_state",
        max_age=settings.session_max_age_s,
        same_site="lax",
        https_only=settings.cookies_secure,
    )
    # Added just before the locale middleware, it runs inside it (a 503 in the reader's
    # language) and before the session layer (a full process does no session work at all).
    app.add_middleware(ReadRetryMiddleware)  # outside the cookie session: a retry reads it anew
    app.add_middleware(AdmissionMiddleware, limit=settings.max_pending_requests)
    app.add_middleware(LocaleMiddleware, default_locale=settings.default_locale)
    registry, latency = make_registry(database)
    app.state.metrics_registry = registry
    app.add_middleware(RequestContextMiddleware, latency=latency)  # times all that follows
    if settings.trusted_proxy_list:
        # outermost: the client address and scheme are settled before anything reads them
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=settings.trusted_proxy_list)
    install_error_handlers(app)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.include_router(api_router)
    app.include_router(docs_router)
    app.include_router(ops_router)
    app.include_router(pages_router)
    install_openapi(app)
    return app
