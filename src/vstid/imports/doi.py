"""A publication's metadata from its DOI, asked of OpenAlex (`GET {openalex_api_url}/works/
doi:<doi>`) and read by the same parser the OpenAlex import uses. A person asks for it (a
project attaching a publication), so it runs at request time, with a short timeout; an
installation without the internet sets `openalex_api_url` empty and the lookup says so."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import quote

import httpx

from vstid.core.errors import ValidationFailed
from vstid.core.i18n import N_
from vstid.core.settings import Settings
from vstid.imports.formats.openalex import authors_of, work_of

__all__ = ["FoundWork", "lookup_doi"]


@dataclass(frozen=True)
class FoundWork:
    doi: str
    title: str
    published_on: date | None
    venue: str | None
    language: str | None
    authors: list[str] = field(default_factory=list)


def _published_on(raw: dict[str, Any]) -> date | None:
    text = raw.get("publication_date")
    if isinstance(text, str):
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    year = raw.get("publication_year")
    return date(year, 1, 1) if isinstance(year, int) and 1000 < year < 3000 else None


def _fetch(settings: Settings, doi: str) -> dict[str, Any] | None:
    base = settings.openalex_api_url.rstrip("/")
    if not base:
        raise ValidationFailed(N_("looking up DOIs is not enabled here"), field="doi")
    url = f"{base}/works/doi:{quote(doi, safe='/:;()._-')}"
    try:
        response = httpx.get(url, timeout=settings.doi_lookup_timeout_s, follow_redirects=True)
    except httpx.HTTPError as exc:
        error = ValidationFailed(
            N_("OpenAlex could not be reached to look up this DOI; try again later"), field="doi"
        )
        raise error from exc
    if response.status_code == 404:
        return None
    if response.status_code != 200:
        raise ValidationFailed(
            N_("OpenAlex could not be reached to look up this DOI; try again later"), field="doi"
        )
    try:
        body = response.json()
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def lookup_doi(settings: Settings, doi: str) -> FoundWork:
    """The work with this (normalised) DOI; a DOI OpenAlex does not know is refused naming
    the field, with the DOI in the message."""
    raw = _fetch(settings, doi)
    work = work_of(raw) if raw else None
    if raw is None or work is None:
        raise ValidationFailed(
            N_("no publication with the DOI %(doi)s was found in OpenAlex"),
            field="doi",
            params={"doi": doi},
        )
    return FoundWork(
        doi=work.doi or doi,
        title=work.title[:500],
        published_on=_published_on(raw),
        venue=(work.venue or "")[:300] or None,
        language=(work.language or "")[:2] or None,
        authors=[a[:200] for a in authors_of(raw)][:200],
    )
