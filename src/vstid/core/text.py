"""Text and identifier normalisation every domain shares: one folding of names and titles, one
cleaning of imported text, one spelling of DOIs and ORCID iDs. Pure functions."""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii

__all__ = ["clean_text", "fold", "normalise_doi", "normalise_orcid"]

_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u200c\u200d\u2060"), None)
_PUNCT = re.compile(r"[^\w\s'-]+")
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_DOI_PREFIX = re.compile(r"^(https?://(dx\.)?doi\.org/|doi:\s*)", re.I)
_ORCID = re.compile(r"(\d{4}-\d{4}-\d{4}-\d{3}[\dX])$")


def fold(text: str) -> str:
    """Lower-case ASCII: no diacritics (đ → d), no BOMs, single spaces."""
    text = unicodedata.normalize("NFKC", text.translate(_INVISIBLE))
    text = anyascii(text).lower()
    text = _PUNCT.sub(" ", text).replace("-", " ")
    return " ".join(text.split())


def clean_text(value: object) -> str:
    """NFC, no BOMs or zero-width characters, trimmed. Non-strings become ''."""
    if not isinstance(value, str):
        return ""
    return unicodedata.normalize("NFC", value.translate(_INVISIBLE)).strip()


def normalise_doi(value: object) -> str | None:
    """'https://doi.org/10.1/ABC' → '10.1/abc'; values that are not DOIs ('book1', '123') → None."""
    text = _DOI_PREFIX.sub("", clean_text(value)).strip().lower()
    return text if _DOI.match(text) else None


def normalise_orcid(value: object) -> str | None:
    """The bare iD if the value holds one with a valid ISO 7064 check digit, else None."""
    match = _ORCID.search(clean_text(value).upper())
    if match is None:
        return None
    orcid = match.group(1)
    digits = orcid.replace("-", "")
    total = 0
    for ch in digits[:-1]:
        total = (total + int(ch)) * 2
    check = (12 - total % 11) % 11
    return orcid if digits[-1] == ("X" if check == 10 else str(check)) else None
