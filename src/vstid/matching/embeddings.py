"""An embedder wrapper whose cache is the main database: vectors are computed once, on any
server, and survive index rebuilds. Implements the engine's Embedder protocol."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

import numpy as np
from sqlalchemy.orm import Session

from vstid.engine.embedders import Embedder
from vstid.matching.repository import EmbeddingRepository

__all__ = ["DatabaseCachedEmbedder"]


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class DatabaseCachedEmbedder:
    def __init__(self, inner: Embedder, session_factory: Callable[[], Session]) -> None:
        self.inner = inner
        self.model_id = inner.model_id
        self.dim = inner.dim
        self._session_factory = session_factory

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        # Queries are cheap (~20 ms) and mostly unique: embed them directly, keep the table
        # for passages, which cost ~200 ms each and are re-used on every rebuild.
        return np.asarray(self.inner.embed_queries(list(texts)), dtype=np.float32)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(texts, "passage")

    def _embed(self, texts: Sequence[str], role: str) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        hashes = [_hash(t) for t in texts]
        session = self._session_factory()
        repo = EmbeddingRepository(session)
        found = repo.lookup(self.model_id, role, hashes)
        missing = {h: t for h, t in zip(hashes, texts, strict=True) if h not in found}
        if missing:
            encode = self.inner.embed_queries if role == "query" else self.inner.embed_passages
            matrix = np.asarray(encode(list(missing.values())), dtype=np.float32)
            new_rows = {h: row.tobytes() for h, row in zip(missing, matrix, strict=True)}
            repo.store(self.model_id, role, self.dim, new_rows)
            found.update(new_rows)
        return np.vstack([np.frombuffer(found[h], dtype=np.float32) for h in hashes])
