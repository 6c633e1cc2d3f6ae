"""Evidence as a person reads it: the analyser's matched terms include compounds, their
syllables and diacritic-folded twins (kiểm_chứng, kiểm, chứng, kiem_chung); show each idea once,
in its written form, longest first."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

__all__ = ["display_terms"]

MAX_TERMS = 8


def _fold(term: str) -> str:
    decomposed = unicodedata.normalize("NFD", term.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _informative(term: str) -> bool:
    return len(term) >= 2 and not term.replace(".", "").replace(",", "").isdigit()


def display_terms(terms: Iterable[str], limit: int = MAX_TERMS) -> list[str]:
    """Compounds win over their parts; accented forms win over folded ones."""
    written = [t.replace("_", " ").strip() for t in terms]
    candidates = sorted(
        dict.fromkeys(t for t in written if _informative(t)),
        key=lambda t: (-len(t.split()), t.isascii(), written.index(t)),
    )
    kept: list[str] = []
    covered: set[str] = set()
    for term in candidates:
        folded = _fold(term)
        if folded in covered:
            continue
        kept.append(term)
        covered.add(folded)
        covered.update(_fold(part) for part in term.split())
        if len(kept) == limit:
            break
    return kept
