"""What every parser produces: a profile record or a row error, both with a line number; and the
normalisers for identifiers whose real-world spellings vary (DOIs, ORCID iDs, countries)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field

from vstid.core.text import clean_text, normalise_doi, normalise_orcid

__all__ = [
    "ImportFileError",
    "ImportedProfile",
    "ImportedWork",
    "RowError",
    "clean_text",
    "normalise_doi",
    "normalise_orcid",
]


class ImportFileError(Exception):
    """The file as a whole cannot be read (encoding, JSON syntax, unknown shape): nothing is
    imported from it."""

    def __init__(
        self,
        file: str,
        message: str,
        *,
        line: int | None = None,
        params: Mapping[str, object] | None = None,
    ) -> None:
        """`message` is an N_-marked id; `params` fill its %(name)s placeholders."""
        self.params = dict(params or {})
        where = f"{file}, line {line}" if line else file
        super().__init__(f"{where}: {message % self.params if self.params else message}")
        self.file = file
        self.line = line
        self.message = message


@dataclass(frozen=True)
class RowError:
    """`message` is an N_-marked id that pages translate; `params` fill its placeholders."""

    line: int
    field: str
    message: str
    params: Mapping[str, str] = dataclasses.field(default_factory=dict, compare=False, hash=False)

    @property
    def text(self) -> str:
        """The English message with its values filled in (the CLI's language)."""
        return self.message % self.params if self.params else self.message

    def __str__(self) -> str:
        return f"line {self.line}, field {self.field}: {self.text}"


@dataclass
class ImportedWork:
    title: str
    year: int | None = None
    doi: str | None = None
    abstract: str | None = None
    venue: str | None = None
    language: str | None = None
    source_key: str | None = None


@dataclass
class ImportedProfile:
    """Only fields the source actually carried are set; None means 'leave as it is'."""

    line: int
    source: str
    source_id: str | None
    display_name: str
    name_variants: list[str] = field(default_factory=list)
    email: str | None = None
    orcid: str | None = None
    openalex_id: str | None = None
    residence_country: str | None = None
    affiliation: str | None = None
    languages: list[str] | None = None
    headline: str | None = None
    bio: str | None = None
    bio_language: str | None = None
    expertise: list[str] | None = None
    fields: list[str] | None = None
    capacity: int | None = None
    availability: str | None = None
    engagement_types: list[str] | None = None
    visibility: str | None = None
    hub: str | None = None
    works: list[ImportedWork] = field(default_factory=list)
    # OpenAlex works files carry no person: their works attach to these author ids.
    attach_to_openalex: list[str] = field(default_factory=list)

    @property
    def natural_key(self) -> str:
        if self.source_id:
            return f"{self.source}:{self.source_id}"
        for scheme, value in (
            ("orcid", self.orcid),
            ("openalex", self.openalex_id),
            ("email", self.email),
        ):
            if value:
                return f"{scheme}:{value}"
        return f"line:{self.line}"
