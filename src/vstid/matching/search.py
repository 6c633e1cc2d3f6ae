"""Expert search: keyword (diacritics-, script- and name-order-aware) fused with the semantic
index when it is available, filtered by facets whose counts ignore their own selection.

The database does the work: keyword words and facet values of every profile are kept in
`expert_facets` (experts.models), so matching, filtering, counting and paging are indexed
queries over the scoped set, and only the page shown is loaded. Python ranks at most a page's
worth of keyword hits plus the semantic hits (reciprocal rank fusion). The semantic part
comes from this process's engine (matching.holder) and is optional: while the index is being
built or rebuilt, search answers from keywords alone and says so."""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from sqlalchemy.orm import Session

from vstid.accounts.models import User
from vstid.core.pagination import Page, PageParams
from vstid.core.settings import Settings
from vstid.experts.models import ExpertProfile
from vstid.experts.repository import ExpertSearchRepository, SearchCriteria
from vstid.experts.search_keys import words
from vstid.identity.matcher import name_similarity
from vstid.identity.names import parse_name, script_of
from vstid.matching.service import MatchingService

__all__ = ["FACETS", "SORTS", "ExpertSearch", "SearchFilters", "SearchResult"]

FACETS = ("field", "country", "language", "hub", "availability")
SORTS = ("relevance", "name", "newest")
_RRF_K = 60
_INDEX_WAIT_S = 1.0
_SEMANTIC_K = 100
_NAME_CANDIDATES = 500  # profiles sharing the readings of a name, checked one by one
_NAME_MATCH = 0.85
_MATERIALISE = 5000  # keyword matches read once into the request, at most


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


class ExpertSearch:
    def __init__(
        self, session: Session, settings: Settings | None = None, materialise: int = _MATERIALISE
    ) -> None:
        self.session = session
        self.settings = settings
        self.materialise = materialise
        self.repo = ExpertSearchRepository(session)

    def search(self, user: User | None, filters: SearchFilters, params: PageParams) -> SearchResult:
        criteria, note = self._criteria(user, filters)
        total, facets = self._counts(user, criteria)
        ids = self._ordered(user, criteria, filters, params.offset, params.size)
        page = Page(list(self.repo.by_ids(ids)), total, params.page, params.size)
        # semantic: the index was asked (it may have found no one above its floor)
        asked = bool(filters.q) and self.settings is not None and note is None
        return SearchResult(page, facets, asked, note)

    def _counts(
        self, user: User | None, c: SearchCriteria
    ) -> tuple[int, dict[str, list[tuple[str, int]]]]:
        """The total and every facet's counts. Country, availability and hub come from one
        grouped query (a few hundred groups at most), each facet counted over the groups that
        pass the *other* two selections; field and language have a query each."""
        groups = self.repo.column_groups(user, c)
        chosen = {"country": c.country, "availability": c.availability, "hub": c.hub}

        def kept(values: dict[str, str], skip: str | None) -> bool:
            return all(v in (None, values[k]) for k, v in chosen.items() if k != skip)

        rows = [({"country": g[0], "availability": g[1], "hub": g[2]}, g[3]) for g in groups]
        facets: dict[str, list[tuple[str, int]]] = {}
        for facet in FACETS:
            if facet not in chosen:
                facets[facet] = self.repo.list_facet_counts(user, c, facet)
                continue
            counts: Counter[str] = Counter()
            for values, n in rows:
                if values[facet] and kept(values, facet):
                    counts[str(values[facet])] += n
            facets[facet] = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        return sum(n for values, n in rows if kept(values, None)), facets

    def export(self, user: User | None, filters: SearchFilters) -> Iterator[ExpertProfile]:
        """Every match in the search's order, loaded a chunk at a time."""
        criteria, _ = self._criteria(user, filters)
        return self.repo.by_ids(self._ordered(user, criteria, filters, 0, None))

    # ---------------------------------------------------------------------- criteria
    def _criteria(self, user: User | None, f: SearchFilters) -> tuple[SearchCriteria, str | None]:
        base = SearchCriteria(field=f.field, country=f.country, language=f.language,
                              hub=f.hub, availability=f.availability)  # fmt: skip
        if not f.q:
            return base, None
        semantic, note = self._semantic(f.q) if self.settings is not None else ([], None)
        criteria = replace(base, text=True, terms=tuple(words(f.q)),
                           named=self._named(user, f.q), semantic=tuple(semantic))  # fmt: skip
        # Read the keyword matches once when they are few (the usual case), rather than
        # finding them again in each count; a word as common as "a" stays a subquery.
        matched = self.repo.lexical_scores(criteria, self.materialise)
        if matched is not None:
            criteria = replace(criteria, terms=(), named={}, matched=matched)
        return criteria, note

    def _named(self, user: User | None, q: str) -> dict[uuid.UUID, float]:
        """The same name written in another script (グエン・ヴァン・アン for Nguyễn Văn An):
        profiles holding a reading of every part, confirmed by the name matcher. Latin
        queries need none of this: their folded words already meet the names."""
        tokens = [t for t in parse_name(q).tokens if not t.initial]
        if not 1 <= len(tokens) <= 4 or all(script_of(w) == "latin" for w in q.split()):
            return {}
        sets = [sorted(t.candidates) for t in tokens]
        found = self.repo.by_name_words(user, sets, _NAME_CANDIDATES)
        scored = {i: name_similarity([q], names) for i, names in found}
        return {i: 2.0 * len(tokens) * s for i, s in scored.items() if s >= _NAME_MATCH}

    def _semantic(self, q: str) -> tuple[list[uuid.UUID], str | None]:
        assert self.settings is not None
        try:
            service = MatchingService(self.session, self.settings)
            lock = service.holder.lock
            # a rebuild holds the engine for minutes; a search page must not wait for it
            if not lock.acquire(timeout=_INDEX_WAIT_S):
                return [], "the semantic index is being rebuilt"
            try:
                hits = service.relevant_experts(q, k=_SEMANTIC_K)
            finally:
                lock.release()
        except Exception as exc:  # the index is optional: search must still answer
            return [], f"semantic search unavailable ({type(exc).__name__})"
        if hits is None:
            return [], "the semantic index is empty"
        return [i for i, _ in hits], None

    # ---------------------------------------------------------------------- ordering
    def _ordered(
        self, user: User | None, c: SearchCriteria, f: SearchFilters, offset: int,
        size: int | None,
    ) -> list[uuid.UUID]:  # fmt: skip
        if c.text and f.sort == "relevance":
            return self._fused(user, c, offset, size)
        return self.repo.page_ids(user, c, f.sort, offset, size)

    def _fused(
        self, user: User | None, c: SearchCriteria, offset: int, size: int | None
    ) -> list[uuid.UUID]:
        """Reciprocal rank fusion of keyword and semantic ranks within the filtered set. Only
        the first offset+size keyword hits can reach the page (a later one is behind all of
        them and has no semantic part), so only those and the semantic hits are read."""
        window = None if size is None else offset + size
        lexical = self.repo.lexical_ranks(user, c, window, c.semantic)
        semantic = self.repo.sort_names(user, c, c.semantic)
        names = {i: n for i, _, n in lexical} | semantic
        fused = {i: 1.0 / (_RRF_K + rank - 1) for i, rank, _ in lexical}
        for rank, expert_id in enumerate(i for i in c.semantic if i in semantic):
            fused[expert_id] = fused.get(expert_id, 0.0) + 1.0 / (_RRF_K + rank)
        ranked = sorted(fused, key=lambda i: (-fused[i], names[i], i))
        return ranked[offset:] if size is None else ranked[offset : offset + size]
