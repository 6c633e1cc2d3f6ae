"""Publishing the index from several processes at once (issue 8, item 2): the version moves on
by one per publish whatever the interleaving, no publish hides another's change, and a process
holding an older version follows the stored one — on real databases with real connections."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from tests.builders import make_expert, make_hub
from tests.conftest import fresh_postgres_database
from vstid.core.db import Database
from vstid.core.migrate import upgrade
from vstid.core.settings import Environment, Settings
from vstid.engine.documents import ExpertDoc
from vstid.engine.engine import MatchEngine
from vstid.experts.profiles import ExpertProfileService
from vstid.matching.holder import EngineHolder, holder_for
from vstid.matching.repository import IndexStateRepository
from vstid.matching.worker import MatchingWorker


def _settings(tmp_path: Path, url: str) -> Settings:
    return Settings(
        env=Environment.test,
        data_dir=tmp_path,
        database_url=url,
        secret_key="t" * 40,
        worker_in_process=False,
        embedder="hashing",
    )


@pytest.fixture(params=["sqlite", "postgresql"])
def real_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A database every thread reaches through its own connections (no test transaction)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'publish.db'}"
    else:
        url = fresh_postgres_database("publish")
    upgrade(url)
    database = Database(_settings(tmp_path, url))
    yield database
    database.dispose()


def _in_threads(*calls: Callable[[], Any]) -> list[Any]:
    results: list[Any] = [None] * len(calls)
    errors: list[BaseException] = []

    def run(i: int) -> None:
        try:
            results[i] = calls[i]()
        except BaseException as exc:  # surfaced to the test below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    return results


def _stored(database: Database) -> int:
    with database.transaction() as session:
        return IndexStateRepository(session).current().version


def test_two_concurrent_bumps_get_distinct_versions_on_postgresql(tmp_path: Path) -> None:
    """Both publishers have read before either writes (a barrier at their first write to the
    version row); the old read-add-write bump gave both the same number."""
    url = fresh_postgres_database("bump")
    upgrade(url)
    database = Database(_settings(tmp_path, url))
    with database.transaction() as session:
        IndexStateRepository(session).bump("m", 0)
    start = _stored(database)
    barrier, waited = threading.Barrier(2, timeout=20), threading.local()

    def hold_first_write(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        first_write = statement.lstrip().upper().startswith(("UPDATE INDEX_STATE", "INSERT"))
        if first_write and not getattr(waited, "done", False):
            waited.done = True
            barrier.wait()

    def publish() -> int | None:
        with database.transaction() as session:
            return IndexStateRepository(session).bump("m", 0)

    event.listen(database.engine, "before_cursor_execute", hold_first_write)
    try:
        versions = _in_threads(publish, publish)
    finally:
        event.remove(database.engine, "before_cursor_execute", hold_first_write)
        database.dispose()
    assert sorted(versions) == [start + 1, start + 2]
    assert _stored(database) == start + 2


def _doc(expert_id: str, headline: str) -> ExpertDoc:
    return ExpertDoc(id=expert_id, headline=headline, bio=headline, language="en")


def test_concurrent_publishers_keep_each_others_changes(
    real_database: Database, tmp_path: Path
) -> None:
    """Two processes (two holders, one index folder) each add an expert, both having loaded the
    same version before either publishes: two versions, and the last one holds both experts."""
    settings = _settings(tmp_path, real_database.url)
    first, second = EngineHolder(settings), EngineHolder(settings)
    start = first.rebuild_and_publish(real_database)
    barrier = threading.Barrier(2, timeout=20)

    def adding(holder: EngineHolder, doc: ExpertDoc) -> Callable[[], int]:
        calls = []

        def change(engine: MatchEngine) -> None:
            calls.append(1)
            if len(calls) == 1:  # a retried change must not wait again
                barrier.wait()
            engine.index_experts([doc])

        return lambda: holder.update(real_database, change)

    versions = _in_threads(
        adding(first, _doc("A", "Seawater desalination membranes")),
        adding(second, _doc("B", "Analog integrated circuit design")),
    )
    assert sorted(versions) == [start + 1, start + 2]
    assert _stored(real_database) == start + 2
    reader = EngineHolder(settings)
    with real_database.transaction() as session, reader.for_request(session) as engine:
        assert set(engine.experts) == {"A", "B"}


def test_a_process_follows_the_stored_version_and_is_never_stuck(
    real_database: Database, tmp_path: Path
) -> None:
    settings = _settings(tmp_path, real_database.url)
    writer, reader = EngineHolder(settings), EngineHolder(settings)
    writer.update(real_database, lambda e: e.index_experts([_doc("A", "Rice genomics")]))
    with real_database.transaction() as session, reader.for_request(session) as engine:
        assert set(engine.experts) == {"A"}
    held = reader.chain
    writer.update(real_database, lambda e: e.index_experts([_doc("B", "Port logistics")]))
    with real_database.transaction() as session, reader.for_request(session) as engine:
        assert set(engine.experts) == {"A", "B"}
    assert reader.chain is not None and held is not None and reader.chain.extends(held)
    assert len(reader.chain.segments) == len(held.segments) + 1  # replayed, not reloaded

    # A version without files (publishers write files before the version, so only a foreign
    # bump makes one) leaves readers answering from what they hold; a worker rebuilds from
    # the database (which holds no profiles here) and its publish brings readers up to date.
    with real_database.transaction() as session:
        IndexStateRepository(session).bump("m", 2)
    with real_database.transaction() as session, reader.for_request(session) as engine:
        assert set(engine.experts) == {"A", "B"}
    writer.update(real_database, lambda e: e.index_experts([_doc("C", "Tidal energy")]))
    with real_database.transaction() as session, reader.for_request(session) as engine:
        assert set(engine.experts) == {"C"}
    assert reader.version == _stored(real_database)


def test_a_failed_publish_changes_nothing_readers_see(
    real_database: Database, tmp_path: Path
) -> None:
    """Files of a publish whose transaction fails are written but never named by a committed
    version: readers stay on the last version, the writer drops its changed engine."""
    settings = _settings(tmp_path, real_database.url)
    writer, reader = EngineHolder(settings), EngineHolder(settings)
    version = writer.update(real_database, lambda e: e.index_experts([_doc("A", "Rice")]))

    def fail(_session: object) -> None:
        raise RuntimeError("the publishing transaction fails")

    with pytest.raises(RuntimeError):
        writer.update(real_database, lambda e: e.index_experts([_doc("B", "Ports")]), fail)
    assert _stored(real_database) == version and writer.engine is None

    def half_change(engine: MatchEngine) -> None:
        engine.remove_expert("A")
        raise RuntimeError("the change fails halfway")

    with pytest.raises(RuntimeError):
        writer.update(real_database, half_change)
    assert writer.engine is None, "a half-changed engine is dropped, never published later"
    with real_database.transaction() as session, reader.for_request(session) as engine:
        assert set(engine.experts) == {"A"}
    writer.update(real_database, lambda e: e.index_experts([_doc("C", "Tides")]))
    with real_database.transaction() as session, reader.for_request(session) as engine:
        assert set(engine.experts) == {"A", "C"}  # the writer reloaded the last version


def test_an_index_saved_before_versioned_manifests_still_loads(
    real_database: Database, tmp_path: Path
) -> None:
    """The layout before this change: the engine saved in the index folder itself, with a
    marker file naming its version. After an upgrade, readers keep answering from it and the
    next publish appends to it."""
    settings = _settings(tmp_path, real_database.url)
    writer, reader = EngineHolder(settings), EngineHolder(settings)
    old = MatchEngine(writer.embedder.inner)
    old.index_experts([_doc("A", "Rice genomics")])
    old.save(writer.index_dir)
    with real_database.transaction() as session:
        version = IndexStateRepository(session).bump(writer.embedder.model_id, 1)
    (writer.index_dir / "vstid-version.json").write_text(f'{{"version": {version}}}')
    with real_database.transaction() as session, reader.for_request(session) as engine:
        assert set(engine.experts) == {"A"}
    writer.update(real_database, lambda e: e.index_experts([_doc("B", "Port logistics")]))
    with real_database.transaction() as session, reader.for_request(session) as engine:
        assert set(engine.experts) == {"A", "B"}


class _HeldEmbedder:
    """Wraps the hashing embedder; embedding passages waits until the test lets it go."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.model_id, self.dim = inner, inner.model_id, inner.dim
        self.entered, self.release = threading.Event(), threading.Event()

    def embed_queries(self, texts: Any) -> Any:
        return self.inner.embed_queries(texts)

    def embed_passages(self, texts: Any) -> Any:
        self.entered.set()
        self.release.wait(30)
        return self.inner.embed_passages(texts)


def test_requests_answer_while_a_reindex_batch_is_embedded(
    real_database: Database, tmp_path: Path
) -> None:
    """The model can take minutes for a batch: it runs before the engine is taken, so a request
    in the same process answers from the current version meanwhile."""
    settings = _settings(tmp_path, real_database.url)
    holder = holder_for(settings)
    holder.update(real_database, lambda e: e.index_experts([_doc("A", "Rice genomics")]))
    with real_database.transaction() as session:
        expert = make_expert(session, make_hub(session), headline="Coastal erosion")
        ExpertProfileService(session).request_reindex(expert.id)
    held = _HeldEmbedder(holder.embedder.inner)
    holder.embedder.inner = held  # type: ignore[assignment]
    worker = threading.Thread(target=MatchingWorker(real_database, settings).drain_reindex)
    worker.start()
    try:
        assert held.entered.wait(20)
        answered = threading.Event()

        def search() -> None:
            with real_database.transaction() as session, holder.for_request(session):
                answered.set()

        threading.Thread(target=search, daemon=True).start()
        assert answered.wait(5), "the request waited for the batch's embedding"
    finally:
        held.release.set()
        worker.join(30)
    with real_database.transaction() as session, holder.for_request(session) as engine:
        assert set(engine.experts) == {"A", str(expert.id)}
