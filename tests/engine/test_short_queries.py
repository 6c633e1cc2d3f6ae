"""Short free-text queries (issue 9, defect 4): few terms weigh lexical evidence up and add a
concept part from the fields of the first pass's best experts; problems with a description
(orders, xling-dev) are ranked exactly as before."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from vstid.engine import ExpertDoc, HashingEmbedder, MatchEngine, ProblemDoc, RankingConfig
from vstid.engine.calibration import LanguageMeans
from vstid.engine.ranking import concept_profile, concept_score, query_shortness


def _engine(config: RankingConfig | None = None) -> MatchEngine:
    engine = MatchEngine(HashingEmbedder(), config)
    engine.index_experts([
        ExpertDoc("warp-en", headline="Warpage of fan-out packages", bio="Moulding warpage.",
                  language="en", fields=("advanced-packaging", "semiconductors")),
        ExpertDoc("pack-ko", headline="팬아웃 패키지 공정", bio="하이브리드 본딩",
                  language="ko", fields=("advanced-packaging", "semiconductors")),
        ExpertDoc("npu-en", headline="NPU architect", bio="Low-power AI accelerators.",
                  language="en", fields=("edge-ai", "semiconductor-design")),
    ])  # fmt: skip
    return engine


def test_shortness_counts_distinct_terms_without_folded_twins() -> None:
    cfg = RankingConfig(short_query_terms=4)
    assert query_shortness(["a", "b", "~a"], cfg) == 1.0
    assert query_shortness([f"t{i}" for i in range(6)], cfg) == pytest.approx(0.5)
    assert query_shortness([f"t{i}" for i in range(8)], cfg) == 0.0
    assert query_shortness([], cfg) == 0.0
    assert query_shortness(["a"], RankingConfig(short_query_terms=0)) == 0.0


def test_concept_score_is_the_cosine_of_field_sets() -> None:
    profile = concept_profile([("p", "s"), ("p", "s"), ("p",)])
    assert concept_score(profile, ("p", "s")) > concept_score(profile, ("s", "d")) > 0
    assert concept_score(profile, ("x",)) == 0.0


def test_a_short_query_lifts_the_expert_sharing_the_concept_of_the_keyword_hit() -> None:
    query = ProblemDoc("q", "warpage", language="en")
    plain = _engine(dataclasses.replace(RankingConfig(), short_query_terms=0)).match(query, None)
    short = _engine().match(query, None)
    parts = {m.expert_id: m.parts for m in short}
    assert parts["pack-ko"].concept > 0 and parts["npu-en"].concept == 0
    assert parts["warp-en"].keywords == pytest.approx(RankingConfig().short_lexical_weight
                                                      * parts["warp-en"].lexical)  # fmt: skip
    rank = {m.expert_id: m.rank for m in short}
    assert rank["warp-en"] == 1 and rank["pack-ko"] < rank["npu-en"]
    assert all(m.parts.concept == 0 for m in plain)


def test_a_problem_with_a_description_is_ranked_as_before() -> None:
    problem = ProblemDoc("p", "warpage", description="Reduce warpage after moulding.",
                         language="en")  # fmt: skip
    off = dataclasses.replace(RankingConfig(), short_query_terms=0)
    assert [(m.expert_id, m.score) for m in _engine().match(problem, None)] == [
        (m.expert_id, m.score) for m in _engine(off).match(problem, None)
    ]


def test_a_query_mean_of_few_problems_is_shrunk_towards_the_passage_mean() -> None:
    passages, queries = LanguageMeans(2), LanguageMeans(2)
    passages.add(np.array([[1.0, 0.0]]), ["ja"])
    queries.add(np.array([[0.0, 1.0]]), ["ja"])  # one problem: its topic, not the language
    shrunk = queries._mean_for("ja", passages, prior=3.0)
    assert shrunk == pytest.approx([0.75, 0.25])
    assert queries._mean_for("ja", passages) == pytest.approx([0.0, 1.0])
