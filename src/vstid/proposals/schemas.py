from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from vstid.orders.models import Currency
from vstid.proposals.models import ProposalStatus

__all__ = ["CommentInput", "ProposalInput", "ProposalOut", "StageInput"]


class ProposalInput(BaseModel):
    approach: str = Field(min_length=20, max_length=20_000)
    team: list[str] = Field(default_factory=list, max_length=30)
    timeline: str = Field(default="", max_length=4000)
    cost_amount: Decimal | None = Field(default=None, ge=0, max_digits=18, decimal_places=2)
    currency: Currency = Currency.VND
    trl: int | None = Field(default=None, ge=1, le=9, description="Technology readiness level")

    @field_validator("team", mode="before")
    @classmethod
    def _team(cls, value: object) -> object:
        if isinstance(value, str):  # one name per line from a form textarea
            return [line.strip() for line in value.splitlines() if line.strip()]
        return value

    @field_validator("team")
    @classmethod
    def _names(cls, value: list[str]) -> list[str]:
        return [name.strip()[:200] for name in value if name.strip()]


class StageInput(BaseModel):
    stage: ProposalStatus


class CommentInput(BaseModel):
    body: str = Field(min_length=1, max_length=4000)


class ProposalOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    order_id: uuid.UUID
    expert_id: uuid.UUID
    approach: str
    team: list[str]
    timeline: str
    cost_amount: Decimal | None
    currency: str
    trl: int | None
    status: str
    created_at: datetime
