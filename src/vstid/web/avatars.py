"""Initials avatars: the letters and a stable colour for a person's name, so pages can show
who is who without anyone uploading a photo."""

from __future__ import annotations

import unicodedata

__all__ = ["TONES", "avatar_tone", "initials"]

TONES = 8


def initials(name: str | None) -> str:
    """The first letters of the first and last word ("Nguyễn Văn An" → "NA"); for a name in
    Chinese characters, kana or hangul only its first character ("長谷川 誠" → "長", "오상민" →
    "오"), which is the family name and already fills the circle."""
    words = [w for w in (name or "").replace("·", " ").split() if w[0].isalnum()]
    if not words:
        return "?"
    if _is_wide(words[0][0]):
        return words[0][0]
    return (words[0][0] + (words[-1][0] if len(words) > 1 else "")).upper()


def avatar_tone(name: str | None) -> int:
    """A colour index 0–7 from the name's characters: stable across requests and processes
    (unlike hash(), which is salted per process)."""
    return sum(ord(c) for c in (name or "")) % TONES


def _is_wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")
