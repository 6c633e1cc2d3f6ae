"""OpenAlex JSON as the API returns it: one Author, a list of Authors, one Work or a Works list.

Authors become profiles (natural key: the OpenAlex author id, and the ORCID iD when present).
Works attach to the profiles of their authors that already exist; a works file never creates
people, because most co-authors of a paper are not platform experts. Schemas drift between
captures, so every field is optional here."""

from __future__ import annotations

import json
from typing import Any

from vstid.core.i18n import N_
from vstid.imports.records import (
    ImportedProfile,
    ImportedWork,
    ImportFileError,
    RowError,
    clean_text,
    normalise_doi,
    normalise_orcid,
)

__all__ = ["abstract_from_index", "authors_of", "parse", "work_of"]

_PLACEHOLDER_NAMES = {"Deleted Author"}


def _short_id(url: Any) -> str:
    return clean_text(url).rsplit("/", 1)[-1]


def abstract_from_index(index: Any) -> str | None:
    """OpenAlex ships abstracts as {word: [positions]}; put the words back in order."""
    if not isinstance(index, dict) or not index:
        return None
    placed = sorted((pos, word) for word, positions in index.items() for pos in positions or [])
    return " ".join(word for _, word in placed) or None


def _institution(author: dict[str, Any]) -> dict[str, Any]:
    known = author.get("last_known_institutions") or []
    if known and isinstance(known[0], dict):
        return known[0]
    return author.get("last_known_institution") or {}


def _author(line: int, author: dict[str, Any]) -> ImportedProfile | RowError:
    name = clean_text(author.get("display_name"))
    if not name or name in _PLACEHOLDER_NAMES:
        return RowError(line, "display_name", N_("no usable name (deleted or empty author)"))
    institution = _institution(author)
    alternatives = [clean_text(a) for a in author.get("display_name_alternatives") or []]
    topics = [clean_text(t.get("display_name")) for t in author.get("topics") or []][:8]
    return ImportedProfile(
        line=line,
        source="openalex",
        source_id=None,
        display_name=name,
        name_variants=[a for a in dict.fromkeys(alternatives) if a and a != name],
        orcid=normalise_orcid(author.get("orcid")),
        openalex_id=_short_id(author.get("id")),
        affiliation=clean_text(institution.get("display_name")) or None,
        residence_country=clean_text(institution.get("country_code")).upper() or None,
        expertise=[t for t in topics if t] or None,
    )


def _work(work: dict[str, Any]) -> ImportedWork | None:
    title = clean_text(work.get("title") or work.get("display_name"))
    if not title:
        return None
    source = ((work.get("primary_location") or {}).get("source")) or {}
    year = work.get("publication_year")
    return ImportedWork(
        title=title,
        year=year if isinstance(year, int) else None,
        doi=normalise_doi(work.get("doi")),
        abstract=abstract_from_index(work.get("abstract_inverted_index")),
        venue=clean_text(source.get("display_name")) or None,
        language=clean_text(work.get("language"))[:5] or None,
        source_key=f"openalex:{_short_id(work.get('id'))}",
    )


def work_of(raw: dict[str, Any]) -> ImportedWork | None:
    """One OpenAlex Work (as `/works/<id>` returns it) read as an imported work."""
    return _work(raw)


def authors_of(raw: dict[str, Any]) -> list[str]:
    """The display names of a Work's authors, in the order the work lists them."""
    names = (
        clean_text(((a or {}).get("author") or {}).get("display_name"))
        for a in raw.get("authorships") or []
    )
    return [n for n in names if n and n not in _PLACEHOLDER_NAMES]


def _works_by_author(works: list[dict[str, Any]]) -> list[ImportedProfile | RowError]:
    by_author: dict[str, ImportedProfile] = {}
    for raw in works:
        work = _work(raw) if isinstance(raw, dict) else None
        if work is None:
            continue
        for authorship in raw.get("authorships") or []:
            author = authorship.get("author") or {}
            aid = _short_id(author.get("id"))
            if not aid:
                continue
            row = by_author.setdefault(
                aid,
                ImportedProfile(
                    line=len(by_author) + 1,  # one row per author, numbered in order of appearance
                    source="openalex",
                    source_id=None,
                    display_name=clean_text(author.get("display_name")),
                    openalex_id=aid,
                    attach_to_openalex=[aid],
                ),
            )
            row.works.append(work)
    return list(by_author.values())


def _items(doc: Any) -> list[Any]:
    if isinstance(doc, dict) and isinstance(doc.get("results"), list):
        return list(doc["results"])
    return [doc] if isinstance(doc, dict) else list(doc) if isinstance(doc, list) else []


def parse(file: str, text: str, source: str) -> list[ImportedProfile | RowError]:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFileError(
            file, N_("malformed JSON: %(detail)s"), line=exc.lineno, params={"detail": exc.msg}
        ) from exc
    items = [i for i in _items(doc) if isinstance(i, dict)]
    ids = [str(i.get("id", "")) for i in items]
    if all("/W" in i for i in ids) and items:
        return _works_by_author(items)
    if all("/A" in i for i in ids):
        return [_author(n, item) for n, item in enumerate(items, start=1)]
    raise ImportFileError(file, N_("expected OpenAlex authors (A…) or works (W…), not a mix"))
