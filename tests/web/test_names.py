"""Codes shown as names in the reader's language; identifiers as escaped links."""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace

import pytest

from vstid.core import i18n
from vstid.web import names


@pytest.fixture(autouse=True)
def _back_to_vietnamese() -> Iterator[None]:
    yield
    i18n.set_locale("vi")


def _in(locale: str) -> None:
    i18n.set_locale(locale)


def test_country_and_language_names_follow_the_reader() -> None:
    _in("vi")
    assert names.country_name("JP") == "Nhật Bản" and names.language_name("en") == "Tiếng Anh"
    _in("ko")
    assert names.country_name("jp") == "일본" and names.language_name("vi") == "베트남어"
    _in("en")
    assert names.country_name("QQ") == "QQ" and names.country_name(None) == ""


def test_hub_label_prefers_its_own_name_then_the_country() -> None:
    hub = SimpleNamespace(code="JP", country="JP", name={"en": "Japan hub", "ja": "日本ハブ"})
    _in("ja")
    assert names.hub_label(hub) == "日本ハブ"
    _in("vi")
    assert names.hub_label(hub) == "Nhật Bản · Japan hub"


def test_options_are_sorted_by_name_in_the_reader_language() -> None:
    _in("vi")
    countries = names.country_options()
    assert ("JP", "Nhật Bản") in countries and not any(
        c in ("EU", "UN", "ZZ") for c, _ in countries
    )
    labels = [label for _, label in countries]
    assert labels.index("Ấn Độ") < labels.index("Bỉ")  # accents do not push India after Z
    assert ("XY", "XY") in names.country_options("xy")
    _in("en")
    assert names.language_options(["vi", "en", "ja"]) == [
        ("en", "English"), ("ja", "Japanese"), ("vi", "Vietnamese"),
    ]  # fmt: skip


def test_identifier_links_are_escaped() -> None:
    link = names.doi_link('10.1/a"b<c>#d')
    assert str(link) == (
        '<a href="https://doi.org/10.1/a%22b%3Cc%3E%23d" rel="noopener">10.1/a&#34;b&lt;c&gt;#d</a>'
    )
    assert str(names.orcid_link("0000-0002-1825-0097")) == (
        '<a href="https://orcid.org/0000-0002-1825-0097" rel="noopener">0000-0002-1825-0097</a>'
    )
    assert names.orcid_link(None) == "" and names.openalex_link("") == ""
