"""One small parser per file format; `parse` picks one by name or by sniffing the content."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from vstid.core.i18n import N_
from vstid.imports.formats import csv_rows, jsonl_rows, openalex, orcid
from vstid.imports.records import ImportedProfile, ImportFileError, RowError

__all__ = ["FORMATS", "decode", "detect_format", "parse"]

Parsed = list[ImportedProfile | RowError]
FORMATS: dict[str, Callable[[str, str, str], Parsed]] = {
    "csv": csv_rows.parse,
    "jsonl": jsonl_rows.parse,
    "orcid": orcid.parse,
    "openalex": openalex.parse,
}


def decode(data: bytes, file: str) -> str:
    """UTF-8 only (a leading BOM is dropped); anything else names the first bad line."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ImportFileError(
            file,
            N_("not UTF-8 text (byte %(byte)s); save the file as UTF-8"),
            line=line,
            params={"byte": exc.start},
        ) from exc


def _sniff_json(doc: Any) -> str | None:
    if isinstance(doc, dict):
        if "orcid-identifier" in doc or "activities-summary" in doc or "person" in doc:
            return "orcid"
        sample = doc.get("results", [doc]) if "results" in doc else [doc]
        first = sample[0] if isinstance(sample, list) and sample else {}
        if isinstance(first, dict) and str(first.get("id", "")).startswith("https://openalex.org/"):
            return "openalex"
        if "meta" in doc and "results" in doc:
            return "openalex"
    return None


def detect_format(file: str, text: str) -> str:
    lower = file.lower()
    if lower.endswith(".csv"):
        return "csv"
    if lower.endswith(".jsonl") or lower.endswith(".ndjson"):
        return "jsonl"
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFileError(
            file, N_("malformed JSON: %(detail)s"), line=exc.lineno, params={"detail": exc.msg}
        ) from exc
    found = _sniff_json(doc)
    if found is None:
        raise ImportFileError(
            file,
            N_("not a known format (CSV, JSONL, ORCID record or OpenAlex author/works JSON)"),
        )
    return found


def parse(file: str, data: bytes, fmt: str | None = None, source: str | None = None) -> Parsed:
    text = decode(data, file)
    fmt = fmt or detect_format(file, text)
    if fmt not in FORMATS:
        raise ImportFileError(
            file,
            N_("unknown format %(format)s; use one of %(formats)s"),
            params={"format": repr(fmt), "formats": ", ".join(FORMATS)},
        )
    return FORMATS[fmt](file, text, source or fmt)
