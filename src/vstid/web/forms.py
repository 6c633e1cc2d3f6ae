"""Reading numbers typed into page forms the way the reader writes them: a Vietnamese reader
types "1.500.000.000" (the site shows money that way), an English one "1,500,000.50". The JSON
API takes JSON numbers and never comes here."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from babel.numbers import NumberFormatError, format_decimal, parse_decimal

from vstid.core import i18n
from vstid.core.i18n import gettext as _

__all__ = ["not_a_number", "parse_number", "read_numbers"]

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
    out, errors = dict(values), {}
    for name, label in labels.items():
        text = out.get(name)
        if not isinstance(text, str):
            continue
        try:
            out[name] = parse_number(text)
        except ValueError:
            out[name], errors[name] = None, not_a_number(label)
    return out, errors
