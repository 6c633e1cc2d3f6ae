"""The user's notifications, and the unread badge in the navigation (an HTMX fragment)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from vstid.notifications.service import Notifier, render_text
from vstid.web.deps import CurrentUser, OptionalUser, PageDep, SessionDep, SettingsDep
from vstid.web.pages.base import redirect, render

__all__ = ["router"]

router = APIRouter()


@router.get("/notifications")
def notifications(
    request: Request, session: SessionDep, settings: SettingsDep, user: CurrentUser, params: PageDep
) -> Response:
    notifier = Notifier(session, settings)
    page = notifier.page(user, params)
    texts = {n.id: render_text(n.message, n.params) for n in page.items}
    unread = {n.id for n in page.items if n.read_at is None}
    notifier.mark_all_read(user)  # seen now; the page still marks what was new
    return render(request, "notifications/list.html", page=page, texts=texts, unread=unread)


@router.post("/notifications/read")
def mark_all_read(session: SessionDep, settings: SettingsDep, user: CurrentUser) -> Response:
    Notifier(session, settings).mark_all_read(user)
    return redirect("/notifications")


@router.get("/notifications/badge")
def badge(session: SessionDep, settings: SettingsDep, user: OptionalUser) -> Response:
    count = Notifier(session, settings).unread_count(user) if user else 0
    html = f'<span class="count" data-testid="unread-count">{count}</span>' if count else ""
    return HTMLResponse(html)


@router.get("/admin/outbox")
def outbox(
    request: Request, session: SessionDep, settings: SettingsDep, user: CurrentUser
) -> Response:
    rows = Notifier(session, settings).outbox_for_admin(user)
    return render(request, "notifications/outbox.html", rows=rows, smtp=bool(settings.smtp_host))
