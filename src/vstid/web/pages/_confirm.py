"""The page that asks before a destructive action, for browsers without JavaScript (with it,
app.js asks in a dialog and this page is never seen); the texts are in `web/confirm.py`."""

from __future__ import annotations

from collections.abc import Mapping

from fastapi import Request
from fastapi.responses import Response

from vstid.core.i18n import gettext as _
from vstid.web.confirm import CONFIRMATIONS
from vstid.web.pages.base import render

__all__ = ["confirm_page"]


def confirm_page(
    request: Request, key: str, action: str, back: str, title: str,
    fields: Mapping[str, str] | None = None,
) -> Response:  # fmt: skip
    """Says what posting `action` will do; Confirm posts it again with confirmed=1 (and
    `fields`), Go back returns to `back`."""
    c = CONFIRMATIONS[key]
    return render(
        request, "confirm.html", question=_(c.question), effect=_(c.effect) % {"title": title},
        told=_(c.told), undo=_(c.undo), button=_(c.button), action=action, back=back,
        fields=dict(fields or {}),
    )  # fmt: skip
