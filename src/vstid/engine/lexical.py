"""A small BM25 index over pre-analysed terms, with incremental add/remove.

Documents live in slots; removing one leaves a tombstone so that slot numbers
held by the caller stay valid. The term-document matrix is a scipy CSR matrix
rebuilt lazily after changes: queries are far more frequent than edits, and a
rebuild over 100k passages takes well under a second.
"""

from __future__ import annotations

import gzip
import json
import math
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from scipy import sparse

from vstid.engine.errors import IndexFormatError

__all__ = ["BM25Index"]

_FORMAT = 1


class BM25Index:
    """Okapi BM25 with the Lucene idf (always positive)."""

    def __init__(self, k1: float = 1.2, b: float = 0.75) -> None:
        self.k1 = k1
        self.b = b
        self._docs: list[Counter[str] | None] = []
        self._keys: list[str | None] = []
        self._slot_of: dict[str, int] = {}
        self._df: Counter[str] = Counter()
        self._matrix: sparse.csc_matrix | None = None
        self._vocab: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self._slot_of)

    @property
    def slots(self) -> int:
        return len(self._docs)

    def key(self, slot: int) -> str | None:
        return self._keys[slot]

    def add(self, key: str, terms: Sequence[str]) -> int:
        """Index `terms` under `key` (replacing any previous version); return the slot."""
        if key in self._slot_of:
            self.remove(key)
        counts = Counter(terms)
        self._docs.append(counts)
        self._keys.append(key)
        self._slot_of[key] = len(self._docs) - 1
        self._df.update(counts.keys())
        self._matrix = None
        return len(self._docs) - 1

    def remove(self, key: str) -> None:
        slot = self._slot_of.pop(key, None)
        if slot is None:
            return
        counts = self._docs[slot]
        if counts:
            self._df.subtract(counts.keys())
            self._df += Counter()  # drop zero entries
        self._docs[slot] = None
        self._keys[slot] = None
        self._matrix = None

    def _build(self) -> sparse.csc_matrix:
        """Term-major matrix of BM25 term weights (idf folded in)."""
        self._vocab = {t: i for i, t in enumerate(sorted(self._df))}
        live = [c for c in self._docs if c is not None]
        avgdl = (sum(sum(c.values()) for c in live) / len(live)) if live else 1.0
        n = len(live)
        rows, cols, vals = [], [], []
        for slot, counts in enumerate(self._docs):
            if not counts:
                continue
            norm = self.k1 * (1 - self.b + self.b * sum(counts.values()) / avgdl)
            for term, tf in counts.items():
                idf = math.log(1 + (n - self._df[term] + 0.5) / (self._df[term] + 0.5))
                rows.append(self._vocab[term])
                cols.append(slot)
                vals.append(idf * tf * (self.k1 + 1) / (tf + norm))
        shape = (len(self._vocab), len(self._docs))
        return sparse.csc_matrix(
            sparse.csr_matrix((vals, (rows, cols)), shape=shape, dtype=np.float32)
        )

    def scores(self, terms: Sequence[str]) -> np.ndarray:
        """BM25 score of every slot (tombstones score 0); query terms count once each."""
        if self._matrix is None:
            self._matrix = self._build()
        ids = sorted({self._vocab[t] for t in terms if t in self._vocab})
        if not ids:
            return np.zeros(len(self._docs), dtype=np.float32)
        summed = np.asarray(self._matrix[ids, :].sum(axis=0)).ravel()
        return summed.astype(np.float32)

    def terms(self, slot: int) -> list[str]:
        """The analysed terms of one slot, with repeats (none for a tombstone)."""
        counts = self._docs[slot]
        return list(counts.elements()) if counts else []

    def matched_terms(self, slot: int, terms: Sequence[str]) -> list[str]:
        """Query terms present in one document, in query order (for evidence)."""
        counts = self._docs[slot] or Counter()
        return [t for t in dict.fromkeys(terms) if t in counts]

    def max_score(self, terms: Sequence[str]) -> float:
        """Upper bound of `scores` for these terms: each matched with saturated tf.

        Dividing by it puts lexical scores in [0, 1] whatever the query length,
        so they stay comparable across problems.
        """
        return sum(self.idf(t) * (self.k1 + 1) for t in set(terms) if self._df.get(t, 0) > 0)

    def idf(self, term: str) -> float:
        n = len(self._slot_of)
        df = self._df.get(term, 0)
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def save(self, path: Path) -> None:
        docs = [
            [k, dict(c)] if c is not None and k is not None else None
            for k, c in zip(self._keys, self._docs, strict=True)
        ]
        payload = {"format": _FORMAT, "k1": self.k1, "b": self.b, "docs": docs}
        with gzip.open(path, "wt", encoding="utf-8") as fh:
            json.dump(payload, fh, ensure_ascii=False)

    @classmethod
    def load(cls, path: Path) -> BM25Index:
        try:
            with gzip.open(path, "rt", encoding="utf-8") as fh:
                payload = json.load(fh)
        except (OSError, ValueError) as exc:
            raise IndexFormatError(f"cannot read lexical index {path}: {exc}") from exc
        if payload.get("format") != _FORMAT:
            raise IndexFormatError(f"unsupported lexical index format in {path}")
        index = cls(payload["k1"], payload["b"])
        for entry in payload["docs"]:
            if entry is None:
                index._docs.append(None)
                index._keys.append(None)
                continue
            key, counts = entry
            index._docs.append(Counter(counts))
            index._keys.append(key)
            index._slot_of[key] = len(index._docs) - 1
            index._df.update(counts.keys())
        return index
