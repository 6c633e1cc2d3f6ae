"""Expert search: keyword (diacritics-, script- and name-order-aware) fused with the semantic
index when it is available, filtered by facets whose counts ignore their own selection.

Text matching runs in Python over the visible profiles' light columns, because no portable SQL
folds Vietnamese diacritics or reads katakana names; this is fine into the low tens of
thousands of profiles, after which the lexical index of the engine should take over."""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from vstid.accounts.models import User
from vstid.core.pagination import Page, PageParams
from vstid.experts.models import ExpertProfile
from vstid.experts.permissions import restrict_experts
from vstid.identity.matcher import name_similarity
from vstid.identity.names import fold

__all__ = ["FACETS", "SORTS", "ExpertSearch", "SearchFilters", "SearchResult"]

FACETS = ("field", "country", "language", "hub", "availability")
SORTS = ("relevance", "name", "newest")
_RRF_K = 60
_INDEX_WAIT_S = 1.0


@dataclass(frozen=True)
class SearchFilters:
    q: str | None = None
    field: str | None = None
    country: str | None = None
    language: str | None = None
    hub: str | None = None
    availability: str | None = None
    sort: str = "relevance"

    def without(self, facet: str) -> SearchFilters:
        values = {f: getattr(self, f) for f in ("q", *FACETS, "sort")}
        values[facet] = None
        return SearchFilters(**values)


@dataclass
class SearchResult:
    page: Page[ExpertProfile]
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    semantic: bool = False
    semantic_note: str | None = None
    ids: list[uuid.UUID] = field(default_factory=list)


@dataclass(frozen=True)
class _Row:
    id: uuid.UUID
    name: str
    names: tuple[str, ...]
    text: str
    values: dict[str, tuple[str, ...]]
    updated: Any


def _row(e: Any, hub_codes: dict[uuid.UUID, str]) -> _Row:
    translated = " ".join(v for t in (e.translations or {}).values() for v in t.values())
    text = " ".join([e.display_name, *(e.name_variants or []), e.headline or "", e.bio or "",
                     " ".join(e.expertise or []), e.affiliation or "", translated])  # fmt: skip
    return _Row(
        id=e.id,
        name=fold(e.display_name),
        names=(e.display_name, *(e.name_variants or [])),
        text=f" {fold(text)} ",
        values={
            "field": tuple(e.fields or []),
            "country": (e.residence_country,) if e.residence_country else (),
            "language": tuple(e.languages or []),
            "hub": (hub_codes.get(e.hub_id, ""),),
            "availability": (e.availability,),
        },
        updated=e.updated_at,
    )


def _keyword_scores(rows: list[_Row], q: str) -> dict[uuid.UUID, float]:
    terms = fold(q).split()
    scores: dict[uuid.UUID, float] = {}
    for row in rows:
        if terms and all(f" {t}" in row.text for t in terms):
            scores[row.id] = sum(row.text.count(f" {t}") for t in terms) + (
                5.0 if all(t in row.name for t in terms) else 0.0
            )
        elif len(terms) <= 4 and (sim := name_similarity([q], row.names)) >= 0.85:
            scores[row.id] = 5.0 * sim  # the same name in another script or order
    return scores


class ExpertSearch:
    def __init__(self, session: Session, settings: Any = None) -> None:
        self.session = session
        self.settings = settings

    def _rows(self, user: User | None) -> list[_Row]:
        from vstid.hubs.models import Hub

        hub_codes = {h.id: h.code for h in self.session.scalars(select(Hub)).all()}
        stmt = restrict_experts(select(ExpertProfile), user)
        return [_row(e, hub_codes) for e in self.session.scalars(stmt).all()]

    def _semantic(self, q: str) -> tuple[list[tuple[uuid.UUID, float]], str | None]:
        try:
            from vstid.matching.service import MatchingService

            service = MatchingService(self.session, self.settings)
            lock = service.holder.lock
            # a rebuild holds the engine for minutes; a search page must not wait for it
            if not lock.acquire(timeout=_INDEX_WAIT_S):
                return [], "the semantic index is being rebuilt"
            try:
                hits = service.search_experts(q, k=100)
            finally:
                lock.release()
        except Exception as exc:  # the index is optional: search must still answer
            return [], f"semantic search unavailable ({type(exc).__name__})"
        return (hits, None) if hits else ([], "the semantic index is empty")

    def _rank(
        self, rows: list[_Row], filters: SearchFilters
    ) -> tuple[list[_Row], bool, str | None]:
        if not filters.q:
            return rows, False, None
        keyword = _keyword_scores(rows, filters.q)
        semantic, note = self._semantic(filters.q) if self.settings is not None else ([], None)
        by_id = {r.id: r for r in rows}
        lexical = sorted(keyword, key=lambda i: (-keyword[i], by_id[i].name))  # stable ties
        fused: dict[uuid.UUID, float] = {}
        for ranking in (lexical, [i for i, _ in semantic]):
            for rank, expert_id in enumerate(ranking):
                fused[expert_id] = fused.get(expert_id, 0.0) + 1.0 / (_RRF_K + rank)
        ranked = sorted((i for i in fused if i in by_id), key=lambda i: (-fused[i], by_id[i].name))
        return [by_id[i] for i in ranked], bool(semantic), note

    @staticmethod
    def _matches(row: _Row, filters: SearchFilters) -> bool:
        return all(
            getattr(filters, facet) is None or getattr(filters, facet) in row.values[facet]
            for facet in FACETS
        )

    def _facets(self, rows: list[_Row], filters: SearchFilters) -> dict[str, list[tuple[str, int]]]:
        out = {}
        for facet in FACETS:
            others = filters.without(facet)
            counts: Counter[str] = Counter(
                v for r in rows if self._matches(r, others) for v in r.values[facet] if v
            )
            out[facet] = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        return out

    def load(self, ids: list[uuid.UUID]) -> list[ExpertProfile]:
        """Full rows in the given order (for export)."""
        found: dict[uuid.UUID, ExpertProfile] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            stmt = select(ExpertProfile).where(ExpertProfile.id.in_(chunk))
            found.update({e.id: e for e in self.session.scalars(stmt).all()})
        return [found[i] for i in ids if i in found]

    def search(self, user: User | None, filters: SearchFilters, params: PageParams) -> SearchResult:
        ranked, semantic, note = self._rank(self._rows(user), filters)
        hits = [r for r in ranked if self._matches(r, filters)]
        if filters.sort == "name" or (filters.sort == "relevance" and not filters.q):
            hits.sort(key=lambda r: r.name)
        elif filters.sort == "newest":
            hits.sort(key=lambda r: r.updated, reverse=True)
        ids = [r.id for r in hits]
        window = self.load(ids[params.offset : params.offset + params.size])
        page = Page(items=window, total=len(ids), page=params.page, size=params.size)
        return SearchResult(page, self._facets(ranked, filters), semantic, note, ids)
