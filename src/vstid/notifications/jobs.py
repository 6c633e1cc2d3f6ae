"""Background job: send one outbox e-mail (retried by the queue when SMTP fails)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.orm import Session

from vstid.jobs.registry import handler
from vstid.jobs.runner import job_settings
from vstid.notifications.mailer import deliver
from vstid.notifications.service import EMAIL_JOB

__all__ = ["send_email"]


@handler(EMAIL_JOB)
def send_email(session: Session, payload: dict[str, Any]) -> None:
    deliver(session, job_settings(), uuid.UUID(payload["id"]))
