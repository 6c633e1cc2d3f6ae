"""ORCID public record JSON (GET /v3.0/{iD}/record): person + works summaries.

Version 2.x records are recognised (employment-summary lists, no affiliation-group) and refused
with a message, because their shapes differ in many small ways and ORCID retired that API."""

from __future__ import annotations

import json
from typing import Any

from vstid.core.i18n import N_
from vstid.imports.records import (
    ImportedProfile,
    ImportedWork,
    ImportFileError,
    RowError,
    clean_text,
    normalise_doi,
    normalise_orcid,
)

__all__ = ["parse"]


def _get(obj: Any, *path: str) -> Any:
    for key in path:
        if not isinstance(obj, dict):
            return None
        obj = obj.get(key)
    return obj


def _is_v2(doc: dict[str, Any]) -> bool:
    employments = _get(doc, "activities-summary", "employments") or {}
    return "employment-summary" in employments or "message-version" in doc


def _name(person: dict[str, Any]) -> tuple[str, list[str]]:
    name = person.get("name") or {}
    credit = clean_text(_get(name, "credit-name", "value"))
    given = clean_text(_get(name, "given-names", "value"))
    family = clean_text(_get(name, "family-name", "value"))  # often missing
    formal = " ".join(p for p in (given, family) if p)
    others = [
        clean_text(o.get("content"))
        for o in _get(person, "other-names", "other-name") or []
        if isinstance(o, dict)
    ]
    variants = [v for v in [formal, *others] if v and v != (credit or formal)]
    return credit or formal, list(dict.fromkeys(variants))


def _doi(summary: dict[str, Any]) -> str | None:
    for ext in _get(summary, "external-ids", "external-id") or []:
        if ext.get("external-id-type") == "doi":
            value = _get(ext, "external-id-normalized", "value") or ext.get("external-id-value")
            if doi := normalise_doi(value):
                return doi
    return normalise_doi(_get(summary, "url", "value"))  # some works carry the DOI only here


def _work(orcid: str, summary: dict[str, Any]) -> ImportedWork | None:
    title = clean_text(_get(summary, "title", "title", "value"))
    if not title:
        return None
    year = _get(summary, "publication-date", "year", "value")
    return ImportedWork(
        title=title,
        year=int(year) if str(year or "").isdigit() else None,
        doi=_doi(summary),
        venue=clean_text(_get(summary, "journal-title", "value")) or None,
        source_key=f"orcid:{orcid}/{summary.get('put-code')}",
    )


def _works(orcid: str, doc: dict[str, Any]) -> list[ImportedWork]:
    works = []
    for group in _get(doc, "activities-summary", "works", "group") or []:
        summaries = group.get("work-summary") or []
        if summaries and (work := _work(orcid, summaries[0])):  # first = preferred version
            works.append(work)
    return works


def _affiliation(doc: dict[str, Any]) -> tuple[str | None, str | None]:
    groups = _get(doc, "activities-summary", "employments", "affiliation-group") or []
    for group in groups:
        for summary in group.get("summaries") or []:
            org = _get(summary, "employment-summary", "organization") or {}
            if clean_text(org.get("name")):
                return clean_text(org["name"]), _get(org, "address", "country")
    return None, None


def _profile(file: str, doc: dict[str, Any]) -> ImportedProfile | RowError:
    orcid = normalise_orcid(_get(doc, "orcid-identifier", "path") or doc.get("path"))
    if orcid is None:
        return RowError(1, "orcid-identifier", N_("missing or invalid ORCID iD"))
    name, variants = _name(doc.get("person") or {})
    if not name:
        return RowError(1, "person.name", N_("the record has no public name"))
    affiliation, org_country = _affiliation(doc)
    addresses = _get(doc, "person", "addresses", "address") or []
    country = _get(addresses[0], "country", "value") if addresses else org_country
    keywords = _get(doc, "person", "keywords", "keyword") or []
    return ImportedProfile(
        line=1,
        source="orcid",
        source_id=None,
        display_name=name,
        name_variants=variants,
        orcid=orcid,
        residence_country=clean_text(country).upper() or None,
        affiliation=affiliation,
        bio=clean_text(_get(doc, "person", "biography", "content")) or None,
        expertise=[clean_text(k.get("content")) for k in keywords if clean_text(k.get("content"))]
        or None,
        works=_works(orcid, doc),
    )


def parse(file: str, text: str, source: str) -> list[ImportedProfile | RowError]:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFileError(
            file, N_("malformed JSON: %(detail)s"), line=exc.lineno, params={"detail": exc.msg}
        ) from exc
    if not isinstance(doc, dict) or ("person" not in doc and "orcid-identifier" not in doc):
        raise ImportFileError(file, N_("not an ORCID record (expected person and works)"))
    if _is_v2(doc):
        raise ImportFileError(
            file,
            N_(
                "ORCID API v2.x record: export it again from the v3.0 API "
                "(https://pub.orcid.org/v3.0/<iD>/record)"
            ),
        )
    return [_profile(file, doc)]
