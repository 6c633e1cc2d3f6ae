from __future__ import annotations

import uuid

from pydantic import BaseModel, ConfigDict, Field, field_validator

from vstid.core.i18n import N_
from vstid.core.text import normalise_doi, normalise_orcid
from vstid.experts.models import ENGAGEMENT_TYPES, Availability, Visibility

__all__ = ["ExpertOut", "ExpertSummary", "ProfileInput", "PublicationInput", "PublicationOut"]


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
    translations: dict[str, dict[str, str]]
    publications: list[PublicationOut]


def _clean_list(values: list[str]) -> list[str]:
    return list(dict.fromkeys(v.strip() for v in values if v and v.strip()))


class PublicationInput(BaseModel):
    title: str = Field(min_length=2, max_length=1000)
    year: int | None = Field(default=None, ge=1900, le=2100)
    venue: str | None = Field(default=None, max_length=300)
    doi: str | None = Field(default=None, max_length=200)
    abstract: str | None = None
    language: str | None = Field(default=None, max_length=5)
    source_key: str | None = None

    @field_validator("doi")
    @classmethod
    def _doi(cls, v: str | None) -> str | None:
        if not v or not v.strip():
            return None
        doi = normalise_doi(v)
        if doi is None:
            raise ValueError(N_("not a DOI (it starts with 10.)"))
        return doi


class ProfileInput(BaseModel):
    """Everything an expert edits on the profile form (and the API accepts)."""

    display_name: str = Field(min_length=2, max_length=200)
    name_variants: list[str] = Field(default_factory=list, max_length=20)
    residence_country: str | None = None
    affiliation: str | None = Field(default=None, max_length=300)
    languages: list[str] = Field(default_factory=list)
    headline: str = Field(default="", max_length=300)
    bio: str = Field(default="", max_length=10000)
    bio_language: str = Field(default="en", pattern="^(vi|en|ja|ko)$")
    translations: dict[str, dict[str, str]] = Field(default_factory=dict)
    expertise: list[str] = Field(default_factory=list, max_length=40)
    fields: list[str] = Field(default_factory=list)
    orcid: str | None = None
    capacity: int = Field(default=1, ge=0, le=20)
    availability: Availability = Availability.available
    engagement_types: list[str] = Field(default_factory=list)
    visibility: Visibility = Visibility.public

    @field_validator("name_variants", "expertise", "languages", "fields", "engagement_types")
    @classmethod
    def _lists(cls, v: list[str]) -> list[str]:
        return _clean_list(v)

    @field_validator("residence_country")
    @classmethod
    def _country(cls, v: str | None) -> str | None:
        if not v or not v.strip():
            return None
        if len(v.strip()) != 2 or not v.strip().isalpha():
            raise ValueError(N_("use a two-letter country code such as JP"))
        return v.strip().upper()

    @field_validator("orcid")
    @classmethod
    def _orcid(cls, v: str | None) -> str | None:
        if not v or not v.strip():
            return None
        orcid = normalise_orcid(v)
        if orcid is None:
            raise ValueError(N_("not a valid ORCID iD (0000-0000-0000-0000)"))
        return orcid

    @field_validator("engagement_types")
    @classmethod
    def _engagements(cls, v: list[str]) -> list[str]:
        unknown = set(v) - set(ENGAGEMENT_TYPES)
        if unknown:
            raise ValueError(N_("unknown engagement type"))
        return v

    @field_validator("translations")
    @classmethod
    def _translations(cls, v: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
        kept = {}
        for lang, texts in v.items():
            texts = {
                k: t.strip() for k, t in texts.items() if k in ("headline", "bio") and t.strip()
            }
            if lang in ("vi", "en", "ja", "ko") and texts:
                kept[lang] = texts
        return kept
