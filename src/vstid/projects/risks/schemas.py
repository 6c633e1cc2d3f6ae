"""Risk and risk-state input; the register's rows."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from vstid.projects.risks.models import LEVEL_WORDS, RiskState

__all__ = ["AssessmentInput", "Level", "RiskInput", "RiskOut"]


def _level(value: Any) -> Any:
    """A level on the 1–5 scale, or one of the words low, medium, high (2, 3, 4)."""
    if isinstance(value, str) and value.strip().lower() in LEVEL_WORDS:
        return LEVEL_WORDS[value.strip().lower()]
    return value


Level = Annotated[int, BeforeValidator(_level), Field(ge=1, le=5)]


class RiskInput(BaseModel):
    description: str = Field(min_length=3, max_length=4000)
    likelihood: Level
    impact: Level
    mitigation: str = Field(default="", max_length=4000)
    owner_partner_id: uuid.UUID | None = None
    raised_on: date | None = None  # today when not given


class AssessmentInput(BaseModel):
    report_id: uuid.UUID
    state: RiskState
    note: str = Field(default="", max_length=4000)


class RiskOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    description: str
    likelihood: int
    impact: int
    score: int
    mitigation: str
    owner_partner_id: uuid.UUID | None
    owner_name: str | None = None
    raised_on: date
    state: str = RiskState.open.value  # the latest recorded state
    state_note: str = ""
    state_report_id: uuid.UUID | None = None
