"""Review input (a coordinator's assignment, a reviewer's scores, a declared conflict) and the
rows the API answers with."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal

from pydantic import BaseModel, Field

from vstid.programs.reviews.models import Recommendation

__all__ = [
    "AgencyScoresOut",
    "AssignInput",
    "ConflictOut",
    "ReasonInput",
    "ReviewInput",
    "ReviewOut",
    "SuggestionOut",
]


class AssignInput(BaseModel):
    application_id: uuid.UUID
    expert_id: uuid.UUID
    # Required only when the expert has a conflict with the application: kept and audited.
    override_reason: str | None = Field(default=None, max_length=2000)


class ReasonInput(BaseModel):
    reason: str = Field(min_length=3, max_length=2000)


class ReviewInput(BaseModel):
    """Scores 1–5 for every criterion of the call's rubric (checked against the rubric by the
    service, which names the criterion), a recommendation, a comment."""

    scores: dict[str, int] = Field(default_factory=dict)
    recommendation: Recommendation | None = None
    comment: str = Field(default="", max_length=8000)


class ConflictOut(BaseModel):
    kind: str
    reason: str


class ReviewOut(BaseModel):
    id: uuid.UUID
    application_id: uuid.UUID
    application_reference: str
    expert_id: uuid.UUID
    expert_name: str
    agency_id: uuid.UUID | None
    status: str
    match_score: float | None
    override_reason: str | None
    scores: dict[str, int]
    weighted_score: Decimal | None
    recommendation: str | None
    comment: str
    assigned_at: datetime
    due_at: datetime
    submitted_at: datetime | None
    declined_reason: str | None
    actions: list[str]


class SuggestionOut(BaseModel):
    expert_id: uuid.UUID
    name: str
    country: str | None
    score: float
    free_capacity: int
    evidence: list[str]
    conflicts: list[ConflictOut]


class AgencyScoresOut(BaseModel):
    agency_id: uuid.UUID | None
    country: str | None
    assigned: int
    done: int
    mean_weighted_score: Decimal | None
    recommendations: dict[str, int]
