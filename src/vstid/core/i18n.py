"""Translations from gettext .po catalogs, with the request's locale held in a context variable
so that one shared Jinja environment renders every language."""

from __future__ import annotations

from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path

from babel.messages.pofile import read_po
from babel.support import Format

__all__ = [
    "LANGUAGES",
    "N_",
    "SUPPORTED_LOCALES",
    "current_locale",
    "gettext",
    "lazy_format",
    "ngettext",
    "parse_accept_language",
    "set_locale",
]

TRANSLATIONS_DIR = Path(__file__).resolve().parents[1] / "translations"
SUPPORTED_LOCALES = ("vi", "en", "ja", "ko")
LANGUAGES = {"vi": "Tiếng Việt", "en": "English", "ja": "日本語", "ko": "한국어"}


def N_(message: str) -> str:
    """Marks a message id for extraction without translating it: domain code stores or raises
    the English id and the page or mail translates it for its reader."""
    return message


_locale: ContextVar[str] = ContextVar("vstid_locale", default="vi")


def set_locale(locale: str) -> None:
    _locale.set(locale if locale in SUPPORTED_LOCALES else "vi")


def current_locale() -> str:
    return _locale.get()


@lru_cache(maxsize=8)
def _catalog(locale: str) -> dict[str, str | tuple[str, ...]]:
    path = TRANSLATIONS_DIR / locale / "LC_MESSAGES" / "messages.po"
    if not path.exists():
        return {}
    with path.open("rb") as fh:
        catalog = read_po(fh, locale=locale)
    messages: dict[str, str | tuple[str, ...]] = {}
    for message in catalog:
        if not message.id or not message.string or message.fuzzy:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        string = message.string
        messages[key] = string if isinstance(string, str) else tuple(string)
    return messages


def translate(message: str, locale: str) -> str:
    """The message in a given language (not the reader's): text stored in a record's own
    language, such as the first work package a project opens with."""
    translated = _catalog(locale).get(message)
    return translated if isinstance(translated, str) and translated else message


def gettext(message: str) -> str:
    translated = _catalog(current_locale()).get(message)
    if isinstance(translated, str) and translated:
        return translated
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    translated = _catalog(current_locale()).get(singular)
    if isinstance(translated, tuple):
        forms = [form for form in translated if form]
        # vi, ja and ko have one plural form; English has two.
        if len(forms) == 1:
            return forms[0]
        if forms:
            return forms[0] if n == 1 else forms[-1]
    return singular if n == 1 else plural


def lazy_format() -> Format:
    return Format(current_locale())


def parse_accept_language(header: str | None) -> str | None:
    if not header:
        return None
    ranked: list[tuple[float, str]] = []
    for part in header.split(","):
        lang, _, q = part.strip().partition(";q=")
        code = lang.split("-")[0].lower()
        try:
            weight = float(q) if q else 1.0
        except ValueError:
            weight = 0.0
        if code in SUPPORTED_LOCALES:
            ranked.append((weight, code))
    return max(ranked)[1] if ranked else None
