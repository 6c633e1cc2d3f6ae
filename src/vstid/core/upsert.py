"""INSERT … ON CONFLICT for both databases: PostgreSQL and SQLite (>= 3.24) spell it alike,
but SQLAlchemy builds it from each dialect's own `insert`."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

__all__ = ["insert_for"]


def insert_for(session: Session, table: Any) -> Any:
    """An INSERT on `table` that offers `on_conflict_do_nothing/do_update` on either backend."""
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)
