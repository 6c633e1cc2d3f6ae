"""Report rule, narrative and decision input; report output."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from vstid.projects.reports.models import DEFAULT_DUE_DAYS, Anchor, Frequency

__all__ = [
    "DecisionInput",
    "Language",
    "NarrativeInput",
    "ReportDetailOut",
    "ReportOut",
    "ReportRuleInput",
    "ReportRuleOut",
    "SectionOut",
]

Language = Literal["vi", "en", "ja", "ko"]


class ReportRuleInput(BaseModel):
    frequency: Frequency
    anchor: Anchor = Anchor.project_start
    # Reports for one funder: a partner of the project with the funder role, or a name.
    funder_partner_id: uuid.UUID | None = None
    funder_name: str | None = Field(default=None, max_length=300)
    due_days: int = Field(default=DEFAULT_DUE_DAYS, ge=0, le=365)


class NarrativeInput(BaseModel):
    # {"vi": "…", "ja": "…"}: the languages given replace their text; an empty text removes it
    narratives: dict[Language, Annotated[str, Field(max_length=50000)]] = Field(
        default_factory=dict
    )
    source_language: Language | None = None

    def cleaned(self) -> dict[str, str]:
        return {lang: text.strip() for lang, text in self.narratives.items()}


class DecisionInput(BaseModel):
    comment: str = Field(default="", max_length=4000)


class _Row(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class ReportRuleOut(_Row):
    id: uuid.UUID
    frequency: str
    anchor: str
    funder_partner_id: uuid.UUID | None
    funder_name: str | None
    due_days: int


class ReportOut(_Row):
    id: uuid.UUID
    project_id: uuid.UUID
    number: int
    funder_name: str | None
    period_start: date
    period_end: date
    due_date: date
    status: str
    overdue: bool = False
    narratives: dict[str, str]
    source_language: str | None
    submitted_at: datetime | None
    decided_at: datetime | None
    decision_comment: str | None
    allowed_actions: list[str] = Field(default_factory=list)


class SectionOut(BaseModel):
    key: str
    title: str
    columns: list[str]
    rows: list[list[Any]]
    notes: list[str]


class ReportDetailOut(ReportOut):
    frozen: bool = False
    sections: list[SectionOut] = Field(default_factory=list)
