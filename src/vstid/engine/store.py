"""Passage store: the rows the ranking scores, with their raw vectors.

Rows are append-only slots; removing an expert tombstones its rows so slot
numbers stay aligned with the lexical index. `compact` is not needed at the
scale this engine targets (a removed row costs 1.5 kB).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from vstid.engine.documents import Passage

__all__ = ["PassageStore"]


class PassageStore:
    def __init__(self, dim: int) -> None:
        self.dim = dim
        self.passages: list[Passage] = []
        self._vectors = np.zeros((0, dim), dtype=np.float32)
        self._alive = np.zeros(0, dtype=bool)
        self.rows_of: dict[str, list[int]] = {}
        self._language_array: np.ndarray | None = None

    def __len__(self) -> int:
        return int(self._alive.sum())

    @property
    def size(self) -> int:
        return len(self.passages)

    def add(self, passages: Sequence[Passage], vectors: np.ndarray) -> list[int]:
        start = len(self.passages)
        rows = list(range(start, start + len(passages)))
        self.passages.extend(passages)
        self._vectors = np.vstack([self._vectors, np.asarray(vectors, dtype=np.float32)])
        self._alive = np.concatenate([self._alive, np.ones(len(passages), dtype=bool)])
        self._language_array = None
        for row, passage in zip(rows, passages, strict=True):
            self.rows_of.setdefault(passage.expert_id, []).append(row)
        return rows

    def remove_expert(self, expert_id: str) -> list[int]:
        rows = self.rows_of.pop(expert_id, [])
        self._alive[rows] = False
        return rows

    def vectors(self, rows: Sequence[int] | np.ndarray) -> np.ndarray:
        return self._vectors[np.asarray(rows, dtype=np.int64)]

    @property
    def all_vectors(self) -> np.ndarray:
        return self._vectors

    @property
    def alive(self) -> np.ndarray:
        return self._alive

    def language_array(self) -> np.ndarray:
        """Passage language per slot, as an array for vectorised bucketing."""
        if self._language_array is None:
            self._language_array = np.array([p.language for p in self.passages], dtype=str)
        return self._language_array

    def languages(self, rows: Sequence[int] | np.ndarray) -> list[str]:
        return [self.passages[r].language for r in rows]

    def live_rows(self) -> np.ndarray:
        return np.flatnonzero(self._alive)
