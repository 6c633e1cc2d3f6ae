"""Helpers every page uses: the common template context and rendering."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse

from vstid.core import i18n
from vstid.web.csrf import csrf_token
from vstid.web.search import blank

__all__ = ["blank", "flash", "page_context", "redirect", "render", "safe_next"]


def flash(
    request: Request, message: str, kind: str = "info", action: dict[str, str] | None = None
) -> None:
    """A message shown once after the redirect; `action` ({"url", "label"}) adds a button that
    posts to `url`, such as the undo of what was just done."""
    entry: dict[str, Any] = {"kind": kind, "message": message}
    if action:
        entry["action"] = action
    request.session.setdefault("flash", []).append(entry)


def page_context(request: Request, **extra: Any) -> dict[str, Any]:
    messages = request.session.pop("flash", []) if "session" in request.scope else []
    return {
        "request": request,
        "user": getattr(request.state, "user", None),
        "csrf_token": csrf_token(request) if "session" in request.scope else "",
        "locale": i18n.current_locale(),
        "flashes": messages,
        **extra,
    }


def render(request: Request, template: str, status_code: int = 200, **extra: Any) -> HTMLResponse:
    templates = request.app.state.templates
    response: HTMLResponse = templates.TemplateResponse(
        request, template, page_context(request, **extra), status_code=status_code
    )
    return response


def redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def safe_next(target: str | None) -> str:
    """Only same-site relative paths, so a login link cannot bounce users to another site."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"
