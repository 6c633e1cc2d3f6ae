"""One in-memory MatchEngine per process, kept in step with the database.

Every change bumps a version row in the database. Before answering, a process compares the
version it holds with the stored one: equal → answer; the index folder holds that version →
load it; otherwise (workers only) rebuild from the stored records, whose passage vectors come
from the embeddings table, so a rebuild re-analyses text but embeds nothing twice. Requests
never rebuild: they answer from a loadable or briefly stale engine, or say it is not ready."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.orm import Session

from vstid.core.db import Database
from vstid.core.errors import DomainError
from vstid.core.settings import Settings
from vstid.engine.documents import ExpertDoc, ProblemDoc
from vstid.engine.engine import MatchEngine
from vstid.engine.errors import EngineError
from vstid.matching.documents import expert_doc, order_doc
from vstid.matching.embedder_factory import make_embedder
from vstid.matching.embeddings import DatabaseCachedEmbedder
from vstid.matching.repository import IndexSourceRepository, IndexStateRepository
from vstid.orders.repository import OrderRepository

__all__ = ["EngineHolder", "IndexNotReady", "holder_for"]

Progress = Callable[[int, int], None]
VERSION_FILE = "vstid-version.json"


class IndexNotReady(DomainError):
    status = 503
    code = "index_not_ready"


class EngineHolder:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        inner = make_embedder(settings.embedder, settings.embed_threads)
        self.embedder = DatabaseCachedEmbedder(inner)
        self.lock = threading.RLock()
        self.engine: MatchEngine | None = None
        self.version = -1

    @property
    def index_dir(self) -> Path:
        return self.settings.index_dir / "engine"

    # ------------------------------------------------------------ request side
    @contextmanager
    def for_request(self, session: Session) -> Iterator[MatchEngine]:
        with self.lock:
            stored = IndexStateRepository(session).current().version
            if self.version != stored:
                loaded = self._load(stored)
                if loaded is not None:
                    self.engine, self.version = loaded, stored
            if self.engine is None:
                raise IndexNotReady("the expert index is being built; try again shortly")
            yield self.engine

    # ------------------------------------------------------------- worker side
    @contextmanager
    def for_work(self, database: Database) -> Iterator[MatchEngine]:
        """The engine at the stored version, rebuilt if need be; held under the lock."""
        with self.lock, self.embedder.bound(database):
            with database.transaction() as session:
                stored = IndexStateRepository(session).current().version
            if self.engine is None or self.version != stored:
                self.engine = self._load(stored) or self._build(database)
                self.version = stored
            yield self.engine

    def rebuild_and_publish(self, database: Database, progress: Progress | None = None) -> int:
        with self.lock, self.embedder.bound(database):
            return self._publish(database, self._build(database, progress))

    def update(self, database: Database, change: Callable[[MatchEngine], None]) -> int:
        with self.for_work(database) as engine:
            change(engine)
            return self._publish(database, engine)

    def _build(self, database: Database, progress: Progress | None = None) -> MatchEngine:
        experts, problems = self._documents(database)
        engine = MatchEngine(self.embedder)
        batch = 32
        for start in range(0, len(experts), batch):
            engine.index_experts(experts[start : start + batch])
            if progress:
                progress(min(start + batch, len(experts)), len(experts))
        if problems:
            engine.calibrate_queries(problems)
        return engine

    @staticmethod
    def _documents(database: Database) -> tuple[list[ExpertDoc], list[ProblemDoc]]:
        with database.transaction() as session:
            experts = [expert_doc(e) for e in IndexSourceRepository(session).indexable()]
            problems = [order_doc(o) for o in OrderRepository(session).list()]
        return experts, problems

    def _publish(self, database: Database, engine: MatchEngine) -> int:
        with database.transaction() as session:
            version = IndexStateRepository(session).bump(self.embedder.model_id, len(engine))
            engine.save(self.index_dir)
            (self.index_dir / VERSION_FILE).write_text(json.dumps({"version": version}))
        self.engine, self.version = engine, version
        return version

    def _load(self, version: int) -> MatchEngine | None:
        try:
            marker = json.loads((self.index_dir / VERSION_FILE).read_text(encoding="utf-8"))
            if marker["version"] != version:
                return None
            return MatchEngine.load(self.index_dir, self.embedder)
        except (OSError, ValueError, KeyError, EngineError):
            return None


_holders: dict[tuple[str, str], EngineHolder] = {}
_holders_lock = threading.Lock()


def holder_for(settings: Settings) -> EngineHolder:
    key = (settings.resolved_database_url, str(settings.index_dir.resolve()))
    with _holders_lock:
        if key not in _holders:
            _holders[key] = EngineHolder(settings)
        return _holders[key]
