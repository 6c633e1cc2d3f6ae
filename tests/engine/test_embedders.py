import importlib.util
from pathlib import Path

import numpy as np
import pytest

from vstid.engine import EmbedderUnavailableError, HashingEmbedder, SentenceTransformerEmbedder
from vstid.engine.cache import CachedEmbedder


def test_hashing_embedder_is_deterministic_and_normalised() -> None:
    emb = HashingEmbedder(dim=64)
    a = emb.embed_passages(["wastewater treatment", "排水処理"])
    b = HashingEmbedder(dim=64).embed_passages(["wastewater treatment", "排水処理"])
    assert a.dtype == np.float32 and a.shape == (2, 64)
    np.testing.assert_array_equal(a, b)
    np.testing.assert_allclose(np.linalg.norm(a, axis=1), 1.0, rtol=1e-6)
    assert emb.embed_queries([]).shape == (0, 64)


def test_cache_hit_means_no_second_embedding(tmp_path: Path) -> None:
    inner = HashingEmbedder()
    cached = CachedEmbedder(inner, tmp_path)
    first = cached.embed_passages(["a text", "another text", "a text"])
    assert inner.calls == 2  # the duplicate is embedded once
    again = cached.embed_passages(["another text", "a text"])
    assert inner.calls == 2
    np.testing.assert_array_equal(again, first[[1, 0]])


def test_cache_persists_across_processes_and_separates_roles(tmp_path: Path) -> None:
    CachedEmbedder(HashingEmbedder(), tmp_path).embed_passages(["kept on disk"])
    inner = HashingEmbedder()
    reopened = CachedEmbedder(inner, tmp_path)
    reopened.embed_passages(["kept on disk"])
    assert inner.calls == 0
    reopened.embed_queries(["kept on disk"])  # queries are cached apart from passages
    assert inner.calls == 1


@pytest.mark.skipif(
    importlib.util.find_spec("sentence_transformers") is not None,
    reason="sentence-transformers is installed here",
)
def test_sentence_transformer_embedder_explains_missing_package(tmp_path: Path) -> None:
    emb = SentenceTransformerEmbedder(tmp_path)
    with pytest.raises(EmbedderUnavailableError, match="sentence-transformers"):
        emb.embed_queries(["x"])


def test_sentence_transformer_embedder_explains_missing_folder(tmp_path: Path) -> None:
    emb = SentenceTransformerEmbedder(tmp_path / "nowhere")
    with pytest.raises(EmbedderUnavailableError, match="not found"):
        emb.embed_passages(["x"])
