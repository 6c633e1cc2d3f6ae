"""ASGI middleware: pick the request's locale; add security headers."""

from __future__ import annotations

from http.cookies import SimpleCookie

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from vstid.core import i18n

__all__ = ["LOCALE_COOKIE", "LocaleMiddleware", "SecurityHeadersMiddleware"]

LOCALE_COOKIE = "vstid_lang"


class LocaleMiddleware:
    """The visible switch (a cookie) decides; without it the platform speaks its default,
    Vietnamese. Accept-Language is deliberately not used: the platform's shared language is
    Vietnamese, and every page offers the switch."""

    def __init__(self, app: ASGIApp, default_locale: str = "vi") -> None:
        self.app = app
        self.default_locale = default_locale

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            headers = Headers(scope=scope)
            cookie = SimpleCookie(headers.get("cookie", ""))
            chosen = cookie[LOCALE_COOKIE].value if LOCALE_COOKIE in cookie else None
            i18n.set_locale(chosen if chosen in i18n.SUPPORTED_LOCALES else self.default_locale)
        await self.app(scope, receive, send)


class SecurityHeadersMiddleware:
    HEADERS = (
        (b"x-content-type-options", b"nosniff"),
        (b"x-frame-options", b"DENY"),
        (b"referrer-policy", b"same-origin"),
        (
            b"content-security-policy",
            b"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            b"frame-ancestors 'none'; form-action 'self'",
        ),
    )

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        is_docs = scope["path"] in ("/docs", "/redoc")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                for key, value in self.HEADERS:
                    # Swagger UI loads its assets from a CDN; this offline build serves it bare.
                    if key == b"content-security-policy" and is_docs:
                        continue
                    if key not in present:
                        headers.append((key, value))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)
