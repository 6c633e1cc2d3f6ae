"""Reading numbers and dates typed into page forms the way the reader writes them: a Vietnamese
reader types "1.500.000.000" (the site shows money that way), an English one "1,500,000.50"; a
Vietnamese reader writes 31/12/2031, a Japanese one 2031/12/31. The JSON API takes JSON numbers
and ISO dates and never comes here."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

from babel.dates import format_date, get_date_format
from babel.numbers import NumberFormatError, format_decimal, parse_decimal

from vstid.core import i18n
from vstid.core.i18n import gettext as _

__all__ = [
    "date_hint",
    "date_value",
    "not_a_date",
    "not_a_number",
    "parse_date",
    "parse_number",
    "read_dates",
    "read_numbers",
]

_EXAMPLE = Decimal("1500000.5")


def parse_number(text: str, locale: str | None = None) -> Decimal | None:
    """The number in `text` (None when empty), read in the reader's locale; ValueError when it
    is not one. Strict: in vi "2.5" is refused rather than read as 25, so a misplaced separator
    never silently multiplies an amount. Plain digits are read in every locale."""
    cleaned = "".join(unicodedata.normalize("NFKC", text).split())  # full-width digits, spaces
    if not cleaned:
        return None
    if any(c.isalpha() for c in cleaned):  # Babel reads "1e9"; nobody writes money that way
        raise ValueError(cleaned)
    try:
        value = parse_decimal(cleaned, locale=locale or i18n.current_locale(), strict=True)
    except NumberFormatError as exc:
        raise ValueError(cleaned) from exc
    if not value.is_finite():  # "NaN", "Infinity" are Decimals but not amounts
        raise ValueError(cleaned)
    return value


def not_a_number(label: str) -> str:
    """The message for a field whose text is not a number, naming the field (`label` is a
    message id) and showing how the reader writes one."""
    example = format_decimal(_EXAMPLE, locale=i18n.current_locale())
    return _("%(field)s is not a number. Write it like %(example)s.") % {
        "field": _(label),
        "example": example,
    }


def read_numbers(
    values: Mapping[str, Any], labels: Mapping[str, str]
) -> tuple[dict[str, Any], dict[str, str]]:
    """`values` with each field named in `labels` read as a number (None when empty or not a
    number), and a message for each field that is not a number."""
    return _read_fields(values, labels, parse_number, not_a_number)


# -- dates ------------------------------------------------------------------------------------
# Chromium's <input type="date"> follows the browser's locale, not the page's, so a Vietnamese
# page showed mm/dd/yyyy. Date fields are text inputs in the page's locale instead.
_EXAMPLE_DATE = date(2031, 12, 31)
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


@cache
def _pattern(locale: str) -> str:
    """The locale's short date pattern with two-digit day and month and a four-digit year
    (vi d/M/yy -> dd/MM/yyyy, ja y/MM/dd -> yyyy/MM/dd, ko yy. M. d. -> yyyy. MM. dd.)."""
    short = get_date_format("short", locale=locale).pattern
    return re.sub(r"y+", "yyyy", re.sub(r"M+", "MM", re.sub(r"d+", "dd", short)))


def _current() -> str:
    return i18n.current_locale()


def date_hint(locale: str | None = None) -> str:
    """How the reader writes a date, for the placeholder: dd/mm/yyyy in vi, yyyy/mm/dd in ja."""
    return _pattern(locale or _current()).replace("MM", "mm")


def date_value(value: date | None, locale: str | None = None) -> str:
    """A date as the reader writes it, so a form shown again reads back the same."""
    if value is None:
        return ""
    locale = locale or _current()
    return format_date(value, _pattern(locale), locale=locale)


def parse_date(text: str, locale: str | None = None) -> date | None:
    """The date in `text` (None when empty), read in the order of the reader's locale, any of
    / . - or spaces between the parts; ISO yyyy-mm-dd is read in every locale. ValueError when
    it is not a date (31/02/2031, words, a two-digit year)."""
    cleaned = unicodedata.normalize("NFKC", text).strip()
    if not cleaned:
        return None
    iso = _ISO.match(cleaned)
    if iso:
        year, month, day = (int(p) for p in iso.groups())
        return date(year, month, day)
    parts = re.split(r"[/.\-\s]+", cleaned.strip(". "))
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        raise ValueError(cleaned)
    order = [run[0] for run in re.findall(r"y+|M+|d+", _pattern(locale or _current()))]
    found = dict(zip(order, parts, strict=True))
    if len(found["y"]) != 4:  # 31/12/31 could be 1931 or 2031: ask for the whole year
        raise ValueError(cleaned)
    return date(int(found["y"]), int(found["M"]), int(found["d"]))


def not_a_date(label: str) -> str:
    """The message for a field whose text is not a date, naming the field (`label` is a
    message id) and showing how the reader writes one."""
    return _("%(field)s is not a date. Write it like %(example)s.") % {
        "field": _(label),
        "example": date_value(_EXAMPLE_DATE),
    }


def read_dates(
    values: Mapping[str, Any], labels: Mapping[str, str]
) -> tuple[dict[str, Any], dict[str, str]]:
    """`values` with each field named in `labels` read as a date (None when empty or not a
    date), and a message for each field that is not a date."""
    return _read_fields(values, labels, parse_date, not_a_date)


def _read_fields(
    values: Mapping[str, Any],
    labels: Mapping[str, str],
    parse: Callable[[str], Any],
    complaint: Callable[[str], str],
) -> tuple[dict[str, Any], dict[str, str]]:
    out, errors = dict(values), {}
    for name, label in labels.items():
        text = out.get(name)
        if not isinstance(text, str):
            continue
        try:
            out[name] = parse(text)
        except ValueError:
            out[name], errors[name] = None, complaint(label)
    return out, errors
