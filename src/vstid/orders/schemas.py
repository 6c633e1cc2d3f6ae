"""Order input (shared by pages and API) and output."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from vstid.core.i18n import N_
from vstid.orders.models import Confidentiality, Currency, EngagementType

__all__ = [
    "AttachmentOut",
    "OrderInput",
    "OrderOut",
    "OrderPatch",
    "ReasonInput",
]

LANGUAGE_PATTERN = "^(vi|en|ja|ko)$"


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


def _future(value: date | None) -> date | None:
    if value is not None and value <= date.today():
        raise ValueError(N_("the deadline must be in the future"))
    return value


class OrderInput(BaseModel):
    title: str = Field(min_length=5, max_length=300)
    description: str = Field(min_length=20, max_length=20_000)
    language: str = Field(default="vi", pattern=LANGUAGE_PATTERN)
    fields: list[str] = Field(default_factory=list, max_length=10)
    budget_amount: Decimal | None = Field(default=None, ge=0, max_digits=18, decimal_places=2)
    currency: Currency = Currency.VND
    deadline: date | None = None
    engagement_type: EngagementType = EngagementType.consulting
    confidentiality: Confidentiality = Confidentiality.public
    organization_id: uuid.UUID | None = None

    _trim = field_validator("title", "description", mode="before")(_strip)
    _deadline = field_validator("deadline")(_future)


class OrderPatch(BaseModel):
    """Partial edit: only the fields sent are changed."""

    title: str | None = Field(default=None, min_length=5, max_length=300)
    description: str | None = Field(default=None, min_length=20, max_length=20_000)
    language: str | None = Field(default=None, pattern=LANGUAGE_PATTERN)
    fields: list[str] | None = Field(default=None, max_length=10)
    budget_amount: Decimal | None = Field(default=None, ge=0, max_digits=18, decimal_places=2)
    currency: Currency | None = None
    deadline: date | None = None
    engagement_type: EngagementType | None = None
    confidentiality: Confidentiality | None = None

    _trim = field_validator("title", "description", mode="before")(_strip)
    _deadline = field_validator("deadline")(_future)


class ReasonInput(BaseModel):
    reason: str = Field(min_length=5, max_length=2000)


class AttachmentOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    filename: str
    content_type: str
    size_bytes: int


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
    rejection_reason: str | None = None
    # What the caller may do to the order now (submit, approve, reject, cancel, close).
    allowed_actions: list[str] = []
