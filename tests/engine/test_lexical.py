import math
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from vstid.engine import IndexFormatError
from vstid.engine.lexical import BM25Index

DOCS = {
    "a": ["wastewater", "treatment", "membrane"],
    "b": ["wastewater", "sludge", "sludge", "dye"],
    "c": ["adc", "sensor", "cmos", "low", "power"],
}


def oracle_bm25(docs: dict[str, list[str]], query: list[str], k1: float = 1.2, b: float = 0.75):
    """Textbook BM25 (Lucene idf), one document at a time."""
    n = len(docs)
    avgdl = sum(len(d) for d in docs.values()) / n
    out = {}
    for key, doc in docs.items():
        tf = Counter(doc)
        score = 0.0
        for term in set(query):
            df = sum(term in d for d in docs.values())
            if not df or term not in tf:
                continue
            idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
            score += idf * tf[term] * (k1 + 1) / (tf[term] + k1 * (1 - b + b * len(doc) / avgdl))
        out[key] = score
    return out


def build(docs: dict[str, list[str]]) -> BM25Index:
    index = BM25Index()
    for key, terms in docs.items():
        index.add(key, terms)
    return index


def test_scores_match_textbook_formula() -> None:
    index = build(DOCS)
    query = ["wastewater", "sludge", "unknown"]
    expected = oracle_bm25(DOCS, query)
    got = index.scores(query)
    for slot in range(index.slots):
        assert got[slot] == pytest.approx(expected[index.key(slot)], rel=1e-5)
    assert index.matched_terms(1, query) == ["wastewater", "sludge"]


def test_remove_and_re_add_update_statistics() -> None:
    index = build(DOCS)
    index.remove("a")
    remaining = {k: v for k, v in DOCS.items() if k != "a"}
    got = index.scores(["wastewater"])
    assert got[0] == 0.0
    assert got[1] == pytest.approx(oracle_bm25(remaining, ["wastewater"])["b"], rel=1e-5)
    index.add("b", ["dye"])  # replacing a document keeps one live copy
    assert len(index) == 2


def test_max_score_bounds_scores() -> None:
    index = build(DOCS)
    query = ["wastewater", "sludge"]
    assert index.scores(query).max() <= index.max_score(query)


def test_save_load_round_trip(tmp_path: Path) -> None:
    index = build(DOCS)
    index.remove("c")
    index.save(tmp_path / "lex.json.gz")
    loaded = BM25Index.load(tmp_path / "lex.json.gz")
    np.testing.assert_allclose(loaded.scores(["sludge"]), index.scores(["sludge"]))
    (tmp_path / "bad.json.gz").write_bytes(b"not gzip")
    with pytest.raises(IndexFormatError):
        BM25Index.load(tmp_path / "bad.json.gz")
