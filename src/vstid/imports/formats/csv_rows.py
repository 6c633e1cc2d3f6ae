"""CSV: one profile per row, a header row naming the columns (see the README section)."""

from __future__ import annotations

import csv
import io

from vstid.core.i18n import N_
from vstid.imports.formats.common import from_mapping
from vstid.imports.records import ImportedProfile, ImportFileError, RowError

__all__ = ["COLUMNS", "parse"]

COLUMNS = (
    "id", "source", "name", "name_variants", "email", "orcid", "openalex_id", "country",
    "affiliation", "languages", "profile_language", "headline", "bio", "expertise", "fields",
    "capacity", "availability", "engagement_types", "visibility", "hub",
)  # fmt: skip


def _header(file: str, reader: csv.DictReader[str]) -> None:
    names = [n.strip() for n in reader.fieldnames or []]
    if "name" not in names:
        raise ImportFileError(file, N_("the header row needs a 'name' column"), line=1)
    unknown = sorted(set(names) - set(COLUMNS))
    if unknown:
        raise ImportFileError(
            file, N_("unknown column(s): %(names)s"), line=1, params={"names": ", ".join(unknown)}
        )
    reader.fieldnames = names


def _numbered_rows(file: str, reader: csv.DictReader[str]) -> list[tuple[int, dict[str, str]]]:
    """Rows with the line each starts on (a quoted cell may span several lines)."""
    rows, end = [], reader.line_num
    try:
        for row in reader:
            rows.append((end + 1, row))
            end = reader.line_num
    except csv.Error as exc:
        raise ImportFileError(
            file, N_("malformed CSV: %(detail)s"), line=reader.line_num, params={"detail": str(exc)}
        ) from exc
    return rows


def parse(file: str, text: str, source: str) -> list[ImportedProfile | RowError]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    _header(file, reader)
    out: list[ImportedProfile | RowError] = []
    for line, row in _numbered_rows(file, reader):
        if None in row:
            out.append(RowError(line, "row", N_("more cells than header columns")))
            continue
        out.append(from_mapping(line, row, source))
    return out
