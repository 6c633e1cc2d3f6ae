"""Background jobs of the proposals domain: reactions to order events that orders, sitting below
proposals, cannot perform themselves."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.orm import Session

from vstid.jobs.registry import handler
from vstid.jobs.runner import job_settings
from vstid.orders.service import ORDER_CANCELLED_JOB
from vstid.proposals.service import ProposalService

__all__ = ["tell_order_cancelled"]


@handler(ORDER_CANCELLED_JOB)
def tell_order_cancelled(session: Session, payload: dict[str, Any]) -> None:
    ProposalService(session, job_settings()).tell_order_cancelled(uuid.UUID(payload["order_id"]))
