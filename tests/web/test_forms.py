"""Dates typed in page forms are read in the page's locale (issue 9, defect 15): the browser's
own date input showed mm/dd/yyyy to Vietnamese and Japanese readers."""

from __future__ import annotations

from datetime import date

import pytest

from vstid.core import i18n
from vstid.web.forms import date_hint, date_value, not_a_date, parse_date

NEW_YEARS_EVE = date(2031, 12, 31)


@pytest.mark.parametrize(
    ("locale", "hint", "text"),
    [
        ("vi", "dd/mm/yyyy", "31/12/2031"),
        ("ja", "yyyy/mm/dd", "2031/12/31"),
        ("ko", "yyyy. mm. dd.", "2031. 12. 31."),
        ("en", "mm/dd/yyyy", "12/31/2031"),
    ],
)
def test_each_locale_writes_and_reads_its_own_order(locale: str, hint: str, text: str) -> None:
    assert date_hint(locale) == hint
    assert date_value(NEW_YEARS_EVE, locale) == text
    assert parse_date(text, locale) == NEW_YEARS_EVE
    assert parse_date("2031-12-31", locale) == NEW_YEARS_EVE  # ISO in every locale


def test_lenient_on_separators_and_digits_strict_on_the_date() -> None:
    assert parse_date("1.2.2031", "vi") == date(2031, 2, 1)
    assert parse_date("３１/１２/２０３１", "vi") == NEW_YEARS_EVE  # full-width digits
    assert parse_date("  ", "vi") is None
    for wrong in ("31/02/2031", "12/31/2031", "31/12/31", "tomorrow", "1/2", "2031-13-01"):
        with pytest.raises(ValueError):
            parse_date(wrong, "vi")


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("vi", "Thời hạn không phải là ngày. Hãy viết như 31/12/2031."),
        ("ja", "締切が日付ではありません。2031/12/31 のように入力してください。"),
    ],
)
def test_the_message_names_the_field_in_the_readers_language(locale: str, expected: str) -> None:
    i18n.set_locale(locale)
    try:
        assert not_a_date("Deadline") == expected
    finally:
        i18n.set_locale("vi")
