"""A persistent embedding cache keyed by (model id, role, sha256 of text).

Vectors are stored as append-only `.npy` shards with a sibling `.keys` file (one
hex digest per row). Writers never rewrite a shard, so two processes sharing a
directory cannot corrupt each other; a reader simply sees every complete shard.
"""

from __future__ import annotations

import hashlib
import os
import re
import uuid
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from vstid.engine.embedders import Embedder

__all__ = ["CachedEmbedder", "EmbeddingCache", "default_cache_dir"]


def default_cache_dir() -> Path:
    """`$VSTID_CACHE_DIR`, else `bench/out/embeddings` under the working directory."""
    env = os.environ.get("VSTID_CACHE_DIR")
    return Path(env) if env else Path("bench/out/embeddings")


def _text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name)


class EmbeddingCache:
    """Directory of vectors for one model and role ('query' or 'passage')."""

    def __init__(self, root: Path, model_id: str, role: str) -> None:
        self.dir = Path(root) / _safe(model_id) / role
        self._vectors: dict[str, np.ndarray] = {}
        self._loaded_shards: set[str] = set()
        self.refresh()

    def refresh(self) -> None:
        """Read shards written since the last look (possibly by another process)."""
        if not self.dir.is_dir():
            return
        for keys_file in sorted(self.dir.glob("*.keys")):
            if keys_file.stem in self._loaded_shards:
                continue
            npy = keys_file.with_suffix(".npy")
            if not npy.exists():
                continue
            keys = keys_file.read_text(encoding="ascii").split()
            matrix = np.load(npy)
            for key, row in zip(keys, matrix, strict=True):
                self._vectors[key] = row
            self._loaded_shards.add(keys_file.stem)

    def __len__(self) -> int:
        return len(self._vectors)

    def get(self, text: str) -> np.ndarray | None:
        return self._vectors.get(_text_key(text))

    def put_many(self, texts: Sequence[str], matrix: np.ndarray) -> None:
        """Persist new rows as one shard: vectors first, keys last, both renamed in."""
        if not texts:
            return
        self.dir.mkdir(parents=True, exist_ok=True)
        stem = f"shard-{uuid.uuid4().hex}"
        keys = [_text_key(t) for t in texts]
        tmp_npy = self.dir / f".{stem}.npy"
        np.save(tmp_npy, np.asarray(matrix, dtype=np.float32))
        os.replace(tmp_npy, self.dir / f"{stem}.npy")
        # The .keys file is the commit marker: readers ignore a shard without it.
        tmp_keys = self.dir / f".{stem}.keys.tmp"
        tmp_keys.write_text("\n".join(keys) + "\n", encoding="ascii")
        os.replace(tmp_keys, self.dir / f"{stem}.keys")
        for key, row in zip(keys, matrix, strict=True):
            self._vectors[key] = np.asarray(row, dtype=np.float32)
        self._loaded_shards.add(stem)


class CachedEmbedder:
    """Wraps an embedder so that an unchanged text is never embedded twice."""

    def __init__(self, inner: Embedder, root: Path | None = None, flush_every: int = 64) -> None:
        self.inner = inner
        self.model_id = inner.model_id
        self.dim = inner.dim
        self.flush_every = flush_every
        root = root if root is not None else default_cache_dir()
        self._caches = {
            role: EmbeddingCache(root, inner.model_id, role) for role in ("query", "passage")
        }

    def _embed(self, texts: Sequence[str], role: str) -> np.ndarray:
        cache = self._caches[role]
        missing = list(dict.fromkeys(t for t in texts if cache.get(t) is None))
        encode = self.inner.embed_queries if role == "query" else self.inner.embed_passages
        # Flush in chunks so that an interrupted long run keeps what it computed.
        for i in range(0, len(missing), self.flush_every):
            chunk = missing[i : i + self.flush_every]
            cache.put_many(chunk, encode(chunk))
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.vstack([cache.get(t) for t in texts]).astype(np.float32)  # type: ignore[misc]

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(texts, "query")

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(texts, "passage")
