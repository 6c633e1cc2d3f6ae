"""The shared Jinja environment: autoescaping, i18n, formatting helpers."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import jinja2
from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal
from starlette.templating import Jinja2Templates

from vstid.core import i18n

__all__ = ["make_templates"]

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"


def _fmt_date(value: date | datetime | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, datetime):
        return format_datetime(value, "medium", locale=i18n.current_locale())
    return format_date(value, "medium", locale=i18n.current_locale())


def _fmt_money(amount: Decimal | float | None, currency: str = "") -> str:
    if amount is None:
        return "—"
    return (
        f"{format_decimal(amount, format='#,##0', locale=i18n.current_locale())} {currency}".strip()
    )


def _label(labels: dict[str, str] | None, fallback: str = "") -> str:
    if not labels:
        return fallback
    return (
        labels.get(i18n.current_locale())
        or labels.get("en")
        or next(iter(labels.values()), fallback)
    )


def make_templates() -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
        undefined=jinja2.StrictUndefined,
    )
    env.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters["date"] = _fmt_date
    env.filters["money"] = _fmt_money
    env.filters["label"] = _label
    env.globals["LANGUAGES"] = i18n.LANGUAGES
    env.globals["current_locale"] = i18n.current_locale
    return Jinja2Templates(env=env)


def context_defaults(**extra: Any) -> dict[str, Any]:
    return extra
