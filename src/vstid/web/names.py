"""Codes shown to people as names in the reader's language (Babel's locale data), and
identifiers (ORCID iD, DOI, OpenAlex id) as links to where they resolve."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import Protocol
from urllib.parse import quote

from babel import Locale
from markupsafe import Markup

from vstid.core import i18n

__all__ = [
    "country_name",
    "country_options",
    "doi_link",
    "hub_label",
    "language_name",
    "language_options",
    "openalex_link",
    "orcid_link",
]

# CLDR regions that are not countries someone lives in (EU, UN, "Unknown Region", pseudo-locales)
_NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"})
# characters a DOI keeps in its URL path; everything else is percent-encoded
_DOI_SAFE = "/:;()._-"


class HubLike(Protocol):
    code: str
    country: str
    name: dict[str, str]


@lru_cache(maxsize=8)
def _locale(code: str) -> Locale:
    return Locale.parse(code)


def country_name(code: str | None) -> str:
    """ISO 3166 alpha-2 → "Nhật Bản" / "Japan" / "日本"; an unknown code stays as it is."""
    if not code:
        return ""
    return str(_locale(i18n.current_locale()).territories.get(code.upper(), code))


def language_name(code: str | None) -> str:
    """ISO 639-1 → "Tiếng Anh" / "English" / "英語"; an unknown code stays as it is."""
    if not code:
        return ""
    return str(_locale(i18n.current_locale()).languages.get(code.lower(), code))


def hub_label(hub: HubLike) -> str:
    """The hub's own name in the reader's language; without one, the country's name in the
    reader's language with the hub's name in another language (or its code)."""
    names = hub.name or {}
    own = names.get(i18n.current_locale())
    if own:
        return own
    other = names.get("en") or next(iter(names.values()), hub.code)
    return f"{country_name(hub.country)} · {other}"


def _sort_key(name: str) -> str:
    """Accents ignored, so "Ấn Độ" sorts with the other A's rather than after Z."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def country_options(current: str | None = None) -> list[tuple[str, str]]:
    """(code, name) of every country, by name in the reader's language; a stored code that is
    not in the list is kept so a save never drops it."""
    territories = _locale(i18n.current_locale()).territories
    options = {
        code: str(name)
        for code, name in territories.items()
        if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES
    }
    if current and current.upper() not in options:
        options[current.upper()] = current.upper()
    return sorted(options.items(), key=lambda kv: _sort_key(kv[1]))


def language_options(codes: Iterable[str]) -> list[tuple[str, str]]:
    """(code, name) of the given languages, by name in the reader's language."""
    return sorted(((c, language_name(c)) for c in codes), key=lambda kv: _sort_key(kv[1]))


def _link(url: str, text: str) -> Markup:
    # Markup.format escapes both arguments; only the tag itself is markup
    return Markup('<a href="{}" rel="noopener">{}</a>').format(url, text)


def orcid_link(orcid: str | None) -> Markup:
    return _link(f"https://orcid.org/{quote(orcid, safe='')}", orcid) if orcid else Markup("")


def doi_link(doi: str | None) -> Markup:
    return _link(f"https://doi.org/{quote(doi, safe=_DOI_SAFE)}", doi) if doi else Markup("")


def openalex_link(openalex_id: str | None) -> Markup:
    if not openalex_id:
        return Markup("")
    return _link(f"https://openalex.org/{quote(openalex_id, safe='')}", openalex_id)
