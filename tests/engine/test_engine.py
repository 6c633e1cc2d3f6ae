import json
import math
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from tests.engine._corpus import adc_problem, corpus, expert, wastewater_problem
from vstid.engine import (
    Constraints,
    HashingEmbedder,
    IndexFormatError,
    InvalidDocumentError,
    MatchEngine,
    ProblemDoc,
    RankingConfig,
    UnknownExpertError,
)
from vstid.engine.analysis import analyse, analyse_query
from vstid.engine.passages import expert_passages, problem_text

GOLDEN = Path(__file__).parent / "golden" / "rankings.json"


def engine() -> MatchEngine:
    eng = MatchEngine(HashingEmbedder())
    eng.index_experts(corpus())
    return eng


def ranking(eng: MatchEngine, problem: ProblemDoc) -> list[str]:
    return [m.expert_id for m in eng.match(problem, top_k=None)]


def test_golden_rankings() -> None:
    """Guards against unintended ranking changes; regenerate deliberately when rules change."""
    eng = engine()
    got = {p.id: ranking(eng, p) for p in (wastewater_problem(), adc_problem())}
    assert got == json.loads(GOLDEN.read_text(encoding="utf-8"))


def _unit(v: np.ndarray) -> np.ndarray:
    return v / np.linalg.norm(v)


def _bm25(docs: list[list[str]], query: list[str]) -> list[float]:
    n, avgdl = len(docs), sum(len(d) for d in docs) / len(docs)
    idf = {}
    for t in set(query):
        df = sum(t in d for d in docs)
        if df:
            idf[t] = math.log(1 + (n - df + 0.5) / (df + 0.5))
    top = sum(v * 2.2 for v in idf.values())
    out = []
    for doc in docs:
        tf = Counter(doc)
        norm = 1.2 * (0.25 + 0.75 * len(doc) / avgdl)
        out.append(sum(idf[t] * tf[t] * 2.2 / (tf[t] + norm) for t in idf if t in tf) / top)
    return out


def oracle_scores(experts, problem: ProblemDoc) -> dict[str, float]:
    """The ranking rules written out slowly, one passage and one expert at a time."""
    emb = HashingEmbedder()
    passages = [p for e in experts for p in expert_passages(e)]
    vecs = [emb.embed_passages([p.text])[0] for p in passages]
    means = {
        lang: np.mean([v for v, p in zip(vecs, passages, strict=True) if p.language == lang], 0)
        for lang in {p.language for p in passages}
    }
    centred = [_unit(v - means[p.language]) for v, p in zip(vecs, passages, strict=True)]
    qmean = means[problem.language]  # no query calibration: the passage mean stands in
    full = _unit(emb.embed_queries([problem_text(problem)])[0] - qmean)
    title = _unit(emb.embed_queries([problem.title])[0] - qmean)
    terms = analyse_query(problem_text(problem), problem.language)
    lex = _bm25([analyse(p.text, p.language) for p in passages], terms)
    for lang in {p.language for p in passages}:  # lexical centring per passage language
        same = [i for i, p in enumerate(passages) if p.language == lang]
        mean = sum(lex[i] for i in same) / len(same)
        for i in same:
            lex[i] -= mean
    cfg = RankingConfig()
    scores = {}
    for e in experts:
        mine = [i for i, p in enumerate(passages) if p.expert_id == e.id]
        dense = [0.5 * float(centred[i] @ full) + 0.5 * float(centred[i] @ title) for i in mine]
        score = cfg.max_weight * max(dense) + (1 - cfg.max_weight) * sum(dense) / len(dense)
        score += cfg.lexical_weight * max(lex[i] for i in mine)
        scores[e.id] = score - (0.0 if e.available else cfg.unavailable_penalty)
    return scores


@pytest.mark.parametrize("problem", [wastewater_problem(), adc_problem()])
def test_fast_path_agrees_with_slow_oracle(problem: ProblemDoc) -> None:
    expected = oracle_scores(corpus(), problem)
    got = {m.expert_id: m.score for m in engine().match(problem, top_k=None)}
    assert got.keys() == expected.keys()
    for eid, score in expected.items():
        assert got[eid] == pytest.approx(score, abs=2e-6), eid


def test_every_result_carries_displayable_evidence() -> None:
    results = engine().match(adc_problem(), top_k=3)
    assert [m.rank for m in results] == [1, 2, 3]
    top = results[0]
    assert top.expert_id == "E5"
    assert top.evidence and all(ev.text and ev.language for ev in top.evidence)
    assert any("adc" in ev.terms for ev in top.evidence)
    assert top.evidence[0].dense >= top.evidence[-1].dense


def test_conflicts_are_excluded() -> None:
    eng = engine()
    problem = wastewater_problem(requester_organization_id="ORG-A")
    ids = ranking(eng, problem)
    assert "E1" not in ids  # the requester's own organisation
    declared = Constraints(
        exclude_expert_ids=frozenset({"E4"}), exclude_organization_ids=frozenset({"ORG-B"})
    )
    ids = [m.expert_id for m in eng.match(wastewater_problem(), None, declared)]
    assert "E4" not in ids and "E6" not in ids and "E1" in ids
    available = [
        m.expert_id for m in eng.match(adc_problem(), None, Constraints(only_available=True))
    ]
    assert "E5" not in available


def test_ties_are_broken_by_id() -> None:
    eng = MatchEngine(HashingEmbedder())
    twins = [
        expert(eid, "Battery recycling", "Lithium battery recycling.", language="en")
        for eid in ("T3", "T1", "T2")
    ]
    eng.index_experts(twins)
    results = eng.match(ProblemDoc("P", "Battery recycling", "", "en"), top_k=None)
    assert [m.expert_id for m in results] == ["T1", "T2", "T3"]
    assert len({m.score for m in results}) == 1


def test_remove_and_reindex() -> None:
    eng = engine()
    eng.remove_expert("E5")
    assert "E5" not in ranking(eng, adc_problem())
    with pytest.raises(UnknownExpertError):
        eng.remove_expert("E5")
    fresh = MatchEngine(HashingEmbedder())
    fresh.index_experts([e for e in corpus() if e.id != "E5"])
    assert ranking(eng, adc_problem()) == ranking(fresh, adc_problem())
    eng.index_experts([corpus()[0]])  # re-indexing an expert replaces it
    assert len(eng) == 5


def test_invalid_documents_are_rejected() -> None:
    eng = MatchEngine(HashingEmbedder())
    with pytest.raises(InvalidDocumentError):
        eng.index_experts([expert("", "no id")])
    with pytest.raises(InvalidDocumentError):
        eng.index_experts([expert("X", "dup"), expert("X", "dup")])
    with pytest.raises(InvalidDocumentError):
        eng.match(ProblemDoc("P", "t", "d", language="xx"))


def test_similar_experts_excludes_self() -> None:
    similar = engine().similar_experts("E1", k=3)
    assert similar and similar[0].expert_id != "E1"
    assert all(m.expert_id != "E1" for m in similar)
    with pytest.raises(UnknownExpertError):
        engine().similar_experts("nobody")


def test_save_load_round_trip(tmp_path: Path) -> None:
    eng = engine()
    eng.remove_expert("E3")
    eng.calibrate_queries([wastewater_problem(), adc_problem()])
    eng.save(tmp_path / "index")
    loaded = MatchEngine.load(tmp_path / "index", HashingEmbedder())
    for problem in (wastewater_problem(), adc_problem()):
        assert loaded.match(problem, None) == eng.match(problem, None)
    with pytest.raises(IndexFormatError):
        MatchEngine.load(tmp_path / "index", HashingEmbedder(dim=32))
    with pytest.raises(IndexFormatError):
        MatchEngine.load(tmp_path / "missing", HashingEmbedder())


def test_candidate_index_path_agrees_with_exact_path() -> None:
    from dataclasses import replace

    exact = engine()
    approx = MatchEngine(HashingEmbedder(), replace(exact.config, exact_limit=2))
    approx.index_experts(corpus())
    for problem in (wastewater_problem(), adc_problem()):
        assert ranking(approx, problem) == ranking(exact, problem)


def test_empty_engine_returns_nothing() -> None:
    assert MatchEngine(HashingEmbedder()).match(adc_problem()) == []


def test_evidence_reports_passage_language() -> None:
    results = engine().match(wastewater_problem(), top_k=None)
    by_id = {m.expert_id: m for m in results}
    assert {ev.language for ev in by_id["E2"].evidence} == {"ja"}
    assert any("nước_thải" in ev.terms for ev in by_id["E4"].evidence)
