"""Field checks shared by the tabular formats (CSV and JSONL)."""

from __future__ import annotations

import re
from typing import Any

from vstid.core.i18n import N_
from vstid.experts.models import ENGAGEMENT_TYPES, Availability, Visibility
from vstid.imports.records import ImportedProfile, RowError, clean_text, normalise_orcid

__all__ = ["as_list", "finish_profile", "from_mapping"]

_LANG = re.compile(r"^[a-z]{2}$")  # ISO 639-1


def as_list(value: Any) -> list[str] | None:
    """A JSON list, or a '|'-separated string; None when the source had no such field."""
    if value is None:
        return None
    items = value if isinstance(value, list) else str(value).split("|")
    return [clean_text(v) for v in items if clean_text(v)]


_UNKNOWN = N_("unknown value %(value)s")


def _check_enums(p: ImportedProfile) -> RowError | None:
    if p.availability and p.availability not in {a.value for a in Availability}:
        return RowError(p.line, "availability", _UNKNOWN, {"value": repr(p.availability)})
    if p.visibility and p.visibility not in {v.value for v in Visibility}:
        return RowError(p.line, "visibility", _UNKNOWN, {"value": repr(p.visibility)})
    for kind in p.engagement_types or []:
        if kind not in ENGAGEMENT_TYPES:
            return RowError(p.line, "engagement_types", _UNKNOWN, {"value": repr(kind)})
    for lang in p.languages or []:
        if not _LANG.match(lang):
            return RowError(
                p.line, "languages", N_("unknown language code %(value)s"), {"value": repr(lang)}
            )
    return None


def _check_scalars(p: ImportedProfile, raw_orcid: str) -> RowError | None:
    if not p.display_name:
        return RowError(p.line, "name", N_("required"))
    if raw_orcid and p.orcid is None:
        return RowError(
            p.line, "orcid", N_("%(value)s is not a valid ORCID iD"), {"value": repr(raw_orcid)}
        )
    if p.residence_country and (len(p.residence_country) != 2 or not p.residence_country.isalpha()):
        return RowError(p.line, "country", N_("use a two-letter ISO code such as JP"))
    if p.capacity is not None and not 0 <= p.capacity <= 20:
        return RowError(p.line, "capacity", N_("must be between 0 and 20"))
    if p.email and "@" not in p.email:
        return RowError(
            p.line, "email", N_("%(value)s is not an e-mail address"), {"value": repr(p.email)}
        )
    if not (p.source_id or p.orcid or p.openalex_id or p.email):
        return RowError(p.line, "id", N_("needs one of id, orcid, openalex_id or email"))
    return None


def finish_profile(p: ImportedProfile, raw_orcid: Any) -> ImportedProfile | RowError:
    raw = clean_text(raw_orcid)
    p.orcid = normalise_orcid(raw) if raw else None
    if p.residence_country:
        p.residence_country = p.residence_country.upper()
    if p.email:
        p.email = p.email.lower()
    return _check_scalars(p, raw) or _check_enums(p) or p


def _int(value: Any, line: int, name: str) -> int | RowError | None:
    if value is None or value == "":
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return RowError(line, name, N_("%(value)s is not a whole number"), {"value": repr(value)})


def _opt(value: Any) -> str | None:
    return clean_text(value) or None


def from_mapping(line: int, row: dict[str, Any], source: str) -> ImportedProfile | RowError:
    """The CSV columns and the JSONL keys are the same names (JSONL also takes the xling-dev
    names country_of_residence / profile_language)."""
    capacity = _int(row.get("capacity"), line, "capacity")
    if isinstance(capacity, RowError):
        return capacity
    profile = ImportedProfile(
        line=line,
        source=clean_text(row.get("source")) or source,
        source_id=_opt(row.get("id")),
        display_name=clean_text(row.get("name")),
        name_variants=as_list(row.get("name_variants")) or [],
        email=_opt(row.get("email")),
        openalex_id=_opt(row.get("openalex_id")),
        residence_country=_opt(row.get("country") or row.get("country_of_residence")),
        affiliation=_opt(row.get("affiliation")),
        languages=as_list(row.get("languages")),
        headline=_opt(row.get("headline")),
        bio=_opt(row.get("bio")),
        bio_language=_opt(row.get("profile_language") or row.get("bio_language")),
        expertise=as_list(row.get("expertise")),
        fields=as_list(row.get("fields")),
        capacity=capacity,
        availability=_opt(row.get("availability")),
        engagement_types=as_list(row.get("engagement_types")),
        visibility=_opt(row.get("visibility")),
        hub=_opt(row.get("hub")),
    )
    return finish_profile(profile, row.get("orcid"))
