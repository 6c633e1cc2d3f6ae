"""Background job: send one outbox e-mail (retried by the queue when SMTP fails)."""

from __future__ import annotations

import uuid
from typing import Any

from vstid.core.db import Database
from vstid.core.settings import Settings
from vstid.notifications.mailer import deliver_detached

__all__ = ["send_email"]


def send_email(database: Database, settings: Settings, payload: dict[str, Any]) -> None:
    deliver_detached(database, settings, uuid.UUID(payload["id"]))
