"""A folder of saved engines that publishes cheaply: full saves ("full-…") and segments
("seg-…", the changes since the previous one), with small named manifests that each name one
full save and the segments to replay on it. Every part is written under a fresh name and never
changed afterwards, and a manifest is replaced atomically, so a reader that follows a manifest
never sees a half-written index; a reader already holding an earlier chain of the same full
save only replays the new segments.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from vstid.engine.embedders import Embedder
from vstid.engine.engine import MatchEngine
from vstid.engine.journal import Added
from vstid.engine.persist import load_engine, save_engine
from vstid.engine.segments import apply_segment, save_segment

__all__ = [
    "Chain",
    "catch_up",
    "collect_garbage",
    "load_chain",
    "read_chain",
    "remove_part",
    "write_chain",
    "write_manifest",
]

MAX_SEGMENTS = 16


@dataclass(frozen=True)
class Chain:
    base: str
    segments: tuple[str, ...] = ()

    def extends(self, other: Chain) -> bool:
        return self.base == other.base and self.segments[: len(other.segments)] == other.segments

    @property
    def parts(self) -> tuple[str, ...]:
        return (self.base, *self.segments)


def _fresh(prefix: str) -> str:
    # Time first, so names sort by age; the random part keeps concurrent writers apart.
    return f"{prefix}-{time.time_ns():x}-{uuid.uuid4().hex[:8]}"


def _journal_rows(engine: MatchEngine) -> int:
    return sum(c.rows for c in engine.journal if isinstance(c, Added))


def write_chain(engine: MatchEngine, root: Path, after: Chain | None) -> Chain:
    """Save what `engine` changed since `after` as a segment, or save it whole when there is
    no earlier chain, the chain is long, or most rows changed (compaction)."""
    compact = (
        after is None
        or len(after.segments) >= MAX_SEGMENTS
        or _journal_rows(engine) * 2 > len(engine.store)
    )
    if compact:
        name = _fresh("full")
        save_engine(engine, root / name)
        return Chain(name)
    assert after is not None
    name = _fresh("seg")
    save_segment(engine, root / name)
    return Chain(after.base, (*after.segments, name))


def load_chain(root: Path, chain: Chain, embedder: Embedder) -> MatchEngine:
    engine = load_engine(MatchEngine, root / chain.base, embedder)
    catch_up(engine, root, Chain(chain.base), chain)
    return engine


def catch_up(engine: MatchEngine, root: Path, held: Chain, new: Chain) -> None:
    """Replay on `engine` (loaded at `held`) the segments `new` adds; `new` extends `held`."""
    for name in new.segments[len(held.segments) :]:
        apply_segment(engine, root / name)


def write_manifest(root: Path, name: str, chain: Chain) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", dir=root)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump({"base": chain.base, "segments": list(chain.segments)}, fh)
    os.replace(tmp, root / name)


def read_chain(root: Path, name: str) -> Chain | None:
    try:
        data = json.loads((root / name).read_text(encoding="utf-8"))
        return Chain(str(data["base"]), tuple(str(s) for s in data["segments"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def remove_part(root: Path, name: str) -> None:
    shutil.rmtree(root / name, ignore_errors=True)


def collect_garbage(root: Path, keep: Callable[[str], bool], min_age_s: float = 600.0) -> None:
    """Delete the manifests `keep` refuses and the parts no kept manifest names. Parts younger
    than `min_age_s` stay: another process may be about to publish them."""
    manifests = [p.name for p in root.glob("*.json")]
    for name in manifests:
        if not keep(name):
            (root / name).unlink(missing_ok=True)
    kept = [c for c in (read_chain(root, m) for m in manifests if keep(m)) if c is not None]
    needed = {p for chain in kept for p in chain.parts}
    cutoff = time.time() - min_age_s
    for path in root.iterdir():
        unused = path.name.startswith(("full-", "seg-")) and path.name not in needed
        if unused and path.stat().st_mtime < cutoff:
            remove_part(root, path.name)
