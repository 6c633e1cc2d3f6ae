"""Exporting profiles as CSV or JSONL: UTF-8 without a BOM, columns as the CSV importer reads
them, so an export can be edited and imported back."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

from vstid.experts.models import ExpertProfile

__all__ = ["EXPORT_COLUMNS", "FORMULA_STARTS", "export_row", "neutralise", "to_csv", "to_jsonl"]

EXPORT_COLUMNS = (
    "id", "source", "name", "name_variants", "email", "orcid", "openalex_id", "country",
    "affiliation", "languages", "profile_language", "headline", "bio", "expertise", "fields",
    "capacity", "availability", "engagement_types", "visibility", "hub",
)  # fmt: skip


def export_row(e: ExpertProfile, hub_code: str = "") -> dict[str, Any]:
    return {
        "id": e.slug,
        "source": "vstid",
        "name": e.display_name,
        "name_variants": list(e.name_variants or []),
        "email": e.email or "",
        "orcid": e.orcid or "",
        "openalex_id": e.openalex_id or "",
        "country": e.residence_country or "",
        "affiliation": e.affiliation or "",
        "languages": list(e.languages or []),
        "profile_language": e.bio_language,
        "headline": e.headline,
        "bio": e.bio,
        "expertise": list(e.expertise or []),
        "fields": list(e.fields or []),
        "capacity": e.capacity,
        "availability": e.availability,
        "engagement_types": list(e.engagement_types or []),
        "visibility": e.visibility,
        "hub": hub_code,
    }


# A spreadsheet runs a cell that starts with one of these as a formula (=HYPERLINK(…) sends
# the reader to any site). OWASP's remedy: a leading quote makes it text; the CSV importer
# takes that quote off again, so an export still imports back unchanged.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=EXPORT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {k: neutralise("|".join(v) if isinstance(v, list) else v) for k, v in row.items()}
        )
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def to_jsonl(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    for row in rows:
        yield json.dumps(row, ensure_ascii=False) + "\n"
