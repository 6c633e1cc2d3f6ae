"""Numbers and dates as each reader writes and reads them (defects 6 and 15 of issue 9)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal

import pytest

from vstid.core import i18n
from vstid.web.forms import parse_number
from vstid.web.templating import make_templates

MOMENT = datetime(2026, 12, 7, 12, 50, 23)


@pytest.fixture
def locale() -> Iterator[None]:
    yield
    i18n.set_locale("vi")  # the default a request without the cookie gets


def _date(locale_name: str) -> str:
    i18n.set_locale(locale_name)
    return str(make_templates().env.filters["date"](MOMENT))


@pytest.mark.usefixtures("locale")
def test_date_times_read_to_the_minute_in_each_language() -> None:
    """The Vietnamese pages read "12:50:23 7 thg 12, 2026": seconds are noise."""
    assert _date("vi") == "12:50 7 thg 12, 2026"
    assert _date("ja") == "2026/12/07 12:50"
    assert _date("en") == "Dec 7, 2026, 12:50\u202fPM" or _date("en") == "Dec 7, 2026, 12:50 PM"
    for name in i18n.SUPPORTED_LOCALES:
        assert "23" not in _date(name).replace("2026", ""), name


@pytest.mark.parametrize(
    ("text", "locale_name", "number"),
    [
        ("1.500.000.000", "vi", Decimal("1500000000")),
        ("1.500.000,50", "vi", Decimal("1500000.50")),
        ("1500000000", "vi", Decimal("1500000000")),
        ("1,500,000.50", "en", Decimal("1500000.50")),
        ("１，５００", "ja", Decimal("1500")),  # full-width digits from a Japanese keyboard
        (" 2 500 ", "ko", Decimal("2500")),
        ("", "vi", None),
    ],
)
def test_numbers_are_read_in_the_readers_locale(
    text: str, locale_name: str, number: Decimal | None
) -> None:
    assert parse_number(text, locale_name) == number


@pytest.mark.parametrize("text", ["abc", "2.5", "1,5,0", "NaN", "Infinity", "1e9"])
def test_what_is_not_a_number_in_vietnamese_is_refused(text: str) -> None:
    """Strict: "2.5" in Vietnamese is refused, never read as 25."""
    with pytest.raises(ValueError):
        parse_number(text, "vi")
