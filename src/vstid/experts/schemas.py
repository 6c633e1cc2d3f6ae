from __future__ import annotations

import uuid

from pydantic import BaseModel, ConfigDict

__all__ = ["ExpertOut", "ExpertSummary", "PublicationOut"]


class PublicationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    title: str
    abstract: str | None
    year: int | None
    venue: str | None
    doi: str | None
    language: str | None


class ExpertSummary(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    slug: str
    display_name: str
    headline: str
    residence_country: str | None
    affiliation: str | None
    fields: list[str]
    availability: str


class ExpertOut(ExpertSummary):
    name_variants: list[str]
    languages: list[str]
    bio: str
    bio_language: str
    expertise: list[str]
    orcid: str | None
    capacity: int
    engagement_types: list[str]
    publications: list[PublicationOut]
