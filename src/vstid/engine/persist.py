"""Saving and loading a `MatchEngine` as a directory of plain files.

Layout: manifest.json (format, model id, config), experts.jsonl, passages.jsonl
(one row per passage slot, tombstones included, so slots stay aligned with the
lexical index), vectors.npy, lexical.json.gz and calibration.npz. The directory
is written beside the target and renamed into place, so a crash never leaves a
half-written index behind.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from vstid.engine.calibration import LanguageMeans
from vstid.engine.documents import ExpertDoc, Passage, Publication
from vstid.engine.embedders import Embedder
from vstid.engine.errors import IndexFormatError
from vstid.engine.lexical import BM25Index
from vstid.engine.ranking import RankingConfig

if TYPE_CHECKING:
    from vstid.engine.engine import MatchEngine

__all__ = [
    "FORMAT",
    "expert_from_json",
    "expert_to_json",
    "load_engine",
    "move_into_place",
    "read_manifest",
    "save_engine",
]

FORMAT = 1


def expert_to_json(expert: ExpertDoc) -> dict[str, Any]:
    return dataclasses.asdict(expert)


def expert_from_json(row: dict[str, Any]) -> ExpertDoc:
    pubs = tuple(Publication(**p) for p in row.pop("publications"))
    # JSON has lists where the dataclass keeps tuples.
    for key in ("expertise", "languages", "fields"):
        row[key] = tuple(row[key])
    return ExpertDoc(publications=pubs, **row)


def save_engine(engine: MatchEngine, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    manifest = {
        "format": FORMAT,
        "model_id": engine.embedder.model_id,
        "dim": engine.embedder.dim,
        "config": dataclasses.asdict(engine.config),
    }
    (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    with (tmp / "experts.jsonl").open("w", encoding="utf-8") as fh:
        for expert in engine.experts.values():
            fh.write(json.dumps(expert_to_json(expert), ensure_ascii=False) + "\n")
    alive = engine.store.alive
    with (tmp / "passages.jsonl").open("w", encoding="utf-8") as fh:
        for row, passage in enumerate(engine.store.passages):
            record = dataclasses.asdict(passage) | {"alive": bool(alive[row])}
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    np.save(tmp / "vectors.npy", engine.store.all_vectors)
    engine.lexical.save(tmp / "lexical.json.gz")
    arrays: dict[str, Any] = {}
    for side, means in (("passage", engine.passage_means), ("query", engine.query_means)):
        arrays.update({f"{side}_{k}": v for k, v in means.to_arrays().items()})
    np.savez(tmp / "calibration.npz", **arrays)
    move_into_place(tmp, target)
    engine.journal.clear()  # everything is on disk now


def move_into_place(tmp: Path, target: Path) -> None:
    if target.exists():
        old = target.with_name(f".{target.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        os.replace(target, old)
        os.replace(tmp, target)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(tmp, target)


def read_manifest(directory: Path, embedder: Embedder) -> dict[str, Any]:
    try:
        manifest: dict[str, Any] = json.loads((directory / "manifest.json").read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise IndexFormatError(f"no readable engine index in {directory}: {exc}") from exc
    if manifest.get("format") != FORMAT:
        raise IndexFormatError(f"unsupported engine index format in {directory}")
    if manifest.get("model_id") != embedder.model_id:
        raise IndexFormatError(
            f"index was built with {manifest.get('model_id')!r}, "
            f"not {embedder.model_id!r}: re-index the experts"
        )
    return manifest


def load_engine(cls: type[MatchEngine], directory: Path, embedder: Embedder) -> MatchEngine:
    manifest = read_manifest(directory, embedder)
    engine = cls(embedder, RankingConfig(**manifest["config"]))
    try:
        with (directory / "experts.jsonl").open(encoding="utf-8") as fh:
            experts = [expert_from_json(json.loads(line)) for line in fh if line.strip()]
        with (directory / "passages.jsonl").open(encoding="utf-8") as fh:
            records = [json.loads(line) for line in fh if line.strip()]
        vectors = np.load(directory / "vectors.npy")
        calibration = dict(np.load(directory / "calibration.npz"))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise IndexFormatError(f"corrupt engine index in {directory}: {exc}") from exc
    if len(records) != len(vectors):
        raise IndexFormatError(f"passages and vectors disagree in {directory}")
    engine.experts = {e.id: e for e in experts}
    alive = [r.pop("alive") for r in records]
    engine.store.add([Passage(**r) for r in records], vectors)
    for row, is_alive in enumerate(alive):
        if not is_alive:
            engine.store.alive[row] = False
    engine.store.rows_of = {}
    for live in np.flatnonzero(engine.store.alive).tolist():
        engine.store.rows_of.setdefault(engine.store.passages[live].expert_id, []).append(live)
    engine.lexical = BM25Index.load(directory / "lexical.json.gz")
    for side, means in (("passage", "passage_means"), ("query", "query_means")):
        arrays = {k.split("_", 1)[1]: v for k, v in calibration.items() if k.startswith(side)}
        setattr(engine, means, LanguageMeans.from_arrays(embedder.dim, arrays))
    return engine
