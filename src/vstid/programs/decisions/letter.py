"""The decision letter: rendered once, at decision time, in the lead applicant's language
(their account's locale), from a Jinja template translated with gettext in that locale, the
amounts and the date formatted by Babel for it. The HTML is kept on the joint decision, so
the letter reads tomorrow as it was sent today."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import jinja2
from babel.dates import format_date
from babel.numbers import format_currency

from vstid.core.i18n import SUPPORTED_LOCALES, translate

__all__ = ["LetterAmount", "LetterFacts", "render_letter"]

TEMPLATES = Path(__file__).resolve().parent / "templates"


@dataclass(frozen=True)
class LetterAmount:
    agency: str
    country: str
    amount: Decimal | None
    currency: str | None


@dataclass(frozen=True)
class LetterFacts:
    decision: str  # "award" | "reject"
    lead_name: str
    reference: str
    title: str
    call_title: str
    program_title: str
    decided_on: date
    reason: str = ""
    amounts: list[LetterAmount] = field(default_factory=list)
    start_date: date | None = None
    duration_months: int | None = None
    mobility: bool = False


@lru_cache(maxsize=len(SUPPORTED_LOCALES))
def _environment(locale: str) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )

    def _gettext(message: str) -> str:
        return translate(message, locale)

    def _ngettext(singular: str, plural: str, n: int) -> str:
        return translate(singular if n == 1 else plural, locale)

    env.install_gettext_callables(_gettext, _ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters["money"] = lambda amount, currency: (
        "—" if amount is None or not currency else format_currency(amount, currency, locale=locale)
    )
    env.filters["day"] = lambda day: format_date(day, "long", locale=locale)
    return env


def render_letter(facts: LetterFacts, locale: str) -> tuple[str, str]:
    """The letter's HTML and the language it was written in."""
    language = locale if locale in SUPPORTED_LOCALES else "vi"
    html = _environment(language).get_template("letter.html").render(f=facts, lang=language)
    return html, language
