"""VectorIndex: exact path against a brute-force oracle, HNSW recall, updates, persistence."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from vstid.engine.errors import EngineError, IndexFormatError
from vstid.engine.vector_index import HnswParams, VectorIndex, VectorIndexError

DIM = 32


def unit_rows(rng: np.random.Generator, n: int, dim: int = DIM) -> np.ndarray:
    v = rng.standard_normal((n, dim)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def oracle(ids: np.ndarray, vecs: np.ndarray, q: np.ndarray, k: int) -> tuple[np.ndarray, ...]:
    """Brute force in float64: sort by (-score, id)."""
    scores = vecs.astype(np.float64) @ q.astype(np.float64)
    order = np.lexsort((ids, -scores))[:k]
    return ids[order], scores[order]


def filled(
    n: int = 500, seed: int = 0, **kwargs: object
) -> tuple[VectorIndex, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    ids = rng.choice(10**9, size=n, replace=False).astype(np.int64)
    vecs = unit_rows(rng, n)
    index = VectorIndex(DIM, **kwargs)  # type: ignore[arg-type]
    index.add(ids, vecs)
    return index, ids, vecs


@pytest.mark.parametrize("k", [1, 5, 10, 499, 500, 800])
def test_exact_search_matches_brute_force(k: int) -> None:
    index, ids, vecs = filled()
    assert not index.is_approximate
    rng = np.random.default_rng(1)
    for q in unit_rows(rng, 20):
        got_ids, got_scores = index.search(q, k)
        want_ids, want_scores = oracle(ids, vecs, q, k)
        assert got_ids.dtype == np.int64 and got_scores.dtype == np.float32
        np.testing.assert_array_equal(got_ids, want_ids)
        np.testing.assert_allclose(got_scores, want_scores, atol=1e-5)


def test_search_many_equals_single_searches() -> None:
    index, _, _ = filled()
    queries = unit_rows(np.random.default_rng(2), 7)
    many_ids, many_scores = index.search_many(queries, 10)
    assert many_ids.shape == many_scores.shape == (7, 10)
    for row, q in enumerate(queries):
        ids, scores = index.search(q, 10)
        np.testing.assert_array_equal(many_ids[row], ids)
        np.testing.assert_allclose(many_scores[row], scores, atol=1e-6)


def test_ties_broken_by_ascending_id_even_at_the_cut() -> None:
    rng = np.random.default_rng(3)
    same = unit_rows(rng, 1)
    others = unit_rows(rng, 50)
    index = VectorIndex(DIM)
    index.add([90, 10, 70, 30, 50], np.repeat(same, 5, axis=0))
    index.add(np.arange(100, 150), others)
    ids, _ = index.search(same[0], 3)
    np.testing.assert_array_equal(ids, [10, 30, 50])


def test_float64_query_gives_the_same_answer() -> None:
    index, _, _ = filled()
    q = unit_rows(np.random.default_rng(4), 1)[0]
    a = index.search(q, 5)
    b = index.search(q.astype(np.float64), 5)
    np.testing.assert_array_equal(a[0], b[0])


def test_hnsw_recall_is_high_with_generous_ef() -> None:
    params = HnswParams(m=16, ef_construction=200, ef_search=200)
    index, _, _ = filled(n=3000, exact_threshold=1000, hnsw=params)
    assert index.is_approximate
    queries = unit_rows(np.random.default_rng(5), 50)
    got, scores = index.search_many(queries, 10)
    hits = sum(
        len(set(got[i].tolist()) & set(index.search_exact(q, 10)[0].tolist()))
        for i, q in enumerate(queries)
    )
    assert hits / (10 * len(queries)) >= 0.9
    assert np.all(np.diff(scores, axis=1) <= 0)  # best first


def test_add_replaces_and_remove_deletes() -> None:
    rng = np.random.default_rng(6)
    index, ids, _ = filled(n=200)
    target = unit_rows(rng, 1)[0]
    index.add([int(ids[0])], target[None])  # replace: id 0 now sits exactly on the target
    assert len(index) == 200
    assert index.search(target, 1)[0][0] == ids[0]
    index.remove([int(ids[0]), 123])  # unknown ids are ignored
    assert len(index) == 199 and int(ids[0]) not in index and int(ids[1]) in index
    assert ids[0] not in index.search(target, 199)[0]
    index.remove([int(ids[0])])  # idempotent
    assert len(index) == 199


def test_last_occurrence_wins_within_one_add() -> None:
    rows = unit_rows(np.random.default_rng(7), 3)
    index = VectorIndex(DIM)
    index.add([5, 6, 5], rows)
    assert len(index) == 2
    assert index.search(rows[2], 1)[0][0] == 5
    assert index.search(rows[0], 2)[1][0] < 0.99


@pytest.mark.parametrize("threshold", [0, 100])
def test_updates_in_hnsw_mode_track_the_oracle(threshold: int) -> None:
    rng = np.random.default_rng(8)
    index = VectorIndex(DIM, exact_threshold=threshold, hnsw=HnswParams(ef_search=300))
    live: dict[int, np.ndarray] = {}
    for step in range(6):
        new_ids = rng.choice(400, size=120, replace=False)
        rows = unit_rows(rng, 120)
        index.add(new_ids, rows)
        live.update(zip(new_ids.tolist(), rows, strict=True))
        gone = rng.choice(400, size=60, replace=False).tolist()
        index.remove(gone)
        for g in gone:
            live.pop(g, None)
        assert len(index) == len(live), step
        assert sorted(index.ids.tolist()) == sorted(live)
        ids = np.array(sorted(live), dtype=np.int64)
        vecs = np.stack([live[i] for i in ids.tolist()])
        q = unit_rows(rng, 1)[0]
        want = oracle(ids, vecs, q, 5)[0]
        got = index.search(q, 5)[0]
        assert len(set(got.tolist()) & set(want.tolist())) >= 4
        np.testing.assert_array_equal(index.search_exact(q, 5)[0], want)


def test_graph_is_built_at_threshold_and_dropped_below_half() -> None:
    index, ids, _ = filled(n=300, exact_threshold=300)
    assert index.is_approximate
    index.remove(ids[:100].tolist())
    assert index.is_approximate  # 200 >= 150: hysteresis keeps the graph
    index.remove(ids[100:160].tolist())
    assert not index.is_approximate


@pytest.mark.parametrize("removed", [1500, 2990, 3000])
def test_heavy_deletion_in_hnsw_mode_returns_only_live_results(removed: int) -> None:
    index, ids, vecs = filled(n=3000, exact_threshold=0)
    index.remove(ids[:removed].tolist())
    assert index.is_approximate and len(index) == 3000 - removed
    got, _ = index.search(vecs[-1], 10)
    assert sorted(got.tolist()) == sorted(index.search_exact(vecs[-1], 10)[0].tolist())
    assert set(got.tolist()) <= set(ids[removed:].tolist())
    index.add(ids[:5], vecs[:5])  # tombstoned ids come back
    assert index.search(vecs[0], 1)[0][0] == ids[0]


@pytest.mark.parametrize("threshold", [10_000, 100])
def test_save_load_round_trip(tmp_path: Path, threshold: int) -> None:
    index, ids, _ = filled(n=400, exact_threshold=threshold, hnsw=HnswParams(ef_search=77))
    index.remove(ids[:10].tolist())
    queries = unit_rows(np.random.default_rng(9), 5)
    before = index.search_many(queries, 10)
    index.save(tmp_path / "vec")
    index.save(tmp_path / "vec")  # overwriting an existing index works
    loaded = VectorIndex.load(tmp_path / "vec")
    assert len(loaded) == 390 and loaded.is_approximate == index.is_approximate
    assert loaded.hnsw.ef_search == 77 and loaded.exact_threshold == threshold
    after = loaded.search_many(queries, 10)
    np.testing.assert_array_equal(before[0], after[0])
    np.testing.assert_allclose(before[1], after[1], atol=1e-6)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["vec"]


def test_load_of_missing_index_raises_format_error(tmp_path: Path) -> None:
    with pytest.raises(IndexFormatError):
        VectorIndex.load(tmp_path / "nothing")


@pytest.mark.parametrize("threshold", [0, 10_000])
def test_all_zero_rows_are_accepted_and_score_zero(threshold: int) -> None:
    # Language centring can zero a vector (a language with a single passage).
    rows = unit_rows(np.random.default_rng(12), 3)
    rows[1] = 0.0
    index = VectorIndex(DIM, exact_threshold=threshold)
    index.add([1, 2, 3], rows)
    ids, scores = index.search(rows[0], 3)
    assert ids[0] == 1 and scores[list(ids).index(2)] == 0.0


def test_empty_index_and_k_zero() -> None:
    index = VectorIndex(DIM)
    q = unit_rows(np.random.default_rng(10), 1)[0]
    ids, scores = index.search(q, 5)
    assert ids.shape == scores.shape == (0,)
    index.add([1], q[None])
    assert index.search(q, 0)[0].shape == (0,)


def test_errors_are_clear() -> None:
    index = VectorIndex(DIM)
    rows = unit_rows(np.random.default_rng(11), 2)
    with pytest.raises(VectorIndexError, match=r"expects \(n, 32\)"):
        index.add([1, 2], unit_rows(np.random.default_rng(0), 2, dim=16))
    with pytest.raises(VectorIndexError, match=r"expects \(32,\)"):
        index.search(rows, 3)
    with pytest.raises(VectorIndexError, match=r"expects \(32,\)"):
        index.search(rows[0][:10], 3)
    with pytest.raises(VectorIndexError, match="non-negative"):
        index.add([-1, 2], rows)
    with pytest.raises(VectorIndexError, match="2 ids but 1 vectors"):
        index.add([1, 2], rows[:1])
    with pytest.raises(VectorIndexError, match="L2-normalised"):
        index.add([1, 2], rows * 2)
    with pytest.raises(VectorIndexError, match="NaN"):
        index.add([1], np.full((1, DIM), np.nan, dtype=np.float32))
    with pytest.raises(VectorIndexError, match="k must be"):
        index.search(rows[0], -1)
    with pytest.raises(VectorIndexError, match="integers"):
        index.add(np.array([1.5, 2.0]), rows)
    assert issubclass(VectorIndexError, EngineError) and issubclass(VectorIndexError, ValueError)
    assert len(index) == 0
