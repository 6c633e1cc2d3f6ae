"""E-mail leaves the outbox through a real SMTP server (aiosmtpd on loopback), from a
background job that holds no transaction while the server answers."""

from __future__ import annotations

from collections.abc import Iterator
from email import message_from_bytes
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from tests.livesrv import free_port
from vstid.core.db import Database
from vstid.core.settings import Settings
from vstid.jobs.worker import run_pending
from vstid.notifications.models import EmailOutbox, EmailStatus
from vstid.notifications.service import Notifier


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"


@pytest.fixture
def smtp_server() -> Iterator[tuple[int, _Inbox]]:
    inbox = _Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, inbox
    finally:
        controller.stop()


def test_outbox_mail_is_delivered_by_the_job(
    database: Database, settings: Settings, smtp_server: tuple[int, _Inbox]
) -> None:
    port, inbox = smtp_server
    smtp = settings.model_copy(update={"smtp_host": "127.0.0.1", "smtp_port": port})
    with database.transaction() as s:
        row = Notifier(s, smtp).email("an@example.org", "vi", "Hello %(order)s", {"order": "Đơn A"})
        row_id = row.id
    assert run_pending(database, smtp) == 1
    assert inbox.messages and inbox.messages[0]["To"] == "an@example.org"
    assert "Đơn A" in inbox.messages[0].get_payload(decode=True).decode("utf-8")
    with database.transaction() as s:
        sent = s.get(EmailOutbox, row_id)
        assert sent is not None and sent.status == EmailStatus.sent.value and sent.attempts == 1


def test_a_refused_connection_is_retried_later_and_kept(
    database: Database, settings: Settings
) -> None:
    smtp = settings.model_copy(update={"smtp_host": "127.0.0.1", "smtp_port": free_port()})
    with database.transaction() as s:
        row_id = Notifier(s, smtp).email("b@example.org", "en", "Hi", {}).id
    run_pending(database, smtp)
    with database.transaction() as s:
        row = s.get(EmailOutbox, row_id)
        assert row is not None and row.status == EmailStatus.pending.value
        assert row.attempts == 1 and row.last_error
