"""CSV: one profile per row, a header row naming the columns (see the README section)."""

from __future__ import annotations

import csv
import io

from vstid.core.i18n import N_
from vstid.experts.export import FORMULA_STARTS
from vstid.imports.formats.common import from_mapping
from vstid.imports.limits import text_limit
from vstid.imports.records import ImportedProfile, ImportFileError, RowError

__all__ = ["COLUMNS", "MAX_CELL_LINES", "parse"]

COLUMNS = (
    "id", "source", "name", "name_variants", "email", "orcid", "openalex_id", "country",
    "affiliation", "languages", "profile_language", "headline", "bio", "expertise", "fields",
    "capacity", "availability", "engagement_types", "visibility", "hub",
)  # fmt: skip

# A cell may hold line breaks (a bio in paragraphs), but not this many: a quote opened and
# never closed takes in every following row as text of one cell (issue 10, item 3).
MAX_CELL_LINES = 100
# A multi-line cell merely too long is the row's own error (its width); this much longer, it
# holds rows that a quote took in.
FAR_LONGER = 2
UNCLOSED_QUOTE = N_(
    "the quote opened on line %(line)s is not closed: its cell takes in %(lines)s lines "
    "(%(chars)s characters), up to line %(end)s. Close the quote and import again."
)


def _header(file: str, cells: list[str] | None) -> list[str]:
    names = [n.strip() for n in cells or []]
    if "name" not in names:
        raise ImportFileError(file, N_("the header row needs a 'name' column"), line=1)
    unknown = sorted(set(names) - set(COLUMNS))
    if unknown:
        raise ImportFileError(
            file, N_("unknown column(s): %(names)s"), line=1, params={"names": ", ".join(unknown)}
        )
    return names


def _records(file: str, text: str) -> list[tuple[int, list[str]]]:
    """Every record with the line it starts on (a quoted cell may span several lines)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    records, end = [], 0
    try:
        for cells in reader:
            records.append((end + 1, cells))
            end = reader.line_num
    except csv.Error as exc:
        raise ImportFileError(
            file, N_("malformed CSV: %(detail)s"), line=reader.line_num, params={"detail": str(exc)}
        ) from exc
    return records


def _strict_error_line(text: str) -> int | None:
    """Where a strict reading fails: a quote closed in mid-cell (`"…"x`) or the end of the file
    inside a quote. The lenient reading above accepts both, silently joining rows."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        for _ in reader:
            pass
    except csv.Error:
        return reader.line_num
    return None


def _check_quotes(
    file: str, names: list[str], records: list[tuple[int, list[str]]], strict_line: int | None
) -> None:
    """Refuses the file when a cell looks like a quote left open: it runs past the line where
    a strict reading fails, spans MAX_CELL_LINES lines or more, or is a multi-line cell more
    than FAR_LONGER times as long as its column allows. The error names the line where the
    quote opened."""
    for start, cells in records:
        line = start
        for name, cell in zip([*names, *[""] * len(cells)], cells, strict=False):
            breaks = cell.count("\n")
            if breaks:
                limit = text_limit(name)
                if (
                    breaks >= MAX_CELL_LINES
                    or (strict_line is not None and line <= strict_line <= line + breaks)
                    or (limit is not None and len(cell) > FAR_LONGER * limit)
                ):
                    raise ImportFileError(
                        file,
                        UNCLOSED_QUOTE,
                        line=line,
                        params={"line": line, "lines": breaks + 1, "chars": len(cell),
                                "end": line + breaks},
                    )  # fmt: skip
            line += breaks


def _unneutralise(cell: str) -> str:
    """Takes off the quote our export puts before a cell a spreadsheet would run ('=…)."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS) else cell


def parse(file: str, text: str, source: str) -> list[ImportedProfile | RowError]:
    records = _records(file, text)
    names = _header(file, records[0][1] if records else None)
    body = [(line, cells) for line, cells in records[1:] if cells]  # blank lines are no rows
    _check_quotes(file, names, body, _strict_error_line(text))
    out: list[ImportedProfile | RowError] = []
    for line, cells in body:
        if len(cells) > len(names):
            out.append(RowError(line, "row", N_("more cells than header columns")))
            continue
        row = dict(zip(names, map(_unneutralise, cells), strict=False))
        out.append(from_mapping(line, row, source))
    return out
