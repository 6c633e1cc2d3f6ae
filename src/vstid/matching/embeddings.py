"""An embedder wrapper whose cache is the main database: passage vectors are computed once,
on any server, and survive index rebuilds. Implements the engine's Embedder protocol."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import numpy as np

from vstid.core.db import Database
from vstid.engine.embedders import Embedder
from vstid.matching.repository import EmbeddingRepository

__all__ = ["DatabaseCachedEmbedder"]


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class DatabaseCachedEmbedder:
    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.model_id = inner.model_id
        self.dim = inner.dim
        self._bound = threading.local()

    @property
    def _database(self) -> Database | None:
        return getattr(self._bound, "database", None)

    @contextmanager
    def bound(self, database: Database) -> Iterator[None]:
        """Passage vectors go through the database's cache while the block runs, in this
        thread only: a worker embedding a batch and a request embedding a query share one
        embedder without sharing the binding."""
        previous, self._bound.database = self._database, database
        try:
            yield
        finally:
            self._bound.database = previous

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        # Queries are cheap (~20 ms) and mostly unique: embed them directly, keep the table
        # for passages, which cost ~200 ms each and are re-used on every rebuild.
        return np.asarray(self.inner.embed_queries(list(texts)), dtype=np.float32)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        if self._database is None:
            return np.asarray(self.inner.embed_passages(list(texts)), dtype=np.float32)
        hashes = [_hash(t) for t in texts]
        # Each database step is its own short transaction; the model runs outside any.
        with self._database.transaction(read_only=True) as session:
            found = EmbeddingRepository(session).lookup(self.model_id, "passage", hashes)
        missing = {h: t for h, t in zip(hashes, texts, strict=True) if h not in found}
        if missing:
            matrix = np.asarray(self.inner.embed_passages(list(missing.values())), np.float32)
            new_rows = {h: row.tobytes() for h, row in zip(missing, matrix, strict=True)}
            with self._database.transaction() as session:
                EmbeddingRepository(session).store(self.model_id, "passage", self.dim, new_rows)
            found.update(new_rows)
        return np.vstack([np.frombuffer(found[h], dtype=np.float32) for h in hashes])
