"""Project input given when a proposal is accepted, and project output."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from vstid.core.i18n import N_
from vstid.orders.models import Currency
from vstid.projects.models import PartnerSide

__all__ = [
    "FundingInput",
    "MilestoneInput",
    "PartnerInput",
    "ProjectInput",
    "ProjectOut",
]

Percent = Decimal


class MilestoneInput(BaseModel):
    title: str = Field(min_length=2, max_length=300)
    due_date: date
    deliverable: str = Field(default="", max_length=4000)


class FundingInput(BaseModel):
    source: str = Field(min_length=2, max_length=300)
    amount: Decimal = Field(gt=0, max_digits=18, decimal_places=2)
    currency: Currency
    share_percent: Percent | None = Field(default=None, ge=0, le=100, decimal_places=2)


class PartnerInput(BaseModel):
    name: str = Field(min_length=2, max_length=300)
    side: PartnerSide
    country: str | None = Field(default=None, pattern="^[A-Z]{2}$")
    share_percent: Percent | None = Field(default=None, ge=0, le=100, decimal_places=2)


def _total(shares: list[Percent | None]) -> Percent:
    return sum((s for s in shares if s is not None), Decimal(0))


class ProjectInput(BaseModel):
    title: str | None = Field(default=None, max_length=300)
    start_date: date | None = None
    end_date: date | None = None
    requester_share_percent: Percent | None = Field(default=None, ge=0, le=100)
    expert_share_percent: Percent | None = Field(default=None, ge=0, le=100)
    # validated when absent too: the two sides' shares alone may exceed 100%
    partners: list[PartnerInput] = Field(default_factory=list, max_length=20, validate_default=True)
    milestones: list[MilestoneInput] = Field(min_length=1, max_length=50)
    funding: list[FundingInput] = Field(default_factory=list, max_length=20)

    # Checks across fields are field validators (run in declaration order, each seeing the
    # fields before it), not one model validator: pydantic then reports every problem of the
    # form at once, instead of the cross-field ones only after all fields are valid, one a time.
    @field_validator("end_date")
    @classmethod
    def _ends_after_start(cls, end: date | None, info: ValidationInfo) -> date | None:
        start = info.data.get("start_date")
        if start and end and end < start:
            raise ValueError(N_("the project cannot end before it starts"))
        return end

    @field_validator("partners")
    @classmethod
    def _ownership(cls, partners: list[PartnerInput], info: ValidationInfo) -> list[PartnerInput]:
        shares = [info.data.get("requester_share_percent"), info.data.get("expert_share_percent")]
        if _total(shares + [p.share_percent for p in partners]) > 100:
            raise ValueError(N_("ownership shares add up to more than 100%"))
        return partners

    @field_validator("funding")
    @classmethod
    def _funding_shares(cls, funding: list[FundingInput]) -> list[FundingInput]:
        if _total([f.share_percent for f in funding]) > 100:
            raise ValueError(N_("funding shares add up to more than 100%"))
        return funding


class _Row(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class PartnerOut(_Row):
    name: str
    side: str
    country: str | None
    share_percent: Decimal | None


class MilestoneOut(_Row):
    id: uuid.UUID
    title: str
    deliverable: str
    due_date: date
    status: str


class FundingOut(_Row):
    source: str
    amount: Decimal
    currency: str
    share_percent: Decimal | None


class ProjectOut(_Row):
    id: uuid.UUID
    order_id: uuid.UUID
    proposal_id: uuid.UUID
    title: str
    status: str
    start_date: date | None
    end_date: date | None
    partners: list[PartnerOut]
    milestones: list[MilestoneOut]
    funding: list[FundingOut]
