"""Background jobs: send one outbox e-mail (retried by the queue when SMTP fails); tell people
about an organization's lifecycle (organizations sit below notifications, so they queue it)."""

from __future__ import annotations

import uuid
from typing import Any

from vstid.accounts.models import User
from vstid.core.db import Database
from vstid.core.settings import Settings
from vstid.notifications.mailer import deliver_detached
from vstid.notifications.repository import RecipientRepository
from vstid.notifications.service import Notifier

__all__ = ["send_email", "tell_organization_news"]


def send_email(database: Database, settings: Settings, payload: dict[str, Any]) -> None:
    deliver_detached(database, settings, uuid.UUID(payload["id"]))


def _audience(recipients: RecipientRepository, payload: dict[str, Any]) -> list[User]:
    """Who hears: one user, the hub's coordinators, or the organization's admins (and, when
    it has none, the hub's coordinators decide in their place)."""
    audience = payload["audience"]
    if audience == "user":
        found = recipients.user(uuid.UUID(payload["user_id"]))
        return [found] if found else []
    if audience == "org_admins":
        admins = recipients.organization_admins(uuid.UUID(payload["organization_id"]))
        if admins or "hub_id" not in payload:
            return admins
    return recipients.hub_coordinators(uuid.UUID(payload["hub_id"]))


def tell_organization_news(database: Database, settings: Settings, payload: dict[str, Any]) -> None:
    with database.transaction() as session:
        notifier = Notifier(session, settings)
        for user in _audience(RecipientRepository(session), payload):
            notifier.notify(
                user, payload["message"], payload["params"], kind="organization",
                link=payload["link"], email=False,
            )  # fmt: skip
