"""Initials avatars: the letters a name gives in each script, and a colour that stays put."""

from __future__ import annotations

import pytest

from vstid.web.avatars import TONES, avatar_tone, initials


@pytest.mark.parametrize(
    ("name", "letters"),
    [
        ("Nguyễn Văn An", "NA"),
        ("lương thị ngọc hân", "LH"),
        ("Aiko Fujimoto", "AF"),
        ("長谷川 誠", "長"),
        ("오상민", "오"),
        ("admin", "A"),
        ("", "?"),
        (None, "?"),
    ],
)
def test_initials(name: str | None, letters: str) -> None:
    assert initials(name) == letters


def test_the_same_name_always_gets_the_same_tone() -> None:
    assert avatar_tone("Phạm Đức Thắng") == avatar_tone("Phạm Đức Thắng")
    assert {avatar_tone(n) for n in ("An", "Bình", "Chi", "Dũng", "Én", "Giang")} <= set(
        range(TONES)
    )
