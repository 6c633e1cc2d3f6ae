"""Background job: send one outbox e-mail (retried by the queue when SMTP fails)."""

from __future__ import annotations

import uuid
from typing import Any

from vstid.core.db import Database
from vstid.jobs.registry import long_handler
from vstid.jobs.runner import job_settings
from vstid.notifications.mailer import deliver_detached
from vstid.notifications.service import EMAIL_JOB

__all__ = ["send_email"]


@long_handler(EMAIL_JOB)
def send_email(database: Database, payload: dict[str, Any]) -> None:
    deliver_detached(database, job_settings(), uuid.UUID(payload["id"]))
