from __future__ import annotations

import operator
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from dataclasses import field as dc_field
from functools import reduce
from typing import Any, TypeVar

from sqlalchemy import (
    ColumnElement,
    Float,
    Select,
    Subquery,
    and_,
    case,
    cast,
    delete,
    exists,
    false,
    func,
    intersect,
    literal,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import Session, aliased, selectinload

from vstid.accounts.models import User
from vstid.core.models import utcnow
from vstid.core.repository import Repository
from vstid.core.upsert import insert_for
from vstid.experts.models import ExpertFacet, ExpertProfile, Publication, ReindexMark
from vstid.experts.permissions import restrict_experts
from vstid.experts.search_keys import LIST_FACETS, MAX_VALUE
from vstid.hubs.models import Hub

__all__ = [
    "ExpertRepository",
    "ExpertSearchRepository",
    "PublicationRepository",
    "ReindexMarkRepository",
    "SearchCriteria",
]

S = TypeVar("S", bound=Select)  # any select over expert_profiles, whatever its columns
Mark = tuple[uuid.UUID, uuid.UUID]  # (expert id, token)


class ExpertRepository(Repository[ExpertProfile]):
    model = ExpertProfile

    def by_slug(self, slug: str) -> ExpertProfile | None:
        return self.get_by(slug=slug)

    def by_user(self, user_id: uuid.UUID) -> ExpertProfile | None:
        return self.get_by(user_id=user_id)

    def listing(
        self,
        *,
        q: str | None = None,
        country: str | None = None,
        availability: str | None = None,
        hub_id: uuid.UUID | None = None,
    ) -> Select[ExpertProfile]:
        stmt = select(ExpertProfile).order_by(ExpertProfile.display_name, ExpertProfile.id)
        if q:
            like = f"%{q}%"
            stmt = stmt.where(
                or_(
                    ExpertProfile.display_name.ilike(like),
                    ExpertProfile.headline.ilike(like),
                    ExpertProfile.affiliation.ilike(like),
                )
            )
        if country:
            stmt = stmt.where(ExpertProfile.residence_country == country.upper())
        if availability:
            stmt = stmt.where(ExpertProfile.availability == availability)
        if hub_id:
            stmt = stmt.where(ExpertProfile.hub_id == hub_id)
        return stmt

    def with_publications(self, stmt: Select[ExpertProfile]) -> Select[ExpertProfile]:
        return stmt.options(selectinload(ExpertProfile.publications))


class PublicationRepository(Repository[Publication]):
    model = Publication


class ReindexMarkRepository(Repository[ReindexMark]):
    model = ReindexMark

    def mark(self, expert_id: uuid.UUID) -> None:
        """Insert or renew the mark in one statement (two requests marking one profile at once
        must not collide on the key)."""
        row = {"expert_id": expert_id, "token": uuid.uuid4(), "marked_at": utcnow()}
        stmt = insert_for(self.session, ReindexMark).values(**row)
        renew = {"token": stmt.excluded.token, "marked_at": stmt.excluded.marked_at}
        self.session.execute(stmt.on_conflict_do_update(index_elements=["expert_id"], set_=renew))

    def oldest(self, limit: int) -> list[Mark]:
        stmt = (
            select(ReindexMark.expert_id, ReindexMark.token)
            .order_by(ReindexMark.marked_at, ReindexMark.expert_id)
            .limit(limit)
        )
        return [(expert_id, token) for expert_id, token in self.session.execute(stmt)]

    def clear(self, marks: Sequence[Mark]) -> None:
        """Delete these marks unless renewed since they were read (a newer token stays)."""
        for start in range(0, len(marks), 200):  # stay under bind-parameter limits
            chunk = marks[start : start + 200]
            match = [and_(ReindexMark.expert_id == e, ReindexMark.token == t) for e, t in chunk]
            self.session.execute(delete(ReindexMark).where(or_(*match)))

    def waiting(self) -> int:
        return int(self.session.scalar(select(func.count()).select_from(ReindexMark)) or 0)


@dataclass(frozen=True)
class SearchCriteria:
    """A directory search as the database applies it. With `text`, only profiles matched by
    keyword (every folded word in `terms`), by name across scripts (`named`, with a score)
    or by the semantic index (`semantic`) take part. `matched` holds the keyword and name
    matches once read (id → score), so that later queries need not find them again."""

    field: str | None = None
    country: str | None = None
    language: str | None = None
    hub: str | None = None
    availability: str | None = None
    text: bool = False
    terms: tuple[str, ...] = ()
    named: Mapping[uuid.UUID, float] = dc_field(default_factory=dict)
    semantic: tuple[uuid.UUID, ...] = ()
    matched: Mapping[uuid.UUID, float] | None = None

    def without(self, facet: str) -> SearchCriteria:
        cleared: dict[str, Any] = {facet: None}
        return replace(self, **cleared)


_E = ExpertProfile
_F = ExpertFacet
_LIST_KEYS: dict[str, Any] = {"field": _E.fields_key, "language": _E.languages_key}
_COLUMN_FACETS: dict[str, Any] = {
    "country": _E.residence_country,
    "availability": _E.availability,
}


def _prefix(word: str) -> ColumnElement[bool]:
    """Stored words that begin with `word`, as an index range: words are [a-z0-9] only (see
    search_keys.fold), so every one of them that starts with `word` lies between `word` and
    `word` padded with "z" to the column width, and no other does."""
    return and_(_F.value >= word, _F.value <= word + "z" * (MAX_VALUE - len(word)))


class ExpertSearchRepository:
    """Named queries of the experts directory: every count and page over the scoped set."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._built: dict[tuple[Any, ...], Subquery | None] = {}

    # ------------------------------------------------------------------ building blocks
    def _lexical(self, c: SearchCriteria) -> Subquery | None:
        # one search asks for it in each of its queries; building it is not free
        key = (c.terms, tuple(sorted(c.named.items())))
        if key not in self._built:
            self._built[key] = self._build_lexical(c)
        return self._built[key]

    def _build_lexical(self, c: SearchCriteria) -> Subquery | None:
        """(id, score) of keyword and name matches. Each query word must begin a word of the
        profile (so "sensor" finds "sensors"); it scores 2 when that word is in a name."""
        parts: list[Select[Any]] = []
        if c.terms:
            parts.append(self._word_matches(c.terms))
        if c.named:
            score = case(dict(c.named), value=_E.id, else_=0.0)
            parts.append(
                select(_E.id.label("id"), cast(score, Float).label("score")).where(
                    _E.id.in_(list(c.named))
                )
            )
        if not parts:
            return None
        both = union_all(*parts).subquery()
        return (
            select(both.c.id, func.max(both.c.score).label("score")).group_by(both.c.id).subquery()
        )

    @staticmethod
    def _word_matches(words: Sequence[str]) -> Select[Any]:
        """One index range per word and kind ('term', 'name'), so no query scans all words;
        a profile qualifies when every word found one of its words."""
        ranges = union_all(*(
            select(_F.expert_id, literal(i).label("word"),
                   literal(2.0 if facet == "name" else 1.0).label("weight"))
            .where(_F.facet == facet, _prefix(word))
            for i, word in enumerate(words) for facet in ("term", "name")
        )).subquery()  # fmt: skip
        per_word = [func.max(case((ranges.c.word == i, ranges.c.weight), else_=0.0))
                    for i in range(len(words))]  # fmt: skip
        return (
            select(ranges.c.expert_id.label("id"),
                   cast(reduce(operator.add, per_word), Float).label("score"))
            .group_by(ranges.c.expert_id)
            .having(and_(*(best > 0 for best in per_word)))
        )  # fmt: skip

    def _member(self, c: SearchCriteria) -> ColumnElement[bool]:
        lexical = self._lexical(c)
        found: list[ColumnElement[bool]] = []
        if c.matched is not None:
            found.append(_E.id.in_(list(c.matched)))
        elif lexical is not None:
            found.append(_E.id.in_(select(lexical.c.id)))
        if c.semantic:
            found.append(_E.id.in_(c.semantic))
        return or_(*found) if found else false()

    def _where(self, stmt: S, user: User | None, c: SearchCriteria, *, text: bool = True) -> S:
        stmt = restrict_experts(stmt, user)
        for facet, column in _COLUMN_FACETS.items():
            if getattr(c, facet):
                stmt = stmt.where(column == getattr(c, facet))
        if c.hub:
            stmt = stmt.where(_E.hub_id.in_(select(Hub.id).where(Hub.code == c.hub)))
        for facet in LIST_FACETS:
            if getattr(c, facet):
                row = aliased(ExpertFacet)  # the facet counts join _F already
                stmt = stmt.where(
                    exists().where(
                        row.expert_id == _E.id, row.facet == facet, row.value == getattr(c, facet)
                    )
                )
        return stmt.where(self._member(c)) if text and c.text else stmt

    # -------------------------------------------------------------------- named queries
    def lexical_scores(self, c: SearchCriteria, cap: int) -> dict[uuid.UUID, float] | None:
        """Keyword and name matches (id → score, before scoping), or None past `cap`."""
        lexical = self._lexical(c)
        if lexical is None:
            return {}
        rows = self.session.execute(select(lexical.c.id, lexical.c.score).limit(cap + 1)).all()
        return None if len(rows) > cap else {i: float(score) for i, score in rows}

    def column_groups(
        self, user: User | None, c: SearchCriteria
    ) -> list[tuple[str, str, str, int]]:
        """(country or "", availability, hub code, count) over the set filtered by everything but
        those three: the total and their facet counts all follow from it, in one pass."""
        # coalesce: grouping by the bare column would walk its own index, and fetch every
        # wide row for the other two, instead of one pass over the directory index
        columns = (func.coalesce(_E.residence_country, ""), _E.availability, Hub.code)
        stmt = select(*columns, func.count()).select_from(_E).join(Hub, Hub.id == _E.hub_id)
        base = replace(c, country=None, availability=None, hub=None)
        stmt = self._where(stmt.group_by(*columns), user, base)
        return [
            (country, avail, hub, int(n)) for country, avail, hub, n in self.session.execute(stmt)
        ]

    def list_facet_counts(
        self, user: User | None, c: SearchCriteria, facet: str
    ) -> list[tuple[str, int]]:
        """Counts of each value of a list facet ('field', 'language') over the set filtered by
        every *other* facet: one grouped pass over the directory index by the list's key
        ('|ai|iot|'), each group's count then credited to every value in its key."""
        key = _LIST_KEYS[facet]
        stmt = self._where(select(key, func.count()).group_by(key), user, c.without(facet))
        counts: dict[str, int] = {}
        for combination, n in self.session.execute(stmt):
            for value in filter(None, str(combination).split("|")):
                counts[value] = counts.get(value, 0) + int(n)
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))

    def page_ids(
        self, user: User | None, c: SearchCriteria, sort: str, offset: int, limit: int | None
    ) -> list[uuid.UUID]:
        order = (_E.updated_at.desc(), _E.id) if sort == "newest" else (_E.sort_name, _E.id)
        stmt = self._where(select(_E.id), user, c).order_by(*order).offset(offset).limit(limit)
        return list(self.session.scalars(stmt))

    def lexical_ranks(
        self, user: User | None, c: SearchCriteria, limit: int | None, also: Sequence[uuid.UUID]
    ) -> list[tuple[uuid.UUID, int, str]]:
        """(id, 1-based keyword rank, sort name) of the first `limit` keyword matches in the
        filtered set, and of any in `also` wherever they rank."""
        if c.matched is not None:
            return self._ranked_matches(user, c, c.matched, limit, also)
        lexical = self._lexical(c)
        if lexical is None:
            return []
        rank = func.row_number().over(order_by=(lexical.c.score.desc(), _E.sort_name, _E.id))
        inner = self._where(
            select(_E.id, rank.label("rank"), _E.sort_name).join(lexical, lexical.c.id == _E.id),
            user, c, text=False,
        ).subquery()  # fmt: skip
        stmt = select(inner.c.id, inner.c.rank, inner.c.sort_name)
        if limit is not None:
            stmt = stmt.where(or_(inner.c.rank <= limit, inner.c.id.in_(also)))
        return [(i, int(r), n) for i, r, n in self.session.execute(stmt)]

    def _ranked_matches(
        self, user: User | None, c: SearchCriteria, scores: Mapping[uuid.UUID, float],
        limit: int | None, also: Sequence[uuid.UUID],
    ) -> list[tuple[uuid.UUID, int, str]]:  # fmt: skip
        names = self.sort_names(user, c, list(scores))
        order = sorted(names, key=lambda i: (-scores[i], names[i], i))
        wanted = set(also)
        return [
            (i, rank, names[i])
            for rank, i in enumerate(order, start=1)
            if limit is None or rank <= limit or i in wanted
        ]

    def sort_names(
        self, user: User | None, c: SearchCriteria, ids: Sequence[uuid.UUID]
    ) -> dict[uuid.UUID, str]:
        """Those of `ids` in the filtered set, with their sort names."""
        if not ids:
            return {}
        stmt = self._where(select(_E.id, _E.sort_name).where(_E.id.in_(ids)), user, c, text=False)
        return {i: n for i, n in self.session.execute(stmt)}

    def by_name_words(
        self, user: User | None, word_sets: Sequence[Sequence[str]], limit: int
    ) -> list[tuple[uuid.UUID, list[str]]]:
        """Visible profiles with a name word from every set (readings of a name in another
        script), with their names, at most `limit`."""
        found = intersect(
            *(select(_F.expert_id).where(_F.facet == "name", _F.value.in_(w)) for w in word_sets)
        ).subquery()
        stmt = select(_E.id, _E.display_name, _E.name_variants).where(
            _E.id.in_(select(found.c.expert_id))
        )
        stmt = restrict_experts(stmt, user).order_by(_E.sort_name, _E.id).limit(limit)
        return [(i, [n, *(v or [])]) for i, n, v in self.session.execute(stmt)]

    def by_ids(self, ids: Sequence[uuid.UUID], chunk: int = 500) -> Iterator[ExpertProfile]:
        """Full rows in the given order, a chunk at a time."""
        for start in range(0, len(ids), chunk):
            part = ids[start : start + chunk]
            found = {e.id: e for e in self.session.scalars(select(_E).where(_E.id.in_(part)))}
            yield from (found[i] for i in part if i in found)
