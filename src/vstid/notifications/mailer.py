"""Delivers outbox e-mails over SMTP (settings.smtp_host). Without a host, mail stays in the
outbox table for an operator to read."""

from __future__ import annotations

import smtplib
import uuid
from datetime import timedelta
from email.message import EmailMessage

from sqlalchemy.orm import Session

from vstid.core.db import Database
from vstid.core.models import utcnow
from vstid.core.queue.kinds import JobKind
from vstid.core.queue.service import enqueue
from vstid.core.settings import Settings
from vstid.notifications.models import EmailOutbox, EmailStatus
from vstid.notifications.repository import EmailOutboxRepository

__all__ = ["MAX_ATTEMPTS", "deliver", "deliver_detached", "deliver_pending"]


def _message(row: EmailOutbox, sender: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = row.to_address
    msg["Subject"] = row.subject
    msg.set_content(row.body)
    return msg


MAX_ATTEMPTS = 3


def _retry_later(session: Session, row: EmailOutbox) -> None:
    delay = timedelta(minutes=2 * 4 ** (row.attempts - 1))
    kind = JobKind.notifications_email
    enqueue(session, kind, {"id": str(row.id)}, run_after=utcnow() + delay)


def _send(settings: Settings, message: EmailMessage) -> str | None:
    """One SMTP delivery; the error text, or None when the server took the message."""
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=20) as smtp:
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        return str(exc)[:2000] or exc.__class__.__name__
    return None


def _record(session: Session, row: EmailOutbox, error: str | None) -> bool:
    if error is None:
        row.status = EmailStatus.sent.value
        row.sent_at = utcnow()
        return True
    # Kept, not raised: raising would roll back the attempt count with the transaction.
    row.last_error = error
    if row.attempts >= MAX_ATTEMPTS:
        row.status = EmailStatus.failed.value
    else:
        _retry_later(session, row)
    return False


def _claim(session: Session, settings: Settings, outbox_id: uuid.UUID) -> EmailMessage | None:
    row = EmailOutboxRepository(session).get(outbox_id)
    if row is None or row.status != EmailStatus.pending.value or not settings.smtp_host:
        return None
    row.attempts += 1
    return _message(row, settings.smtp_sender)


def deliver(session: Session, settings: Settings, outbox_id: uuid.UUID) -> bool:
    """Send within the caller's transaction (CLI and tests)."""
    message = _claim(session, settings, outbox_id)
    if message is None:
        return False
    row = EmailOutboxRepository(session).get_or_404(outbox_id, "e-mail")
    return _record(session, row, _send(settings, message))


def deliver_detached(database: Database, settings: Settings, outbox_id: uuid.UUID) -> bool:
    """Send with no transaction open while the SMTP server answers (up to 20 s): on SQLite an
    open transaction would hold the write lock for every web request meanwhile."""
    with database.transaction() as session:
        message = _claim(session, settings, outbox_id)
    if message is None:
        return False
    error = _send(settings, message)
    with database.transaction() as session:
        row = EmailOutboxRepository(session).get_or_404(outbox_id, "e-mail")
        return _record(session, row, error)


def deliver_pending(session: Session, settings: Settings) -> int:
    return sum(
        deliver(session, settings, row.id) for row in EmailOutboxRepository(session).pending()
    )
