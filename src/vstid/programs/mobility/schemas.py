"""Input and output of mobility records. Every refusal names its field: the planned return
("planned_return"), the person ("person_name"), the host country ("host_country")…; checks
across fields are field validators, so pydantic reports them with the field's name."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from vstid.core.i18n import N_
from vstid.programs.calls.models import CareerStage
from vstid.programs.mobility.models import EvidenceKind
from vstid.projects.results.models import Degree
from vstid.projects.results.schemas import check_country, check_url

__all__ = [
    "AggregateOut",
    "DepartInput",
    "DiscontinueInput",
    "EvidenceInput",
    "EvidenceOut",
    "ExtendInput",
    "MobilityFilters",
    "MobilityInput",
    "MobilityOut",
    "OutcomeInput",
    "ReturnInput",
    "Sex",
    "TimelineOut",
]


class Sex(StrEnum):
    female = "female"
    male = "male"
    other = "other"
    undisclosed = "undisclosed"  # stored as no value: the person chose not to say


def _country(value: str | None) -> str | None:
    return check_country(value)


def _required_country(value: str | None) -> str:
    code = check_country(value)
    if code is None:
        raise ValueError(N_("choose a country"))
    return code


def _text(value: str | None) -> str | None:
    return value.strip() or None if value is not None else None


class MobilityInput(BaseModel):
    """A stay abroad as the program's staff record it. The person is an existing expert
    profile (`expert_id`, or its `expert_slug`), or a name for whom a new, unclaimed profile
    is made in the program's hub."""

    expert_id: uuid.UUID | None = None
    expert_slug: str | None = Field(default=None, max_length=300)
    person_name: str | None = Field(default=None, max_length=200)
    sex: Sex | None = None
    nationality: str = "VN"
    career_stage: CareerStage | None = None
    field: str | None = Field(default=None, max_length=60)
    home_organization_id: uuid.UUID | None = None
    home_institution: str | None = Field(default=None, max_length=300)
    home_country: str = "VN"
    host_organization_id: uuid.UUID | None = None
    host_institution: str | None = Field(default=None, max_length=300)
    host_country: str | None = Field(default=None, validate_default=True)
    supervisor: str = Field(default="", max_length=200)
    planned_departure: date | None = None
    planned_return: date | None = None
    call_id: uuid.UUID | None = None
    application_id: uuid.UUID | None = None

    _strip = field_validator(
        "expert_slug", "person_name", "field", "home_institution", "host_institution"
    )(_text)

    @field_validator("nationality", "home_country")
    @classmethod
    def _countries(cls, value: str) -> str:
        return _required_country(value)

    @field_validator("host_country")
    @classmethod
    def _host(cls, value: str | None, info: ValidationInfo) -> str | None:
        # without it, the host organization's country is taken (checked by the service)
        return _country(value)

    @field_validator("supervisor")
    @classmethod
    def _supervisor(cls, value: str) -> str:
        return value.strip()

    @field_validator("planned_return")
    @classmethod
    def _after_departure(cls, value: date | None, info: ValidationInfo) -> date | None:
        start = info.data.get("planned_departure")
        if value is not None and start is not None and value <= start:
            raise ValueError(N_("the planned return must come after the planned departure"))
        return value


class DepartInput(BaseModel):
    """The actual departure. Departure evidence is required: a link here, a file sent with
    the page's form, or evidence of kind "departure" already on the record."""

    departed_on: date
    evidence_url: str | None = Field(default=None, max_length=1000)
    note: str = Field(default="", max_length=300)

    _url = field_validator("evidence_url")(check_url)


class ExtendInput(BaseModel):
    planned_return: date
    reason: str = Field(min_length=3, max_length=2000)


class ReturnInput(BaseModel):
    returned_on: date
    evidence_url: str | None = Field(default=None, max_length=1000)
    note: str = Field(default="", max_length=300)

    _url = field_validator("evidence_url")(check_url)


class DiscontinueInput(BaseModel):
    reason: str = Field(min_length=3, max_length=2000)


class OutcomeInput(BaseModel):
    """What came after the return: where the person went next, and the degree obtained."""

    next_destination: str | None = Field(default=None, max_length=300)
    next_country: str | None = None
    degree_obtained: Degree | None = None

    _strip = field_validator("next_destination")(_text)
    _country = field_validator("next_country")(_country)


class EvidenceInput(BaseModel):
    kind: EvidenceKind
    note: str = Field(default="", max_length=300)
    url: str | None = Field(default=None, max_length=1000)

    _url = field_validator("url")(check_url)


class MobilityFilters(BaseModel):
    status: str | None = None
    host_country: str | None = None
    sex: str | None = None
    field: str | None = None
    year: int | None = Field(default=None, ge=1900, le=2200)  # of departure

    def query(self) -> dict[str, Any]:
        return {k: v for k, v in self.model_dump().items() if v not in (None, "")}


class _Row(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class EvidenceOut(_Row):
    id: uuid.UUID
    kind: str
    note: str
    url: str | None
    file_name: str | None
    file_type: str | None
    file_size: int | None
    uploaded_at: datetime


class TimelineOut(BaseModel):
    at: datetime
    action: str
    status: str | None
    data: dict[str, Any]


class MobilityOut(_Row):
    id: uuid.UUID
    program_id: uuid.UUID
    call_id: uuid.UUID | None
    application_id: uuid.UUID | None
    expert_id: uuid.UUID | None
    person_name: str
    sex: str | None
    nationality: str
    career_stage: str | None
    field: str | None
    home_organization_id: uuid.UUID | None
    home_institution: str
    home_country: str
    host_organization_id: uuid.UUID | None
    host_institution: str
    host_country: str
    supervisor: str
    planned_departure: date | None
    planned_return: date | None
    departed_on: date | None
    returned_on: date | None
    status: str
    status_changed_at: datetime | None
    status_reason: str | None
    next_destination: str | None
    next_country: str | None
    degree_obtained: str | None
    evidence: list[EvidenceOut]
    allowed_actions: list[str] = Field(default_factory=list)


class AggregateOut(BaseModel):
    """What anyone who may read the program sees: counts, never a name."""

    total: int
    by_status: dict[str, int]
    by_host_country: dict[str, int]
    by_field: dict[str, int]
