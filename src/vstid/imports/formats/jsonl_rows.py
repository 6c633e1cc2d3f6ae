"""JSONL: one profile object per line, in the schema of xling-dev experts.jsonl."""

from __future__ import annotations

import json
from typing import Any

from vstid.core.i18n import N_
from vstid.imports.formats.common import from_mapping
from vstid.imports.records import (
    ImportedProfile,
    ImportedWork,
    ImportFileError,
    RowError,
    clean_text,
    normalise_doi,
)

__all__ = ["parse"]


def _works(line: int, items: Any, language: str | None) -> list[ImportedWork] | RowError:
    if items is None:
        return []
    if not isinstance(items, list):
        return RowError(line, "publications", N_("must be a list of {title, year}"))
    works = []
    for n, item in enumerate(items, start=1):
        title = clean_text(item.get("title")) if isinstance(item, dict) else ""
        if not title:
            return RowError(line, f"publications[{n}].title", N_("required"))
        year = item.get("year")
        if year is not None and not isinstance(year, int):
            return RowError(
                line,
                f"publications[{n}].year",
                N_("%(value)s is not a year"),
                {"value": repr(year)},
            )
        works.append(
            ImportedWork(
                title=title,
                year=year,
                doi=normalise_doi(item.get("doi")),
                abstract=clean_text(item.get("abstract")) or None,
                venue=clean_text(item.get("venue")) or None,
                language=language,
            )
        )
    return works


def _row(file: str, line: int, raw: str, source: str) -> ImportedProfile | RowError:
    try:
        obj = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ImportFileError(
            file, N_("malformed JSON: %(detail)s"), line=line, params={"detail": exc.msg}
        ) from exc
    if not isinstance(obj, dict):
        raise ImportFileError(file, N_("each line must be a JSON object"), line=line)
    parsed = from_mapping(line, obj, source)
    if isinstance(parsed, RowError):
        return parsed
    works = _works(line, obj.get("publications"), None)
    if isinstance(works, RowError):
        return works
    parsed.works = works
    return parsed


def parse(file: str, text: str, source: str) -> list[ImportedProfile | RowError]:
    return [
        _row(file, line, raw, source)
        for line, raw in enumerate(text.splitlines(), start=1)
        if raw.strip()
    ]
