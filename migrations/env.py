"""Alembic environment: URL from VSTID settings (or the caller), batch mode for SQLite."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from vstid.core.db import make_engine
from vstid.core.settings import get_settings
from vstid.models_registry import Base

config = context.config
target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = config.get_main_option("sqlalchemy.url") or get_settings().resolved_database_url
    engine = make_engine(url)
    with engine.connect() as conn:
        _run(conn)
    engine.dispose()


run_online()
