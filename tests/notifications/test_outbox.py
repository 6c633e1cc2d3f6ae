"""E-mail without an SMTP server waits in the outbox, readable by admins."""

from __future__ import annotations

from sqlalchemy.orm import Session

from tests.world import World
from vstid.core.settings import Settings
from vstid.notifications import mailer
from vstid.notifications.models import EmailStatus
from vstid.notifications.service import Notifier


def test_email_waits_in_the_outbox_without_an_smtp_server(
    session: Session, world: World, settings: Settings
) -> None:
    """Delivery through a real SMTP server is in test_smtp.py."""
    row = Notifier(session, settings).email(
        "x@example.org", "vi", "Hello %(order)s", {"order": "A"}
    )
    assert row.status == EmailStatus.pending.value and not mailer.deliver(session, settings, row.id)
    assert row.attempts == 0
