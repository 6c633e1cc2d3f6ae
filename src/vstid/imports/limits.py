"""The check phase's length and character rules, read from the tables that will store the
values: a String(n) column allows n characters, so no copy of the widths can drift from the
schema. PostgreSQL refuses a longer value or a NUL (and SQLite silently keeps them), so an
import checks them all before it saves anything (issue 10, item 4)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any, cast

from annotated_types import MaxLen
from sqlalchemy import Column, Integer, Table

from vstid.core.i18n import N_
from vstid.experts.models import ExpertExternalId, ExpertProfile, Publication
from vstid.experts.schemas import ProfileInput
from vstid.hubs.models import Hub
from vstid.imports.records import ImportedProfile, ImportedWork, RowError

__all__ = ["TOO_LONG", "check_profile", "control_character", "limit_of", "text_limit"]

_PROFILE = cast(Table, ExpertProfile.__table__).c
_WORK = cast(Table, Publication.__table__).c
_KEY = cast(Table, ExpertExternalId.__table__).c
_HUB = cast(Table, Hub.__table__).c

# Imported attribute -> (the column that stores it, the name the file gives it).
_SCALARS: Mapping[str, tuple[Column[Any], str]] = {
    "source": (_KEY.scheme, "source"),
    "source_id": (_KEY.value, "id"),
    "display_name": (_PROFILE.display_name, "name"),
    "email": (_PROFILE.email, "email"),
    "orcid": (_PROFILE.orcid, "orcid"),
    "openalex_id": (_PROFILE.openalex_id, "openalex_id"),
    "residence_country": (_PROFILE.residence_country, "country"),
    "affiliation": (_PROFILE.affiliation, "affiliation"),
    "headline": (_PROFILE.headline, "headline"),
    "bio": (_PROFILE.bio, "bio"),
    "bio_language": (_PROFILE.bio_language, "profile_language"),
    "availability": (_PROFILE.availability, "availability"),
    "visibility": (_PROFILE.visibility, "visibility"),
    "hub": (_HUB.code, "hub"),
}
# List items live in JSON columns (no width) except name variants, which are names.
_LISTS: Mapping[str, Column[Any] | None] = {
    "name_variants": _PROFILE.display_name,
    "languages": None,
    "expertise": None,
    "fields": None,
    "engagement_types": None,
}
_WORKS: Mapping[str, Column[Any]] = {
    "title": _WORK.title,
    "abstract": _WORK.abstract,
    "venue": _WORK.venue,
    "doi": _WORK.doi,
    "language": _WORK.language,
    "source_key": _WORK.source_key,
}
_BY_FILE_NAME = {name: column for column, name in _SCALARS.values()}

TOO_LONG = N_("%(length)s characters, at most %(limit)s allowed")
OUT_OF_RANGE = N_("%(value)s is out of range")
# Integer is 32 bits on PostgreSQL (SQLite stores 64): the smaller is the portable range.
_INT_RANGE = range(-(2**31), 2**31)
CONTROL = N_("contains the control character %(char)s (position %(position)s)")
# Line breaks and tabs are text; every other control character (Unicode category Cc: C0, DEL,
# C1) is not, nor a lone surrogate (JSON's \ud800), which UTF-8 cannot encode.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def limit_of(column: Column[Any]) -> int | None:
    """A String(n) column's n; for unbounded text the profile form's own limit, if any."""
    length = getattr(column.type, "length", None)
    if length:
        return int(length)
    field = ProfileInput.model_fields.get(column.name)
    if field is not None and column.table is ExpertProfile.__table__:
        return next((m.max_length for m in field.metadata if isinstance(m, MaxLen)), None)
    return None


def text_limit(file_column: str) -> int | None:
    """The width of a CSV column's target, None when unbounded or unknown."""
    column = _BY_FILE_NAME.get(file_column)
    return limit_of(column) if column is not None else None


def control_character(value: str) -> int | None:
    """Index of the first character no column may hold (a regular expression: a 10,000-row
    file is checked in well under a second)."""
    found = _FORBIDDEN.search(value)
    return found.start() if found else None


def _problem(line: int, field: str, value: str, limit: int | None) -> RowError | None:
    index = control_character(value)
    if index is not None:
        char = f"U+{ord(value[index]):04X}"
        return RowError(line, field, CONTROL, {"char": char, "position": str(index + 1)})
    if limit is not None and len(value) > limit:
        return RowError(line, field, TOO_LONG, {"length": str(len(value)), "limit": str(limit)})
    return None


def _values(p: ImportedProfile) -> Iterator[tuple[str, str, int | None]]:
    for attr, (column, name) in _SCALARS.items():
        value = getattr(p, attr)
        if isinstance(value, str):
            yield name, value, limit_of(column)
    for attr, item_column in _LISTS.items():
        limit = limit_of(item_column) if item_column is not None else None
        for n, item in enumerate(getattr(p, attr) or [], start=1):
            yield f"{attr}[{n}]", item, limit
    for n, work in enumerate(p.works, start=1):
        yield from _work_values(n, work)


def _work_values(n: int, work: ImportedWork) -> Iterator[tuple[str, str, int | None]]:
    for attr, column in _WORKS.items():
        value = getattr(work, attr)
        if isinstance(value, str):
            yield f"publications[{n}].{attr}", value, limit_of(column)


def _numbers(p: ImportedProfile) -> Iterator[RowError]:
    numbers = [("capacity", p.capacity, _PROFILE.capacity)]
    numbers += [(f"publications[{n}].year", w.year, _WORK.year) for n, w in enumerate(p.works, 1)]
    for field, value, column in numbers:
        if isinstance(column.type, Integer) and value is not None and value not in _INT_RANGE:
            yield RowError(p.line, field, OUT_OF_RANGE, {"value": str(value)})


def check_profile(p: ImportedProfile) -> list[RowError]:
    """Every value of the record that its column could not store, by line and field."""
    texts = [
        problem
        for field, value, limit in _values(p)
        if (problem := _problem(p.line, field, value, limit)) is not None
    ]
    return texts + list(_numbers(p))
