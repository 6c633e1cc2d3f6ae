"""Unicode normalisation, Vietnamese diacritic folding and language identification.

Language identification is script-based with a Vietnamese-letter heuristic: it
needs no model, is deterministic and works on five-word titles, which
statistical identifiers get wrong most often.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["LANGUAGES", "detect_language", "fold_vietnamese", "normalise", "script_counts"]

LANGUAGES = ("vi", "en", "ja", "ko", "other")

# Letters that (almost) only Vietnamese uses among Latin-script languages: the
# horn/breve vowels, đ, and the dot-below / hook-above / tilde tone marks.
_VI_BASE = set("ăâđêôơưĂÂĐÊÔƠƯ")
_VI_TONE_MARKS = {"\u0323", "\u0309", "\u0303"}  # dot below, hook above, tilde
_VI_GRAVE_ACUTE = {"\u0300", "\u0301"}
_ENGLISH_HINTS = frozenset(
    [
        "the",
        "of",
        "and",
        "for",
        "in",
        "on",
        "with",
        "to",
        "a",
        "an",
        "is",
        "are",
        "by",
        "from",
        "using",
        "based",
        "via",
        "at",
        "as",
        "this",
        "that",
    ]
)
_OTHER_LATIN_HINTS = frozenset(
    [
        "der",
        "die",
        "das",
        "und",
        "mit",
        "für",
        "von",
        "le",
        "la",
        "les",
        "des",
        "et",
        "pour",
        "avec",
        "une",
        "el",
        "los",
        "las",
        "y",
        "para",
        "con",
    ]
)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def normalise(text: str) -> str:
    """NFC-normalise and collapse runs of whitespace."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def fold_vietnamese(text: str) -> str:
    """Strip diacritics (đ -> d) so that 'nuoc thai' finds 'nước thải'."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped)


def script_counts(text: str) -> dict[str, int]:
    """Count letters per script family: latin, kana, han, hangul."""
    counts = {"latin": 0, "kana": 0, "han": 0, "hangul": 0, "otherscript": 0}
    for ch in text:
        if not ch.isalpha():
            continue
        code = ord(ch)
        if code < 0x250 or 0x1E00 <= code <= 0x1EFF:
            counts["latin"] += 1
        elif 0x3040 <= code <= 0x30FF or 0x31F0 <= code <= 0x31FF or 0xFF66 <= code <= 0xFF9F:
            counts["kana"] += 1
        elif 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF:
            counts["han"] += 1
        elif 0xAC00 <= code <= 0xD7AF or 0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F:
            counts["hangul"] += 1
        else:
            counts["otherscript"] += 1
    return counts


def _vietnamese_word_share(words: list[str]) -> float:
    """Share of words carrying a letter or tone mark specific to Vietnamese."""
    hits = 0
    for word in words:
        decomposed = unicodedata.normalize("NFD", word)
        marks = {ch for ch in decomposed if unicodedata.combining(ch)}
        if (
            any(ch in _VI_BASE for ch in word)
            or marks & _VI_TONE_MARKS
            or (marks & _VI_GRAVE_ACUTE and len(marks) > 1)
        ):
            hits += 1
    return hits / len(words) if words else 0.0


def _latin_language(text: str) -> str:
    words = [w.lower() for w in _WORD.findall(text)]
    # Vietnamese technical text mixes English acronyms, so a minority suffices.
    if _vietnamese_word_share(words) >= 0.15:
        return "vi"
    english = sum(w in _ENGLISH_HINTS for w in words)
    other = sum(w in _OTHER_LATIN_HINTS for w in words)
    if other > english:
        return "other"
    # Accented Latin without English or other-language function words: in this
    # platform's languages that is a short Vietnamese phrase ("màng PEM").
    if any(unicodedata.combining(c) for c in unicodedata.normalize("NFD", text)) and not english:
        return "vi"
    return "en"


def detect_language(text: str) -> str:
    """Return one of vi, en, ja, ko or other."""
    counts = script_counts(normalise(text))
    if counts["hangul"] and counts["hangul"] >= counts["kana"]:
        return "ko"
    if counts["kana"]:
        return "ja"
    # Han without kana is most likely Japanese here (short technical terms),
    # unless a long run without a single kana suggests Chinese.
    if counts["han"] and counts["han"] * 5 >= counts["latin"]:
        return "ja" if counts["han"] <= 40 else "other"
    if counts["latin"]:
        return _latin_language(text)
    return "other"
