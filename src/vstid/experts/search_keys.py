"""What the search tables hold for one profile: facet values of its list columns, folded words
(diacritics and scripts to lower-case ASCII) and folded name words, and a folded sort name.

Pure functions over plain values, shared by the ORM hook that keeps the rows in step, the
migration that back-fills them and the search that folds a query the same way."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from vstid.core.text import fold as fold_text

__all__ = [
    "KEYED_COLUMNS", "LIST_FACETS", "MAX_VALUE", "directory_columns", "fold", "list_key",
    "profile_keys", "search_keys", "sort_name", "words",
]  # fmt: skip

LIST_FACETS = ("field", "language")
# The profile columns the keys are derived from: a change to one of them re-derives them.
KEYED_COLUMNS = ("display_name", "name_variants", "headline", "bio", "expertise", "affiliation",
                 "translations", "fields", "languages")  # fmt: skip
MAX_VALUE = 120  # the column width; a longer "word" is a URL or noise, never a search term
_SPACES = str.maketrans("-'_", "   ")


def fold(text: str) -> str:
    """core.text.fold, with ' and _ splitting words too."""
    # Words are [a-z0-9] only, whose order is the same under every collation: a prefix is
    # then a plain range of an index (see ExpertSearchRepository).
    return " ".join(fold_text(text).translate(_SPACES).split())


def words(text: str) -> list[str]:
    """Distinct folded words of `text`, in order."""
    return [w for w in dict.fromkeys(fold(text).split()) if len(w) <= MAX_VALUE]


def sort_name(display_name: str) -> str:
    return fold(display_name)[:200]


def list_key(values: Iterable[str]) -> str:
    """'|ai|biotech|': a list column as one sortable value, so that a GROUP BY over it gives
    every combination's count and so each value's count (see ExpertSearchRepository)."""
    kept = sorted({v for v in values if v and "|" not in v})
    return f"|{'|'.join(kept)}|"[:300] if kept else ""


def directory_columns(p: Any) -> dict[str, str]:
    """The profile's derived directory columns (sort name, list keys)."""
    return {
        "sort_name": sort_name(p.display_name or ""),
        "fields_key": list_key(p.fields or []),
        "languages_key": list_key(p.languages or []),
    }


def search_keys(
    *,
    names: Iterable[str],
    texts: Iterable[str],
    lists: Mapping[str, Iterable[str]],
) -> set[tuple[str, str]]:
    """(facet, value) rows: 'field'/'language' values, 'name' words, 'term' words (every
    searchable word, names included)."""
    keys = {(facet, v[:MAX_VALUE]) for facet, vals in lists.items() for v in vals if v}
    name_words = {w for n in names for w in words(n)}
    keys.update(("name", w) for w in name_words)
    keys.update(("term", w) for w in name_words)
    keys.update(("term", w) for t in texts for w in words(t))
    return keys


def profile_keys(p: Any) -> set[tuple[str, str]]:
    """Keys of a profile: any object with the KEYED_COLUMNS attributes (a model or a row)."""
    translated = [v for t in (p.translations or {}).values() for v in t.values()]
    texts = [p.headline or "", p.bio or "", p.affiliation or "", *(p.expertise or [])]
    return search_keys(
        names=[p.display_name or "", *(p.name_variants or [])],
        texts=[*texts, *translated],
        lists={"field": p.fields or [], "language": p.languages or []},
    )
