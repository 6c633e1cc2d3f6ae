"""ASGI middleware: pick the request's locale; add security headers."""

from __future__ import annotations

from http.cookies import SimpleCookie

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from vstid.core import i18n
from vstid.web.csrf import SESSION_COOKIE

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


# The platform uses no camera, microphone, location, payment or USB: no page may ask.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


def _signed_in(scope: Scope) -> bool:
    """A bearer token or a sign-in session cookie: the answer is someone's own data."""
    headers = Headers(scope=scope)
    if SESSION_COOKIE in SimpleCookie(headers.get("cookie", "")):
        return True
    return headers.get("authorization", "").lower().startswith("bearer ")


class SecurityHeadersMiddleware:
    HEADERS = (
        (b"x-content-type-options", b"nosniff"),
        (b"x-frame-options", b"DENY"),
        (b"referrer-policy", b"same-origin"),
        (b"content-security-policy", content_security_policy().encode()),
        (b"permissions-policy", PERMISSIONS_POLICY.encode()),
    )

    def __init__(self, app: ASGIApp, hsts_max_age_s: int = 0) -> None:
        self.app = app
        self.hsts = f"max-age={hsts_max_age_s}; includeSubDomains".encode()
        self.hsts_max_age_s = hsts_max_age_s

    def _extra(self, scope: Scope) -> list[tuple[bytes, bytes]]:
        extra = []
        if self.hsts_max_age_s and scope.get("scheme") == "https":
            extra.append((b"strict-transport-security", self.hsts))
        # a signed-in answer must not stay in a shared or back-button cache after sign-out
        if not scope.get("path", "").startswith("/static/") and _signed_in(scope):
            extra.append((b"cache-control", b"no-store"))
        return extra

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                private = self._extra(scope)
                if any(k == b"cache-control" for k, _ in private):  # no-store wins
                    headers = [(k, v) for k, v in headers if k.lower() != b"cache-control"]
                    present.discard(b"cache-control")
                for key, value in (*self.HEADERS, *private):
                    if key not in present:
                        headers.append((key, value))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)
