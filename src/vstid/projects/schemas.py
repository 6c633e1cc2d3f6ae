"""Project input given when a proposal is accepted, and project output."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field, model_validator

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
    partners: list[PartnerInput] = Field(default_factory=list, max_length=20)
    milestones: list[MilestoneInput] = Field(min_length=1, max_length=50)
    funding: list[FundingInput] = Field(default_factory=list, max_length=20)

    @model_validator(mode="after")
    def _consistent(self) -> ProjectInput:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValueError(N_("end_date: the project cannot end before it starts"))
        shares = [self.requester_share_percent, self.expert_share_percent]
        if _total(shares + [p.share_percent for p in self.partners]) > 100:
            raise ValueError(N_("partners: ownership shares add up to more than 100%"))
        if _total([f.share_percent for f in self.funding]) > 100:
            raise ValueError(N_("funding: funding shares add up to more than 100%"))
        return self


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
