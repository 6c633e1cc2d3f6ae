"""Database engine and session scope. Services never commit; these scopes do."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import Session, sessionmaker

from vstid.core.settings import Settings

__all__ = ["BUSY_ERRORS", "Database", "is_busy", "make_engine"]

# Errors that mean "the database is momentarily busy" when is_busy says so: a lock not had
# within busy_timeout, a read snapshot gone stale before its first write, a pool exhausted.
BUSY_ERRORS: tuple[type[Exception], ...] = (OperationalError, PoolTimeout)
_BUSY_MARKERS = ("database is locked", "database table is locked", "database is busy")


def is_busy(exc: BaseException) -> bool:
    if isinstance(exc, PoolTimeout):
        return True
    return isinstance(exc, OperationalError) and any(m in str(exc) for m in _BUSY_MARKERS)


def _sqlite_pragmas(busy_timeout_ms: int) -> Callable[[Any, Any], None]:
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # pysqlite's own transaction handling defers BEGIN and breaks SAVEPOINT; let
        # SQLAlchemy emit BEGIN itself (the "begin" listener) so nested transactions work.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.close()

    return on_connect


READ_ONLY = "vstid_read_only"


def _sqlite_begin(connection: Any) -> None:
    # A unit of work that may write begins IMMEDIATE, taking the write lock up front: a
    # deferred transaction that reads and then writes fails at once ("database is locked")
    # if another connection committed in between, while an immediate one simply waits its
    # turn (busy_timeout). A read-only unit (a page view) begins DEFERRED and takes no lock
    # at all: in WAL mode readers run beside each other and beside the one writer, so page
    # views never queue behind the write lock (issue 10, item 1).
    read_only = connection.get_execution_options().get(READ_ONLY, False)
    connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def _ensure_sqlite_folder(url: str) -> None:
    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).expanduser().resolve().parent.mkdir(parents=True, exist_ok=True)


def make_engine(url: str, pool_size: int = 10, busy_timeout_ms: int = 30_000) -> Engine:
    """The pool holds a connection for every request thread, so a burst of requests waits
    for a thread (cheap) rather than for a connection (a time-out after 30 s)."""
    if url.startswith("sqlite"):
        _ensure_sqlite_folder(url)
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False},
            pool_size=pool_size,
            max_overflow=pool_size,
            pool_timeout=10,
        )
        event.listen(engine, "connect", _sqlite_pragmas(busy_timeout_ms))
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(
        url, pool_pre_ping=True, pool_size=pool_size, max_overflow=pool_size, pool_timeout=10
    )


class Database:
    """Owns one engine and hands out sessions; the web dependency and CLI commit through it."""

    def __init__(self, settings: Settings) -> None:
        if settings.is_sqlite:
            settings.data_dir.mkdir(parents=True, exist_ok=True)
        self.url = settings.resolved_database_url
        self.engine = make_engine(
            self.url, settings.request_threads, settings.sqlite_busy_timeout_ms
        )
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        reader = self.engine.execution_options(**{READ_ONLY: True})
        self._read_sessions = sessionmaker(reader, expire_on_commit=False)

    def session(self) -> Session:
        return self._sessions()

    @contextmanager
    def transaction(self, *, read_only: bool = False) -> Iterator[Session]:
        """Commit on success, roll back on any error: the one place a unit of work ends.

        `read_only` is a promise that the unit mostly reads (a page view): on SQLite it takes
        no lock up front. It may still write a little (a token's last use); such a write
        fails with "database is locked" if another writer committed meanwhile, which the web
        layer answers with 503 and Retry-After."""
        session = (self._read_sessions if read_only else self._sessions)()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()
