"""`MatchEngine`: the public façade of the matching core.

It indexes expert profiles as passages (dense vectors + analysed terms), and for
a problem returns ranked experts with calibrated scores and evidence. The
application keeps the database; the engine keeps only what ranking needs.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from vstid.engine.analysis import FOLD_PREFIX, analyse, analyse_query
from vstid.engine.calibration import LanguageMeans
from vstid.engine.documents import (
    Constraints,
    Evidence,
    ExpertDoc,
    ExpertMatch,
    Passage,
    ProblemDoc,
    ScoreParts,
)
from vstid.engine.embedders import Embedder, l2_normalise
from vstid.engine.errors import InvalidDocumentError, UnknownExpertError
from vstid.engine.journal import Added, Change, Removed
from vstid.engine.lexical import BM25Index
from vstid.engine.passages import expert_passages, problem_language, problem_text
from vstid.engine.persist import load_engine, save_engine
from vstid.engine.ranking import (
    RankingConfig,
    aggregate_by_owner,
    combine,
    concept_profile,
    concept_score,
    is_excluded,
    query_shortness,
)
from vstid.engine.store import PassageStore
from vstid.engine.text import normalise
from vstid.engine.vector_index import VectorIndex

__all__ = ["MatchEngine"]


class MatchEngine:
    """Index experts, match problems. Reads may run concurrently with each other;
    the caller serialises writes (index_experts, remove_expert, calibrate_queries)."""

    def __init__(self, embedder: Embedder, config: RankingConfig | None = None) -> None:
        self.embedder = embedder
        self.config = config or RankingConfig()
        self.experts: dict[str, ExpertDoc] = {}
        self.store = PassageStore(embedder.dim)
        self.lexical = BM25Index()
        self.passage_means = LanguageMeans(embedder.dim)
        self.query_means = LanguageMeans(embedder.dim)
        self._centred: np.ndarray | None = None
        self._candidates = _CandidateIndex(self)
        # Changes since the last save or load, so that a save can write only those (a segment).
        self.journal: list[Change] = []

    # ----------------------------------------------------------------- indexing
    def index_experts(self, experts: Iterable[ExpertDoc]) -> None:
        """Add or replace experts. Embeds all their passages in one batch."""
        batch = list(experts)
        if len({e.id for e in batch}) != len(batch):
            raise InvalidDocumentError("duplicate expert id in one index_experts call")
        for expert in batch:
            if expert.id in self.experts:
                self.remove_expert(expert.id)
        passages = [p for e in batch for p in expert_passages(e)]
        vectors = self.embedder.embed_passages([p.text for p in passages])
        terms = [analyse(p.text, p.language) for p in passages]
        self.insert_embedded(batch, passages, vectors, terms)

    def insert_embedded(
        self,
        batch: Sequence[ExpertDoc],
        passages: Sequence[Passage],
        vectors: np.ndarray,
        terms: Sequence[Sequence[str]],
    ) -> None:
        """Add new experts whose passages are already embedded and analysed: the second half
        of `index_experts`, and how a saved segment is replayed without the embedder."""
        first = self.store.size
        rows = self.store.add(passages, vectors)
        for row, row_terms in zip(rows, terms, strict=True):
            self.lexical.add(str(row), row_terms)
        self.passage_means.add(vectors, [p.language for p in passages])
        self.experts.update({e.id: e for e in batch})
        self._centred = None
        self._candidates.add(rows)
        self.journal.append(Added(tuple(batch), first, len(rows)))

    def remove_expert(self, expert_id: str) -> None:
        if expert_id not in self.experts:
            raise UnknownExpertError(f"expert {expert_id!r} is not indexed")
        rows = self.store.remove_expert(expert_id)
        self.passage_means.remove(self.store.vectors(rows), self.store.languages(rows))
        for row in rows:
            self.lexical.remove(str(row))
        del self.experts[expert_id]
        self._centred = None
        self._candidates.remove(rows)
        self.journal.append(Removed(expert_id))

    def calibrate_queries(self, problems: Iterable[ProblemDoc]) -> None:
        """Learn the per-language mean of *query* embeddings from problem texts.

        Feed it the platform's past and current problems (never relevance
        judgements). Until a language has been seen, the passage mean of that
        language stands in, which recovers most but not all of the effect.
        """
        batch = list(problems)
        vectors = self.embedder.embed_queries([problem_text(p) for p in batch])
        self.query_means.add(vectors, [problem_language(p) for p in batch])

    def __len__(self) -> int:
        return len(self.experts)

    def centred_passages(self) -> np.ndarray:
        """All passage vectors with their language mean removed (cached until a change)."""
        if self._centred is None:
            langs = [p.language for p in self.store.passages]
            if not langs:
                self._centred = np.zeros((0, self.embedder.dim), dtype=np.float32)
            elif self.config.language_centring:
                self._centred = self.passage_means.centre(self.store.all_vectors, langs)
            else:
                self._centred = self.store.all_vectors
        return self._centred

    # ----------------------------------------------------------------- matching
    def match(
        self, problem: ProblemDoc, top_k: int | None = 10, constraints: Constraints | None = None
    ) -> list[ExpertMatch]:
        """Rank experts for `problem`; `top_k=None` returns every eligible expert."""
        constraints = constraints or Constraints()
        language = problem_language(problem)
        texts = [problem_text(problem)]
        if normalise(problem.title) and normalise(problem.title) != texts[0]:
            texts.append(normalise(problem.title))
        queries = self.embedder.embed_queries(texts)
        if self.config.language_centring:
            queries = self.query_means.centre(
                queries, [language] * len(texts), self.passage_means, self.config.query_mean_prior
            )
        tw = self.config.title_weight
        weights = np.array([1.0] if len(texts) == 1 else [1 - tw, tw])
        rows = self._candidates.rows(queries[0])
        sims = self.centred_passages()[rows] @ queries.T
        dense_rows = sims @ weights
        terms = analyse_query(texts[0], language)
        lex_rows = self._lexical_rows(terms, rows)
        # Orders (a description, often fields) are problems, not short queries.
        free_text = not problem.description and not problem.fields
        shortness = query_shortness(terms, self.config) if free_text else 0.0
        return self._rank(
            problem, constraints, rows, dense_rows, lex_rows, terms, top_k, shortness=shortness
        )

    def _lexical_rows(self, terms: Sequence[str], rows: np.ndarray) -> np.ndarray:
        top = self.lexical.max_score(terms)
        if top <= 0 or len(rows) == 0:
            return np.zeros(len(rows))
        lex = self.lexical.scores(terms)[rows] / top
        if self.config.lexical_centring:
            # Terms rarely cross languages, so raw lexical evidence lifts every
            # same-language passage at once; centring it per passage language
            # keeps only its power to separate passages within a language.
            langs = self.store.language_array()[rows]
            for lang in np.unique(langs):
                lex[langs == lang] -= lex[langs == lang].mean()
        return lex

    def _rank(
        self,
        problem: ProblemDoc,
        constraints: Constraints,
        rows: np.ndarray,
        dense_rows: np.ndarray,
        lex_rows: np.ndarray,
        terms: Sequence[str],
        top_k: int | None,
        skip: str | None = None,
        shortness: float = 0.0,
    ) -> list[ExpertMatch]:
        owner_ids = sorted({self.store.passages[r].expert_id for r in rows})
        index = {e: i for i, e in enumerate(owner_ids)}
        owners = np.array([index[self.store.passages[r].expert_id] for r in rows], dtype=np.int64)
        dense = aggregate_by_owner(owners, dense_rows, len(owner_ids), self.config.max_weight)
        # Every owner has at least one row here, so the -inf start never survives.
        lexical = np.full(len(owner_ids), -np.inf)
        np.maximum.at(lexical, owners, lex_rows)
        cfg = self.config
        weight = cfg.lexical_weight + shortness * (cfg.short_lexical_weight - cfg.lexical_weight)
        eligible = [
            i
            for i, expert_id in enumerate(owner_ids)
            if expert_id != skip and not is_excluded(self.experts[expert_id], problem, constraints)
        ]
        concept = {i: 0.0 for i in eligible}
        if shortness > 0 and cfg.concept_weight > 0:
            # First pass without concepts; its best experts' fields say what is asked about.
            first_pass = {i: float(dense[i] + weight * lexical[i]) for i in eligible}
            best = sorted(eligible, key=lambda i: (-first_pass[i], i))[: cfg.concept_pool]
            profile = concept_profile(
                [self.experts[owner_ids[i]].fields for i in best], [first_pass[i] for i in best]
            )
            for i in eligible:
                fields = self.experts[owner_ids[i]].fields
                concept[i] = shortness * cfg.concept_weight * concept_score(profile, fields)
        scored: list[tuple[float, str, ScoreParts]] = []
        for i in eligible:
            expert_id = owner_ids[i]
            score, parts = combine(
                float(dense[i]), float(lexical[i]), self.experts[expert_id], problem,
                constraints, cfg, lexical_weight=weight, concept=concept[i],
            )  # fmt: skip
            scored.append((score, expert_id, parts))
        # Ties are broken by expert id so that equal scores always rank the same way.
        scored.sort(key=lambda item: (-item[0], item[1]))
        chosen = scored if top_k is None else scored[:top_k]
        row_pos = {int(r): k for k, r in enumerate(rows)}
        return [
            ExpertMatch(
                expert_id=eid,
                score=round(score, 6),
                rank=rank,
                parts=parts,
                evidence=self._evidence(eid, row_pos, dense_rows, lex_rows, terms),
            )
            for rank, (score, eid, parts) in enumerate(chosen, start=1)
        ]

    def _evidence(
        self,
        expert_id: str,
        row_pos: dict[int, int],
        dense_rows: np.ndarray,
        lex_rows: np.ndarray,
        terms: Sequence[str],
    ) -> tuple[Evidence, ...]:
        mine = [r for r in self.store.rows_of.get(expert_id, []) if r in row_pos]
        mine.sort(key=lambda r: (-dense_rows[row_pos[r]], r))
        out = []
        for row in mine[: self.config.evidence_per_expert]:
            passage = self.store.passages[row]
            matched = self.lexical.matched_terms(row, terms)
            shown = dict.fromkeys(t.removeprefix(FOLD_PREFIX) for t in matched)
            out.append(
                Evidence(
                    kind=passage.kind,
                    text=passage.text,
                    language=passage.language,
                    dense=round(float(dense_rows[row_pos[row]]), 6),
                    lexical=round(float(lex_rows[row_pos[row]]), 6),
                    terms=tuple(shown),
                )
            )
        return tuple(out)

    def similar_experts(self, expert_id: str, k: int = 10) -> list[ExpertMatch]:
        """Experts whose passages are closest to this expert's profile as a whole."""
        if expert_id not in self.experts:
            raise UnknownExpertError(f"expert {expert_id!r} is not indexed")
        mine = self.store.rows_of[expert_id]
        centred = self.centred_passages()
        query = l2_normalise(centred[mine].mean(axis=0))[0]
        rows = self._candidates.rows(query)
        dense_rows = centred[rows] @ query
        probe = ProblemDoc(id=f"similar:{expert_id}", title=expert_id)
        return self._rank(
            probe, Constraints(), rows, dense_rows, np.zeros(len(rows)), (), k, skip=expert_id
        )

    # -------------------------------------------------------------- persistence
    def save(self, directory: Path) -> None:
        save_engine(self, Path(directory))

    @classmethod
    def load(cls, directory: Path, embedder: Embedder) -> MatchEngine:
        return load_engine(cls, Path(directory), embedder)


class _CandidateIndex:
    """Which passage rows to score exactly.

    Small corpora: every live row. Large ones: the union, over passage
    languages, of the nearest rows in one `VectorIndex` per language, then all
    rows of those experts. Searching per language is what keeps other-language
    experts from being crowded out of the candidate set.
    """

    def __init__(self, engine: MatchEngine) -> None:
        self.engine = engine
        self._indexes: dict[str, VectorIndex] | None = None

    def add(self, rows: Sequence[int]) -> None:
        """Keep built indexes in step. Rows are centred with the means of the
        moment; later drift of the means only blurs candidate choice, never the
        final scores, which are always recomputed exactly."""
        if self._indexes is None or not rows:
            return
        centred = self.engine.centred_passages()
        for lang, lang_rows in self._by_language(rows).items():
            self._index(lang).add(lang_rows, centred[lang_rows])

    def remove(self, rows: Sequence[int]) -> None:
        if self._indexes is None:
            return
        for lang, lang_rows in self._by_language(rows).items():
            self._index(lang).remove(lang_rows)

    def _by_language(self, rows: Iterable[int]) -> dict[str, list[int]]:
        by_lang: dict[str, list[int]] = {}
        for row in rows:
            by_lang.setdefault(self.engine.store.passages[int(row)].language, []).append(int(row))
        return by_lang

    def _index(self, language: str) -> VectorIndex:
        assert self._indexes is not None
        if language not in self._indexes:
            self._indexes[language] = VectorIndex(self.engine.embedder.dim)
        return self._indexes[language]

    def rows(self, query: np.ndarray) -> np.ndarray:
        store = self.engine.store
        live = store.live_rows()
        if len(live) <= self.engine.config.exact_limit:
            return live
        if self._indexes is None:
            self._indexes = {}
            self.add([int(r) for r in live])
        experts: set[str] = set()
        k = self.engine.config.candidates_per_language
        for index in self._indexes.values():
            found, _ = index.search(query.astype(np.float32), min(k, len(index)))
            experts.update(store.passages[int(r)].expert_id for r in found)
        return np.array(sorted(r for e in experts for r in store.rows_of[e]), dtype=np.int64)
