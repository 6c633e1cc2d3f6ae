"""Validated input for editing a hub (shared by pages and API)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from vstid.core.i18n import N_

__all__ = ["LANGUAGES", "HubOut", "HubUpdate"]

LANGUAGES = ("vi", "en", "ja", "ko")


def _texts(value: dict[str, str], *, required: bool, limit: int) -> dict[str, str]:
    unknown = set(value) - set(LANGUAGES)
    if unknown:
        raise ValueError(N_("only the languages vi, en, ja and ko are known"))
    cleaned = {lang: (value.get(lang) or "").strip() for lang in LANGUAGES}
    if required and not all(cleaned.values()):
        raise ValueError(N_("give a text in each language: vi, en, ja and ko"))
    if any(len(text) > limit for text in cleaned.values()):
        raise ValueError(N_("a text is too long"))
    return {lang: text for lang, text in cleaned.items() if text}


class HubUpdate(BaseModel):
    """A hub's name (required in every language) and description (optional, per language)."""

    name: dict[str, str]
    description: dict[str, str] = Field(default_factory=dict)

    @field_validator("name")
    @classmethod
    def _name(cls, v: dict[str, str]) -> dict[str, str]:
        return _texts(v, required=True, limit=200)

    @field_validator("description")
    @classmethod
    def _description(cls, v: dict[str, str]) -> dict[str, str]:
        return _texts(v, required=False, limit=4000)


class HubOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    code: str
    country: str
    name: dict[str, str]
    description: dict[str, str]
    is_pilot: bool
