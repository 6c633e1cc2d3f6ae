"""Incremental saves: a segment is the engine's journal (what changed since its last save or
load) written as a folder of plain files, so that publishing a few changed experts writes
those experts' rows only. Replaying a segment on the engine it was written after gives the
same passage slots, lexical index and language means, without the embedder.

Layout: manifest.json (format, model id), changes.jsonl (one line per add or remove, in
order), passages.jsonl (the added rows, with their analysed terms), vectors.npy and
calibration.npz (the query means, small, written whole). Written beside the target and
renamed into place, like a full save.
"""

from __future__ import annotations

import dataclasses
import json
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from vstid.engine.calibration import LanguageMeans
from vstid.engine.documents import Passage
from vstid.engine.errors import IndexFormatError
from vstid.engine.journal import Added
from vstid.engine.persist import (
    FORMAT,
    expert_from_json,
    expert_to_json,
    move_into_place,
    read_manifest,
)

if TYPE_CHECKING:
    from vstid.engine.engine import MatchEngine

__all__ = ["apply_segment", "save_segment"]


def _change_row(change: Any) -> dict[str, Any]:
    if isinstance(change, Added):
        experts = [expert_to_json(e) for e in change.experts]
        return {"op": "add", "experts": experts, "first": change.first, "rows": change.rows}
    return {"op": "remove", "id": change.expert_id}


def save_segment(engine: MatchEngine, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    manifest = {"format": FORMAT, "model_id": engine.embedder.model_id, "segment": True}
    (tmp / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    rows: list[int] = []
    with (tmp / "changes.jsonl").open("w", encoding="utf-8") as fh:
        for change in engine.journal:
            fh.write(json.dumps(_change_row(change), ensure_ascii=False) + "\n")
            if isinstance(change, Added):
                rows.extend(range(change.first, change.first + change.rows))
    with (tmp / "passages.jsonl").open("w", encoding="utf-8") as fh:
        for row in rows:
            record = dataclasses.asdict(engine.store.passages[row])
            record["terms"] = engine.lexical.terms(row)
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    np.save(tmp / "vectors.npy", engine.store.vectors(rows))
    query_means: dict[str, Any] = engine.query_means.to_arrays()
    np.savez(tmp / "calibration.npz", **query_means)
    move_into_place(tmp, target)
    engine.journal.clear()


def _read(directory: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]], Any, Any]:
    try:
        with (directory / "changes.jsonl").open(encoding="utf-8") as fh:
            changes = [json.loads(line) for line in fh if line.strip()]
        with (directory / "passages.jsonl").open(encoding="utf-8") as fh:
            passages = [json.loads(line) for line in fh if line.strip()]
        vectors = np.load(directory / "vectors.npy")
        calibration = dict(np.load(directory / "calibration.npz"))
    except (OSError, ValueError, KeyError) as exc:
        raise IndexFormatError(f"corrupt index segment {directory}: {exc}") from exc
    if len(passages) != len(vectors):
        raise IndexFormatError(f"passages and vectors disagree in {directory}")
    return changes, passages, vectors, calibration


def apply_segment(engine: MatchEngine, directory: Path) -> None:
    """Replay a segment on the engine it was written after. On an error the engine is left
    half-changed: callers discard it and load afresh."""
    read_manifest(directory, engine.embedder)
    changes, records, vectors, calibration = _read(directory)
    cursor = 0
    for change in changes:
        if change["op"] == "remove":
            engine.remove_expert(change["id"])
            continue
        if change["first"] != engine.store.size:
            raise IndexFormatError(f"segment {directory} does not follow this index")
        part = records[cursor : cursor + change["rows"]]
        terms = [r.pop("terms") for r in part]
        experts = [expert_from_json(e) for e in change["experts"]]
        passages = [Passage(**r) for r in part]
        engine.insert_embedded(experts, passages, vectors[cursor : cursor + len(part)], terms)
        cursor += len(part)
    engine.query_means = LanguageMeans.from_arrays(engine.embedder.dim, calibration)
    engine.journal.clear()
