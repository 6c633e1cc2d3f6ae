"""Background jobs of the proposals domain (wired to their kinds in vstid.jobs): reactions to
order events that orders, sitting below proposals, cannot perform themselves."""

from __future__ import annotations

import uuid
from typing import Any

from vstid.core.db import Database
from vstid.core.settings import Settings
from vstid.proposals.service import ProposalService

__all__ = ["tell_order_cancelled"]


def tell_order_cancelled(database: Database, settings: Settings, payload: dict[str, Any]) -> None:
    with database.transaction() as session:
        ProposalService(session, settings).tell_order_cancelled(uuid.UUID(payload["order_id"]))
