"""Fixtures: every database test runs on SQLite AND PostgreSQL, inside a transaction that is
rolled back afterwards. PostgreSQL being unreachable is an error, never a silent skip."""

from __future__ import annotations

import atexit
import contextlib
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import routing as fastapi_routing
from fastapi.testclient import TestClient
from sqlalchemy import Connection, create_engine, text
from sqlalchemy.orm import Session, sessionmaker

# Cheap argon2id parameters for every password the suite hashes and checks (core/security.py);
# set before anything imports vstid, and inherited by the CLI and servers the tests start.
os.environ["VSTID_PASSWORD_HASHING"] = "fast"

from tests.programs.world import pw  # noqa: F401  (programs)
from tests.projects.results_world import openalex, rw  # noqa: F401  (project results)
from tests.world import api, hub, world  # noqa: F401  (fixtures for every test package)
from vstid.core.db import Database, make_engine
from vstid.core.migrate import upgrade
from vstid.core.settings import Environment, Settings
from vstid.web.app import create_app


def _share_route_state_between_apps() -> None:
    """Every test builds its own app, and FastAPI (0.16x) builds each route's request state
    (parameter and response models, pydantic adapters) lazily, per app, on the app's first
    request: 250 routes cost a second and a half of every test that calls the app, eleven
    minutes of a full run. The routes are module-level objects shared by all those apps, so
    the state built for one app serves the next. Test-only: the suite never uses
    `dependency_overrides`, the one per-app thing that state refers to."""
    effective = fastapi_routing._EffectiveRouteContext
    build = effective.from_api_route.__func__  # type: ignore[attr-defined]
    built: dict[tuple[object, ...], tuple[object, object]] = {}

    def from_api_route(cls, *, original_route, include_context):  # type: ignore[no-untyped-def]
        key = (
            id(original_route),
            include_context.path_for(original_route),
            tuple(id(d.dependency) for d in include_context.dependencies),
            include_context.include_in_schema,
        )
        if key not in built:
            built[key] = (original_route, build(cls, original_route=original_route,
                                               include_context=include_context))  # fmt: skip
        return built[key][1]

    effective.from_api_route = classmethod(from_api_route)


_share_route_state_between_apps()


PG_ADMIN_URL = os.environ.get(
    "VSTID_TEST_PG_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
BACKENDS = ("sqlite", "postgresql")


def _worker() -> str:
    # The process id keeps two test runs on one machine (a developer's and CI's) apart.
    return f"{os.environ.get('PYTEST_XDIST_WORKER', 'main')}_{os.getpid()}"


_created: list[str] = []


def _admin_execute(*statements: str) -> None:
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            for statement in statements:
                conn.execute(text(statement))
    finally:
        admin.dispose()


@atexit.register
def _drop_created_databases() -> None:
    for name in _created:
        # The server may already be gone at interpreter exit; nothing then to clean.
        with contextlib.suppress(Exception):
            _admin_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def fresh_postgres_database(purpose: str) -> str:
    """(Re)creates an empty database per purpose and test process; returns its URL."""
    name = f"vstid_{purpose}_{_worker()}"
    try:
        _admin_execute(
            f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
            f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0",
        )
    except Exception as exc:  # pragma: no cover - environment problem, reported loudly
        raise RuntimeError(
            f"PostgreSQL is not reachable at {PG_ADMIN_URL}: {exc}. Start it with "
            "`make pg-up` (the test command does this) or set VSTID_TEST_PG_ADMIN_URL."
        ) from exc
    _created.append(name)
    return PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"


@pytest.fixture(scope="session", params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    else:
        url = fresh_postgres_database("test")
    upgrade(url)
    return url


@pytest.fixture(scope="session")
def db_engine(db_url: str):  # type: ignore[no-untyped-def]
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def connection(db_engine) -> Iterator[Connection]:  # type: ignore[no-untyped-def]
    with db_engine.connect() as conn:
        outer = conn.begin()
        yield conn
        outer.rollback()


class BoundDatabase(Database):
    """A Database whose sessions all live inside the test's outer transaction: a commit in
    the code under test only releases a savepoint, and the test's rollback undoes it all."""

    def __init__(self, settings: Settings, conn: Connection) -> None:
        self.url = str(conn.engine.url)
        self.engine = conn.engine
        self._sessions = sessionmaker(
            bind=conn, expire_on_commit=False, join_transaction_mode="create_savepoint"
        )
        self._read_sessions = self._sessions  # one connection: reads and writes share it

    def dispose(self) -> None:
        return None


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        env=Environment.test,
        data_dir=tmp_path,
        secret_key="t" * 40,
        login_max_failures=3,
        worker_in_process=False,  # tests run queued jobs explicitly with run_pending
        embedder="hashing",  # instant and deterministic; the real model has its own tests
    )


@pytest.fixture
def database(settings: Settings, connection: Connection) -> Database:
    return BoundDatabase(settings, connection)


@pytest.fixture
def session(database: Database) -> Iterator[Session]:
    s = database.session()
    yield s
    s.close()


@pytest.fixture
def client(settings: Settings, database: Database) -> Iterator[TestClient]:
    app = create_app(settings, database)
    with TestClient(app, base_url="http://testserver") as c:
        yield c


def unique_email(prefix: str = "user") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}@example.org"
