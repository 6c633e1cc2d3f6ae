"""Synchronizer-token CSRF protection for every state-changing request made with a session cookie.

Forms carry the token in a hidden `csrf_token` field; HTMX and fetch send `X-CSRF-Token`.
API requests authenticated by a bearer token, or carrying no session cookie at all, have no
ambient credentials for a forged request to ride on, and are exempt.
"""

from __future__ import annotations

from fastapi import Request

from vstid.core.errors import Forbidden
from vstid.core.i18n import N_
from vstid.core.security import constant_time_equals, new_token

__all__ = ["csrf_token", "verify_csrf"]

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}
SESSION_KEY = "csrf"
SESSION_COOKIE = "vstid_session"


def csrf_token(request: Request) -> str:
    token = request.session.get(SESSION_KEY)
    if not isinstance(token, str):
        token = new_token(24)
        request.session[SESSION_KEY] = token
    return token


async def verify_csrf(request: Request) -> None:
    if request.method in SAFE_METHODS:
        return
    if request.headers.get("authorization", "").lower().startswith("bearer "):
        return
    if request.url.path.startswith("/api/") and SESSION_COOKIE not in request.cookies:
        return  # no cookie, no ambient authority for a forged request to ride on
    expected = request.session.get(SESSION_KEY)
    sent = request.headers.get("x-csrf-token")
    if sent is None and "form" in request.headers.get("content-type", ""):
        form = await request.form()
        value = form.get("csrf_token")
        sent = value if isinstance(value, str) else None
    if not isinstance(expected, str) or not sent or not constant_time_equals(expected, sent):
        raise Forbidden(
            N_("the form expired or was not sent from this site; reload the page and try again")
        )
