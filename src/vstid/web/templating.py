"""The shared Jinja environment: autoescaping, i18n, formatting helpers."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from babel.dates import (
    format_date,
    format_datetime,
    get_date_format,
    get_datetime_format,
    get_time_format,
)
from babel.numbers import format_currency, format_decimal
from markupsafe import Markup, escape
from starlette.templating import Jinja2Templates

from vstid.core import i18n
from vstid.web import avatars, names, org_display
from vstid.web.confirm import confirm_attributes
from vstid.web.forms import date_hint

__all__ = ["make_templates"]

_BLANK_LINE = re.compile(r"\n[ \t]*\n")
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"


def _fmt_date(value: date | datetime | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, datetime):
        locale = i18n.current_locale()
        return format_datetime(value, _minutes_pattern(locale), locale=locale)
    return format_date(value, "medium", locale=i18n.current_locale())


@lru_cache(maxsize=8)
def _minutes_pattern(locale: str) -> str:
    """The locale's medium date with its short time (no seconds), joined the locale's way:
    vi "12:50 7 thg 12, 2026", en "Dec 7, 2026, 12:50 PM", ja "2026/12/07 12:50"."""
    joined = str(get_datetime_format("medium", locale=locale))
    time, day = get_time_format("short", locale=locale), get_date_format("medium", locale=locale)
    return joined.replace("{0}", time.pattern).replace("{1}", day.pattern)


def _paragraphs(text: str | None) -> Markup:
    """Text someone typed, its paragraphs and line breaks kept: escaped first, then only the
    tags added here are markup."""
    if not text:
        return Markup("")
    blocks = [b.strip() for b in _BLANK_LINE.split(text.replace("\r\n", "\n")) if b.strip()]
    return Markup("").join(
        Markup("<p>{}</p>").format(Markup("<br>").join(escape(line) for line in b.split("\n")))
        for b in blocks
    )


def _fmt_money(amount: Decimal | float | None, currency: str = "") -> str:
    if amount is None:
        return "—"
    return (
        f"{format_decimal(amount, format='#,##0', locale=i18n.current_locale())} {currency}".strip()
    )


def _fmt_currency(amount: Decimal | None, currency: str) -> str:
    """An amount with its currency the reader's way (vi "1.234.567 ₫", en "₫1,234,567")."""
    if amount is None:
        return "—"
    return format_currency(amount, currency, locale=i18n.current_locale())


def _fmt_rate(value: Decimal | None) -> str:
    """An exchange rate with every recorded digit and no trailing zeros (vi "168,5")."""
    if value is None:
        return "—"
    return format_decimal(value, format="#,##0.##########", locale=i18n.current_locale())


def _label(labels: dict[str, str] | None, fallback: str = "") -> str:
    if not labels:
        return fallback
    return (
        labels.get(i18n.current_locale())
        or labels.get("en")
        or next(iter(labels.values()), fallback)
    )


class _CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept in memory for the process, keyed by name and source checksum,
    so a second app (each test builds one; a server reloads its app) reuses the compiled code
    instead of parsing 140 templates again: half a second on the first page an app renders."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if (code := self._code.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _CompiledTemplates()


def make_templates() -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        bytecode_cache=_COMPILED,
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
        undefined=jinja2.StrictUndefined,
    )
    env.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters["date"] = _fmt_date
    env.filters["money"] = _fmt_money
    env.filters.update(currency=_fmt_currency, rate=_fmt_rate)
    env.filters["label"] = _label
    env.filters["paragraphs"] = _paragraphs
    env.filters["initials"] = avatars.initials
    env.filters["avatar_tone"] = avatars.avatar_tone
    env.filters.update(
        country_name=names.country_name, language_name=names.language_name,
        hub_label=names.hub_label, orcid_link=names.orcid_link, doi_link=names.doi_link,
        openalex_link=names.openalex_link,
    )  # fmt: skip
    env.globals["country_options"] = names.country_options
    env.globals["language_options"] = names.language_options
    env.globals["LANGUAGES"] = i18n.LANGUAGES
    env.globals["current_locale"] = i18n.current_locale
    env.globals["confirm_attributes"] = confirm_attributes
    env.globals["date_hint"] = date_hint
    env.filters.update(
        org_name=org_display.org_name, org_name_lang=org_display.org_name_lang,
        org_initials=org_display.org_initials, badge_hue=org_display.badge_hue,
    )  # fmt: skip
    env.globals["logo_url"] = org_display.logo_url
    return Jinja2Templates(env=env)


def context_defaults(**extra: Any) -> dict[str, Any]:
    return extra
