"""Delivers outbox e-mails over SMTP (settings.smtp_host). Without a host, mail stays in the
outbox table for an operator to read."""

from __future__ import annotations

import smtplib
import uuid
from datetime import timedelta
from email.message import EmailMessage

from sqlalchemy.orm import Session

from vstid.core.models import utcnow
from vstid.core.settings import Settings
from vstid.notifications.models import EmailOutbox, EmailStatus
from vstid.notifications.repository import EmailOutboxRepository

__all__ = ["MAX_ATTEMPTS", "deliver", "deliver_pending"]


def _message(row: EmailOutbox, sender: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = row.to_address
    msg["Subject"] = row.subject
    msg.set_content(row.body)
    return msg


MAX_ATTEMPTS = 3


def _retry_later(session: Session, row: EmailOutbox) -> None:
    from vstid.jobs.service import enqueue
    from vstid.notifications.service import EMAIL_JOB

    delay = timedelta(minutes=2 * 4 ** (row.attempts - 1))
    enqueue(session, EMAIL_JOB, {"id": str(row.id)}, run_after=utcnow() + delay)


def deliver(session: Session, settings: Settings, outbox_id: uuid.UUID) -> bool:
    row = EmailOutboxRepository(session).get(outbox_id)
    if row is None or row.status != EmailStatus.pending.value or not settings.smtp_host:
        return False
    row.attempts += 1
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=20) as smtp:
            smtp.send_message(_message(row, settings.smtp_sender))
    except (OSError, smtplib.SMTPException) as exc:
        # Kept, not raised: raising would roll back the attempt count with the transaction.
        row.last_error = str(exc)[:2000]
        if row.attempts >= MAX_ATTEMPTS:
            row.status = EmailStatus.failed.value
        else:
            _retry_later(session, row)
        return False
    row.status = EmailStatus.sent.value
    row.sent_at = utcnow()
    return True


def deliver_pending(session: Session, settings: Settings) -> int:
    return sum(
        deliver(session, settings, row.id) for row in EmailOutboxRepository(session).pending()
    )
