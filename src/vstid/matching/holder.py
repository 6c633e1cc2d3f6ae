"""One in-memory MatchEngine per process, kept in step with the database.

Every publish moves a version row on by one, in one statement that succeeds only if the row
still holds the version the publisher's engine started from (otherwise the publisher reloads,
redoes its change and tries again, so no publish hides another's). The index folder holds one
small manifest per version, written before that version is committed: a process holding
version N that sees N+k follows manifest v{N+k} — replaying only the new segments when it
extends the chain it holds, loading whole otherwise. Files are only ever added under fresh
names, so the row and the folder cannot disagree in a way that strands a process: at worst a
manifest is not readable yet and the process answers from what it holds.

Workers rebuild from the stored records when nothing is loadable (passage vectors come from
the embeddings table, so a rebuild re-analyses text but embeds nothing twice). Requests never
rebuild: they answer from a loadable or briefly stale engine, or say it is not ready."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.orm import Session

from vstid.core.db import Database
from vstid.core.errors import DomainError
from vstid.core.settings import Settings
from vstid.engine.chain import (
    Chain,
    catch_up,
    collect_garbage,
    load_chain,
    read_chain,
    remove_part,
    write_chain,
    write_manifest,
)
from vstid.engine.documents import ExpertDoc, ProblemDoc
from vstid.engine.engine import MatchEngine
from vstid.engine.errors import EngineError
from vstid.engine.passages import expert_passages
from vstid.matching.documents import expert_doc, order_doc
from vstid.matching.embedder_factory import make_embedder
from vstid.matching.embeddings import DatabaseCachedEmbedder
from vstid.matching.repository import IndexSourceRepository, IndexStateRepository
from vstid.orders.repository import OrderRepository

__all__ = ["EngineHolder", "IndexNotReady", "PublishConflict", "holder_for"]

Progress = Callable[[int, int], None]
Settle = Callable[[Session], None]
ATTEMPTS = 5  # publishers racing for one version; each loss reloads and redoes its change
KEEP_VERSIONS = 3  # older manifests go; a slow reader of one just retries on its next request
# A request waits this long for a publishing worker, then answers 503. It must not wait longer:
# on SQLite the request already holds the write lock the worker is waiting for (lock order:
# request = database, then engine; worker = engine, then database).
REQUEST_WAIT_S = 2.0
LEGACY_MARKER = "vstid-version.json"
_MANIFEST = re.compile(r"v(\d+)\.json")


def manifest_name(version: int) -> str:
    return f"v{version}.json"


class IndexNotReady(DomainError):
    status = 503
    code = "index_not_ready"


class PublishConflict(RuntimeError):
    """Other publishers kept moving the version on; the job is retried later."""


class EngineHolder:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        inner = make_embedder(settings.embedder, settings.embed_threads)
        self.embedder = DatabaseCachedEmbedder(inner)
        self.lock = threading.RLock()
        self.engine: MatchEngine | None = None
        self.version = -1
        self.chain: Chain | None = None  # the files self.engine was loaded from or saved to

    @property
    def index_dir(self) -> Path:
        return self.settings.index_dir / "engine"

    # ------------------------------------------------------------ request side
    @contextmanager
    def for_request(self, session: Session) -> Iterator[MatchEngine]:
        stored = IndexStateRepository(session).current().version
        if not self.lock.acquire(timeout=REQUEST_WAIT_S):
            raise IndexNotReady("the expert index is being updated; try again in a moment")
        try:
            if self.version != stored:
                self._follow(stored)
            if self.engine is None:
                raise IndexNotReady("the expert index is being built; try again shortly")
            yield self.engine
        finally:
            self.lock.release()

    def _follow(self, stored: int) -> bool:
        """Move to the stored version's files: replay its new segments when it extends what
        is held, else load it whole. False (keeping what is held) when they are unreadable."""
        chain = read_chain(self.index_dir, manifest_name(stored)) or self._legacy(stored)
        if chain is None:
            return False
        if self.engine is not None and self.chain is not None and chain.extends(self.chain):
            try:
                catch_up(self.engine, self.index_dir, self.chain, chain)
                self.version, self.chain = stored, chain
                return True
            except (OSError, EngineError):
                self._forget()  # half replayed
        try:
            engine = load_chain(self.index_dir, chain, self.embedder)
        except (OSError, EngineError):
            return False
        self.engine, self.version, self.chain = engine, stored, chain
        return True

    def _legacy(self, stored: int) -> Chain | None:
        """An index saved before versioned manifests (one folder and a marker file): used as
        a full save, so an upgrade does not leave the web processes without an index."""
        try:
            marker = json.loads((self.index_dir / LEGACY_MARKER).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return Chain(".") if marker.get("version") == stored else None

    def _forget(self) -> None:
        self.engine, self.version, self.chain = None, -1, None

    # ------------------------------------------------------------- worker side
    @contextmanager
    def for_work(self, database: Database) -> Iterator[MatchEngine]:
        """The engine at the stored version, rebuilt if need be; held under the lock."""
        with self.lock, self.embedder.bound(database):
            stored = self._stored(database)
            current = self.engine is not None and self.version == stored
            if not current and not self._follow(stored):
                self.engine, self.version, self.chain = self._build(database), stored, None
            assert self.engine is not None
            yield self.engine

    def rebuild_and_publish(self, database: Database, progress: Progress | None = None) -> int:
        """A fresh full index (compacting the chain); rebuilt again if a publish got in first.
        Built without holding the engine, so requests keep answering meanwhile."""
        for _ in range(ATTEMPTS):
            stored = self._stored(database)
            with self.embedder.bound(database):
                engine = self._build(database, progress)
            with self.lock:
                version = self._publish(database, engine, stored, None)
            if version is not None:
                return version
        raise PublishConflict("the index version kept moving during a rebuild")

    def embed_ahead(self, database: Database, experts: Sequence[ExpertDoc]) -> None:
        """Embed and store these experts' passages without holding the engine: the `update`
        that indexes them then finds every vector stored, so requests wait for the index
        change, not for the model (minutes for a batch on a CPU)."""
        with self.embedder.bound(database):
            self.embedder.embed_passages([p.text for e in experts for p in expert_passages(e)])

    def update(
        self,
        database: Database,
        change: Callable[[MatchEngine], None],
        settle: Settle | None = None,
    ) -> int:
        """Apply `change` to the engine at the stored version and publish it; `settle` runs
        in the publishing transaction (e.g. to clear what was applied)."""
        for _ in range(ATTEMPTS):
            with self.for_work(database) as engine:
                try:
                    change(engine)
                except BaseException:
                    self._forget()  # half changed: reload rather than publish it later
                    raise
                version = self._publish(database, engine, self.version, self.chain, settle)
                if version is not None:
                    return version
        raise PublishConflict("the index version kept moving; will retry")

    @staticmethod
    def _stored(database: Database) -> int:
        # Read-only: a request that holds the write lock (a POST) asks for the version on a
        # second connection; a write transaction there would wait for its own request.
        with database.transaction(read_only=True) as session:
            return IndexStateRepository(session).current().version

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
        with database.transaction(read_only=True) as session:
            experts = [expert_doc(e) for e in IndexSourceRepository(session).indexable()]
            problems = [order_doc(o) for o in OrderRepository(session).list()]
        return experts, problems

    def _publish(
        self,
        database: Database,
        engine: MatchEngine,
        expected: int,
        after: Chain | None,
        settle: Settle | None = None,
    ) -> int | None:
        """Write the engine's changes under fresh names, then take version expected + 1 and
        name the files in its manifest. None if another publisher took that version first:
        this engine is then stale, and it and its files are dropped."""
        try:
            chain = write_chain(engine, self.index_dir, after)
            version = self._take_version(database, engine, expected, chain, settle)
        except BaseException:
            self._forget()
            raise
        if version is None:
            for part in set(chain.parts) - set(after.parts if after else ()):
                remove_part(self.index_dir, part)
            self._forget()
            return None
        self.engine, self.version, self.chain = engine, version, chain
        collect_garbage(self.index_dir, lambda name: _kept(name, version))
        return version

    def _take_version(
        self,
        database: Database,
        engine: MatchEngine,
        expected: int,
        chain: Chain,
        settle: Settle | None,
    ) -> int | None:
        """One transaction: the version row, the manifest naming `chain`, and `settle`. The
        manifest is written before the commit, so a committed version always has its files."""
        with database.transaction() as session:
            states = IndexStateRepository(session)
            version = states.bump(self.embedder.model_id, len(engine), expected)
            if version is not None:
                write_manifest(self.index_dir, manifest_name(version), chain)
                if settle is not None:
                    settle(session)
            return version


def _kept(name: str, version: int) -> bool:
    found = _MANIFEST.fullmatch(name)
    return found is None or int(found.group(1)) > version - KEEP_VERSIONS


_holders: dict[tuple[str, str], EngineHolder] = {}
_holders_lock = threading.Lock()


def holder_for(settings: Settings) -> EngineHolder:
    key = (settings.resolved_database_url, str(settings.index_dir.resolve()))
    with _holders_lock:
        if key not in _holders:
            _holders[key] = EngineHolder(settings)
        return _holders[key]
