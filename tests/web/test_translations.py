"""The catalogs are complete and safe to format: Jinja's new-style gettext always applies
`% variables`, so a stray `%` in a message id or translation breaks the page."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

CATALOGS = Path(__file__).resolve().parents[2] / "src" / "vstid" / "translations"
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _messages(locale: str) -> list[tuple[str, list[str]]]:
    with (CATALOGS / locale / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        catalog = read_po(fh, locale=locale)
    out = []
    for m in catalog:
        if not m.id:
            continue
        msgid = m.id if isinstance(m.id, str) else m.id[0]
        strings = [m.string] if isinstance(m.string, str) else list(m.string)
        out.append((msgid, [s for s in strings if s]))
    return out


@pytest.mark.parametrize("locale", ["vi", "ja", "ko"])
def test_every_message_is_translated_with_the_same_placeholders(locale: str) -> None:
    missing = [msgid for msgid, strings in _messages(locale) if not strings]
    assert not missing, missing[:5]
    for msgid, strings in _messages(locale):
        for text in strings:
            assert set(PLACEHOLDER.findall(text)) <= set(PLACEHOLDER.findall(msgid)), msgid


TEMPLATES = CATALOGS.parent / "web" / "templates"
TEMPLATE_MSGID = re.compile(r"""_\(\s*("([^"\\]*)"|'([^'\\]*)')""")


def test_template_message_ids_survive_formatting() -> None:
    values: defaultdict[str, str] = defaultdict(lambda: "x")
    for path in TEMPLATES.rglob("*.html"):
        for match in TEMPLATE_MSGID.finditer(path.read_text(encoding="utf-8")):
            msgid = match.group(2) if match.group(2) is not None else match.group(3)
            try:
                msgid % values
            except (ValueError, TypeError) as exc:
                raise AssertionError(f"{path.name}: {msgid!r} ({exc}); write %% for %") from exc


@pytest.mark.parametrize("locale", ["vi", "ja", "ko"])
def test_translations_of_template_messages_survive_formatting(locale: str) -> None:
    values: defaultdict[str, str] = defaultdict(lambda: "x")
    for msgid, strings in _messages(locale):
        if "%(" not in msgid and "%%" not in msgid:
            continue  # plain strings from Python code are never %-formatted
        for text in strings:
            text % values
