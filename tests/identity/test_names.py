"""Pure name logic: the same person across scripts, orders and spellings."""

from __future__ import annotations

import pytest

from vstid.core.text import fold
from vstid.identity.matcher import PersonRecord, name_similarity, score_pair
from vstid.identity.names import blocking_keys, parse_name

VARIANTS = [
    "Nguyễn Văn An",
    "Nguyen Van An",
    "NGUYEN Van An",
    "An Nguyen",
    "Van An Nguyen",
    "Nguyen, An Van",
    "Nguyen V. An",
    "グエン・ヴァン・アン",
    "グエンヴァンアン",
    "응우옌 반 안",
    "\ufeffNguyễn Văn An",
]


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_form_matches_and_shares_a_block(variant: str) -> None:
    assert name_similarity(["Nguyễn Văn An"], [variant]) >= 0.85
    assert blocking_keys("Nguyễn Văn An") & blocking_keys(variant)


@pytest.mark.parametrize(
    "other", ["Nguyễn Thị Lan", "Trần Văn An", "Nguyễn Văn Bình", "Tanaka Hiroyuki"]
)
def test_different_names_do_not_match(other: str) -> None:
    assert name_similarity(["Nguyễn Văn An"], [other]) < 0.5


def test_folding_removes_diacritics_boms_and_d_stroke() -> None:
    assert fold("\ufeffĐặng  Thị-Hằng") == "dang thi hang"


def test_kanji_names_are_read_for_romaji() -> None:
    assert name_similarity(["田中 浩之"], ["Hiroyuki Tanaka"]) >= 0.95


def test_katakana_candidates_are_sets() -> None:
    (token,) = parse_name("タン").tokens
    assert {"thanh", "thang", "tan"} <= token.candidates


def test_orcid_decides_and_namesakes_need_evidence() -> None:
    a = PersonRecord("a", ("Nguyễn Văn An",), orcid="0000-0002-1825-0097")
    b = PersonRecord("b", ("An Nguyen",), orcid="0000-0002-1825-0097")
    c = PersonRecord("c", ("Nguyen Van An",), orcid="0000-0001-5109-3700")
    assert score_pair(a, b).auto_mergeable
    assert score_pair(a, c).score == 0.0
    x = PersonRecord("x", ("Nguyễn Văn An",), affiliation="Osaka University", country="JP")
    y = PersonRecord("y", ("Nguyen Van An",), affiliation="University of Melbourne", country="AU")
    z = PersonRecord("z", ("An Nguyen",), affiliation="Osaka Univ.", country="JP")
    assert score_pair(x, y).score < 0.78 <= score_pair(x, z).score
    assert not score_pair(x, z).auto_mergeable  # no proof beyond name and affiliation
