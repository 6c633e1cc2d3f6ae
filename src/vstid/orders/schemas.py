from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from pydantic import BaseModel, ConfigDict

__all__ = ["OrderOut"]


class OrderOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    slug: str
    title: str
    description: str
    language: str
    fields: list[str]
    budget_amount: Decimal | None
    currency: str
    deadline: date | None
    engagement_type: str
    confidentiality: str
    status: str
    organization_id: uuid.UUID
    created_at: datetime
