"""Telling people: an in-app notification and an e-mail in the outbox, in the recipient's
language. The e-mail leaves later, in a background job, never inside the request. Never commits."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy.orm import Session

from vstid.accounts.models import Role, User
from vstid.accounts.permissions import require_role
from vstid.core import i18n  # pure gettext over the .po catalogs; no web framework involved
from vstid.core.errors import NotFound
from vstid.core.i18n import N_
from vstid.core.models import utcnow
from vstid.core.pagination import Page, PageParams
from vstid.core.queue.kinds import JobKind
from vstid.core.queue.service import enqueue
from vstid.core.settings import Settings
from vstid.notifications.models import EmailOutbox, Notification
from vstid.notifications.repository import EmailOutboxRepository, NotificationRepository

__all__ = ["Notifier", "render_text"]


@contextmanager
def _locale(locale: str) -> Iterator[None]:
    previous = i18n.current_locale()
    i18n.set_locale(locale)
    try:
        yield
    finally:
        i18n.set_locale(previous)


def render_text(message: str, params: dict[str, Any]) -> str:
    """Translates in the current locale; a broken translation falls back to English."""
    try:
        return i18n.gettext(message) % params
    except (KeyError, TypeError, ValueError):
        return message % params


class Notifier:
    def __init__(self, session: Session, settings: Settings) -> None:
        self.session = session
        self.settings = settings
        self.repo = NotificationRepository(session)
        self.outbox = EmailOutboxRepository(session)

    def notify(
        self,
        user: User,
        message: str,
        params: dict[str, Any],
        *,
        kind: str,
        link: str = "",
        ref: str | None = None,
        email: bool = True,
    ) -> Notification:
        note = self.repo.add(
            Notification(
                user_id=user.id, kind=kind, message=message, params=params, link=link, ref=ref
            )
        )
        if email:
            self.email(user.email, user.locale, message, params, link)
        return note

    def email(
        self, address: str, locale: str, message: str, params: dict[str, Any], link: str = ""
    ) -> EmailOutbox:
        with _locale(locale):
            text = render_text(message, params)
            footer = i18n.gettext("Open V-STID to see the details:")
        if link.startswith("/"):
            link = self.settings.base_url.rstrip("/") + link  # a mail client has no base
        body = f"{text}\n\n{footer} {link}\n" if link else f"{text}\n"
        row = self.outbox.add(
            EmailOutbox(to_address=address, subject=f"[V-STID] {text}"[:300], body=body)
        )
        if self.settings.smtp_host:
            kind = JobKind.notifications_email
            enqueue(self.session, kind, {"id": str(row.id)}, dedupe_key=f"email:{row.id}")
        return row

    def outbox_for_admin(self, user: User | None) -> list[EmailOutbox]:
        """Read the outgoing mail where no SMTP server is configured (admins only)."""
        require_role(user, Role.admin)
        return self.outbox.recent()

    def page(self, user: User, params: PageParams) -> Page[Notification]:
        return self.repo.paginate(self.repo.for_user(user.id), params)

    def unread_count(self, user: User) -> int:
        return self.repo.unread_count(user.id)

    def mark_read(self, user: User, note_id: uuid.UUID) -> Notification:
        note = self.repo.get(note_id)
        if note is None or note.user_id != user.id:
            raise NotFound(N_("notification not found"))
        note.read_at = note.read_at or utcnow()
        return note

    def mark_all_read(self, user: User) -> None:
        self.repo.mark_all_read(user.id, utcnow())
