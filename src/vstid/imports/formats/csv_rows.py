"""CSV: one profile per row, a header row naming the columns (see the README section)."""

from __future__ import annotations

import csv
import io

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
        raise ImportFileError(file, "the header row needs a 'name' column", line=1)
    unknown = sorted(set(names) - set(COLUMNS))
    if unknown:
        raise ImportFileError(file, f"unknown column(s): {', '.join(unknown)}", line=1)
    reader.fieldnames = names


def parse(file: str, text: str, source: str) -> list[ImportedProfile | RowError]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        _header(file, reader)
        rows = list(reader)
    except csv.Error as exc:
        raise ImportFileError(file, f"malformed CSV: {exc}", line=reader.line_num) from exc
    out: list[ImportedProfile | RowError] = []
    # line numbers as a spreadsheet shows them; quoted multi-line cells make this approximate
    for line, row in enumerate(rows, start=2):
        if None in row:
            out.append(RowError(line, "row", "more cells than header columns"))
            continue
        out.append(from_mapping(line, row, source))
    return out
