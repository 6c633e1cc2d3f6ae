"""Validated input for changing the taxonomy (shared by pages and API)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from vstid.core.i18n import N_

__all__ = ["LANGUAGES", "FieldCreate", "FieldLabels", "FieldMove", "FieldOut"]

LANGUAGES = ("vi", "en", "ja", "ko")


class FieldLabels(BaseModel):
    """A field's label in each of the four languages, all required: the taxonomy is what
    readers of every hub choose from."""

    labels: dict[str, str]

    @field_validator("labels")
    @classmethod
    def _labels(cls, v: dict[str, str]) -> dict[str, str]:
        if set(v) - set(LANGUAGES):
            raise ValueError(N_("only the languages vi, en, ja and ko are known"))
        cleaned = {lang: (v.get(lang) or "").strip() for lang in LANGUAGES}
        if not all(cleaned.values()):
            raise ValueError(N_("give a label in each language: vi, en, ja and ko"))
        if any(len(text) > 200 for text in cleaned.values()):
            raise ValueError(N_("a label is too long"))
        return cleaned


class FieldCreate(FieldLabels):
    code: str = Field(min_length=2, max_length=60, pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    parent: str | None = Field(default=None, max_length=60)


class FieldMove(BaseModel):
    parent: str | None = Field(default=None, max_length=60)  # None: to the top level


class FieldOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    code: str
    parent_code: str | None
    labels: dict[str, str]
    position: int
    deprecated: bool
