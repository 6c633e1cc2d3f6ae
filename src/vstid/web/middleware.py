"""ASGI middleware: pick the request's locale; add security headers."""

from __future__ import annotations

from http.cookies import SimpleCookie

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from vstid.core import i18n

__all__ = [
    "LOCALE_COOKIE",
    "LocaleMiddleware",
    "SecurityHeadersMiddleware",
    "content_security_policy",
]

LOCALE_COOKIE = "vstid_lang"

CSP_DIRECTIVES = {
    "default-src": "'self'",
    "img-src": "'self' data:",
    "style-src": "'self'",
    "script-src": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}


def content_security_policy(**changes: str) -> str:
    """The site's policy, with some directives changed for one response (`worker_src="blob:"`
    sets worker-src). A response that sets its own policy keeps it; every other gets the site's."""
    directives = CSP_DIRECTIVES | {k.replace("_", "-"): v for k, v in changes.items()}
    return "; ".join(f"{name} {value}" for name, value in directives.items())


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
        (b"content-security-policy", content_security_policy().encode()),
    )

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                for key, value in self.HEADERS:
                    if key not in present:
                        headers.append((key, value))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)
