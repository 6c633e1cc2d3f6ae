"""Notification endpoints: the caller's notifications, newest first."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from vstid.core.pagination import PageParams
from vstid.notifications.schemas import NotificationOut
from vstid.notifications.service import Notifier, render_text
from vstid.web.api.schemas import PageOut
from vstid.web.deps import CurrentUser, PageDep, SessionDep, SettingsDep

__all__ = ["router"]

router = APIRouter(tags=["notifications"])


@router.get("/notifications", response_model=PageOut[NotificationOut])
def notifications(
    user: CurrentUser, session: SessionDep, settings: SettingsDep, params: PageDep
) -> Any:
    page = Notifier(session, settings).page(user, PageParams(params.page, params.size))
    items = [
        NotificationOut(
            id=n.id,
            kind=n.kind,
            text=render_text(n.message, n.params),
            link=n.link,
            created_at=n.created_at,
            read=n.read_at is not None,
        )
        for n in page.items
    ]
    return PageOut.of(page, items)
