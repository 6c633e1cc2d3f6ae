"""Personal names across scripts: folding, tokens, candidate romanisations and blocking keys.

A token becomes a *set* of folded Latin syllables, because the mapping from katakana or hangul
back to Vietnamese is one-to-many (タン may be Tân, Thanh or Thắng). Two tokens agree when their
sets meet. Pure functions; no database, no settings.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from itertools import product

from vstid.core.text import fold
from vstid.identity.syllables import SURNAMES, SYLLABLES

__all__ = [
    "ParsedName",
    "Token",
    "blocking_keys",
    "is_vietnamese_surname",
    "parse_name",
    "script_of",
]

_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b\u200c\u200d\u2060"), None)
_SEPARATORS = re.compile(r"[\s・･·\u30fb\u3000_/]+")
_KANA_LONG = "ー"
MAX_KEYS_PER_NAME = 24


def script_of(token: str) -> str:
    """'kana', 'hangul', 'han' or 'latin' by the first letter that decides it."""
    for ch in token:
        code = ord(ch)
        if 0x30A0 <= code <= 0x30FF or 0x3040 <= code <= 0x309F or 0xFF66 <= code <= 0xFF9F:
            return "kana"
        if 0xAC00 <= code <= 0xD7AF or 0x1100 <= code <= 0x11FF:
            return "hangul"
        if 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF:
            return "han"
    return "latin"


@lru_cache(maxsize=1)
def _script_tables() -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    kana: dict[str, set[str]] = {}
    hangul: dict[str, set[str]] = {}
    for latin, kana_forms, hangul_forms in SYLLABLES:
        for form in kana_forms.split():
            kana.setdefault(form, set()).add(latin)
        for form in hangul_forms.split():
            hangul.setdefault(form, set()).add(latin)
    return (
        {k: frozenset(v) for k, v in kana.items()},
        {k: frozenset(v) for k, v in hangul.items()},
    )


@dataclass(frozen=True)
class Token:
    """One name part: its possible folded spellings; `initial` for 'V.'-style abbreviations."""

    candidates: frozenset[str]
    initial: bool = False
    vietnamese: bool = False  # read through the Vietnamese katakana/hangul tables

    def agrees(self, other: Token) -> float:
        if self.initial or other.initial:
            return 0.6 if self._initials() & other._initials() else 0.0
        if self.candidates & other.candidates:
            return 1.0
        return 0.85 if _near(self.candidates, other.candidates) else 0.0

    def _initials(self) -> set[str]:
        return {c[0] for c in self.candidates if c}


def _near(a: frozenset[str], b: frozenset[str]) -> bool:
    """One edit apart (a typo), only for words long enough that this is not a different name."""
    from rapidfuzz.distance import Levenshtein

    return any(
        min(len(x), len(y)) >= 4 and Levenshtein.distance(x, y, score_cutoff=1) <= 1
        for x in a
        for y in b
    )


def _segment(word: str, table: dict[str, frozenset[str]]) -> list[frozenset[str]] | None:
    """Longest-match split of a run written without separators (グエンヴァンアン)."""
    parts: list[frozenset[str]] = []
    i = 0
    while i < len(word):
        for j in range(len(word), i, -1):
            if word[i:j] in table:
                parts.append(table[word[i:j]])
                i = j
                break
        else:
            return None
    return parts


def _kanji_reading(word: str) -> str:
    """Kanji names have no spelling of their own in Latin; read them through MeCab (UniDic)."""
    try:
        tagger = _tagger()
    except Exception:  # pragma: no cover - reading is a bonus, never a requirement
        return fold(word)
    kana = "".join(getattr(w.feature, "kana", None) or w.surface for w in tagger(word))
    # Romaji as people write their names: Satō/Satou → Sato, Yūko → Yuko.
    return fold(kana).replace("ou", "o").replace("uu", "u").replace("oo", "o")


@lru_cache(maxsize=1)
def _tagger():  # type: ignore[no-untyped-def]
    import fugashi

    return fugashi.Tagger()


def _script_tokens(word: str) -> list[Token]:
    script = script_of(word)
    kana, hangul = _script_tables()
    table = kana if script == "kana" else hangul if script == "hangul" else None
    if table is not None:
        key = word if script == "hangul" else word.rstrip(_KANA_LONG) or word
        found = table.get(word) or table.get(key)
        if found:
            return [Token(found, vietnamese=True)]
        parts = _segment(word, table)
        if parts:
            return [Token(p, vietnamese=True) for p in parts]
        return [Token(frozenset({fold(word).replace(" ", "")}))]
    if script == "han":
        return [Token(frozenset({_kanji_reading(word).replace(" ", "")}))]
    return _latin_tokens(word)


def _latin_tokens(word: str) -> list[Token]:
    tokens = []
    for part in fold(word).split():
        if len(part) == 1 or (word.endswith(".") and len(part) <= 2):
            tokens.append(Token(frozenset({part}), initial=True))
        else:
            tokens.append(Token(frozenset({part})))
    return tokens


@dataclass(frozen=True)
class ParsedName:
    raw: str
    tokens: tuple[Token, ...]

    @property
    def full_tokens(self) -> tuple[Token, ...]:
        return tuple(t for t in self.tokens if not t.initial)


def _uninvert(name: str) -> str:
    """'Kriström, Bengt' → 'Bengt Kriström': a single comma marks a family-name-first citation."""
    if name.count(",") == 1:
        family, given = (p.strip() for p in name.split(","))
        if family and given:
            return f"{given} {family}"
    return name


@lru_cache(maxsize=65536)
def parse_name(name: str) -> ParsedName:
    cleaned = unicodedata.normalize("NFKC", name.translate(_INVISIBLE)).strip()
    tokens: list[Token] = []
    for word in _SEPARATORS.split(_uninvert(cleaned)):
        word = word.strip(',;()[]"')
        if word:
            tokens.extend(_script_tokens(word))
    return ParsedName(raw=name, tokens=tuple(tokens))


def is_vietnamese_surname(token: Token) -> bool:
    return not token.initial and bool(token.candidates & SURNAMES)


def _anchor_pairs(name: ParsedName) -> list[tuple[Token, Token]]:
    """(family name, given name) readings that survive reordering and dropped middle names."""
    full = name.full_tokens
    if len(full) < 2:
        return []
    first, last = full[0], full[-1]
    pairs = [(first, last)]
    if is_vietnamese_surname(last) and len(full) > 2:
        pairs.append((last, full[-2]))
    return pairs


def blocking_keys(name: str) -> set[str]:
    """Keys under which two records are compared at all: the unordered (family, given) pair,
    spelled out and as 3-letter prefixes (so a typo late in a word still meets its twin)."""
    keys: set[str] = set()
    for a, b in _anchor_pairs(parse_name(name)):
        for x, y in product(sorted(a.candidates), sorted(b.candidates)):
            lo, hi = sorted((x, y))
            keys.add(f"n:{lo}|{hi}")
            lo3, hi3 = sorted((x[:3], y[:3]))
            keys.add(f"p:{lo3}|{hi3}")
            if len(keys) >= MAX_KEYS_PER_NAME:
                return keys
    return keys
