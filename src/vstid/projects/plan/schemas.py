"""Work packages and plan items in and out. A due date is given one way: a month of the
project or a fixed date, never both, never neither."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from vstid.core.i18n import N_
from vstid.projects.models import MAX_DURATION_MONTHS
from vstid.projects.plan.models import PlanItemKind

__all__ = [
    "ActionInput",
    "PlanItemInput",
    "PlanItemOut",
    "PlanItemUpdate",
    "WorkPackageInput",
    "WorkPackageOut",
]

Month = int


class WorkPackageInput(BaseModel):
    code: str = Field(min_length=1, max_length=20)
    title: str = Field(min_length=2, max_length=300)
    lead_partner_id: uuid.UUID | None = None
    start_month: Month = Field(ge=1, le=MAX_DURATION_MONTHS)
    end_month: Month = Field(ge=1, le=MAX_DURATION_MONTHS)

    @field_validator("end_month")
    @classmethod
    def _ends_after_start(cls, end: int, info: ValidationInfo) -> int:
        start = info.data.get("start_month")
        if start is not None and end < start:
            raise ValueError(N_("a work package cannot end before it starts"))
        return end


class _ItemFields(BaseModel):
    code: str = Field(min_length=1, max_length=20)
    title: str = Field(min_length=2, max_length=300)
    description: str = Field(default="", max_length=4000)
    due_month: Month | None = Field(default=None, ge=1, le=MAX_DURATION_MONTHS)
    # validated when absent too: neither form of due date is an error
    due_date: date | None = Field(default=None, validate_default=True)

    @field_validator("due_date")
    @classmethod
    def _one_due_form(cls, due: date | None, info: ValidationInfo) -> date | None:
        month = info.data.get("due_month")
        if month is not None and due is not None:
            raise ValueError(N_("give either a month of the project or a date, not both"))
        if month is None and due is None and "due_month" in info.data:
            raise ValueError(N_("give a due date: a month of the project or a date"))
        return due


class PlanItemInput(_ItemFields):
    work_package_id: uuid.UUID
    kind: PlanItemKind


class PlanItemUpdate(_ItemFields):
    work_package_id: uuid.UUID


class ActionInput(BaseModel):
    comment: str = Field(default="", max_length=4000)


class PlanItemOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    work_package_id: uuid.UUID
    kind: str
    code: str
    title: str
    description: str
    due_month: int | None
    due_date: date | None
    effective_due_date: date | None
    status: str
    overdue: bool
    allowed_actions: list[str]
    status_changed_by_id: uuid.UUID | None
    status_changed_at: datetime | None
    status_comment: str | None
    submitted_at: datetime | None
    decided_by_id: uuid.UUID | None
    decided_at: datetime | None
    decision_comment: str | None
    file_name: str | None


class WorkPackageOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    project_id: uuid.UUID
    code: str
    title: str
    lead_partner_id: uuid.UUID | None
    start_month: int
    end_month: int
    position: int
    items: list[PlanItemOut]
