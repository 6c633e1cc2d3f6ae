"""What the decisions part takes (an agency's position, the joint decision) and shows."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from vstid.programs.reviews.models import Position
from vstid.rates.models import Currency

__all__ = ["DecisionInput", "DecisionOut", "PositionInput", "PositionOut"]


class PositionInput(BaseModel):
    """An agency's position. A member of one owner agency may leave `agency_id` out; staff
    recording for an agency name it and say so in the note."""

    agency_id: uuid.UUID | None = None
    position: Position
    # What the agency grants if funded, in its currency (the call's ceiling for the agency
    # is the most it may be).
    amount: Decimal | None = Field(default=None, ge=0, max_digits=18, decimal_places=2)
    currency: Currency | None = None
    note: str = Field(default="", max_length=4000)


class DecisionInput(BaseModel):
    decision: Literal["award", "reject"]
    reason: str = Field(default="", max_length=4000)


class _Row(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class PositionOut(_Row):
    id: uuid.UUID
    application_id: uuid.UUID
    agency_id: uuid.UUID
    agency_country: str = ""
    agency_name: str = ""
    position: str
    amount: Decimal | None
    currency: str | None
    note: str
    decided_by_id: uuid.UUID | None
    decided_at: datetime


class DecisionOut(_Row):
    id: uuid.UUID
    application_id: uuid.UUID
    decision: str
    reason: str
    decided_by_id: uuid.UUID | None
    decided_at: datetime
    letter_language: str
    project_id: uuid.UUID | None = None
    mobility_id: uuid.UUID | None = None
    positions: list[PositionOut] = Field(default_factory=list)
