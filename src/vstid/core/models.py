"""Declarative base with fixed constraint naming (portable Alembic migrations) and shared mixins."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, MetaData, Uuid, event
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.orm.attributes import set_committed_value

__all__ = ["Base", "IdMixin", "TimestampMixin", "as_utc", "utcnow"]

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """A stored moment, aware: SQLite hands back naive UTC values (from Core queries too,
    which the ORM load hook below does not see)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class IdMixin:
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )


def _aware_columns(cls: type) -> list[str]:
    cached: list[str] | None = cls.__dict__.get("_vstid_aware_columns")
    if cached is None:
        mapper = cls.__mapper__  # type: ignore[attr-defined]
        cached = [
            attr.key
            for attr in mapper.column_attrs
            if any(isinstance(c.type, DateTime) and c.type.timezone for c in attr.columns)
        ]
        cls._vstid_aware_columns = cached  # type: ignore[attr-defined]
    return cached


@event.listens_for(Base, "load", propagate=True)
@event.listens_for(Base, "refresh", propagate=True)
def _utc_on_load(target: Any, *_: Any) -> None:
    """SQLite keeps no time zone: a DateTime(timezone=True) read back is naive there, while
    PostgreSQL gives it aware. Every stored moment is UTC, so say so on load, and pages, the
    API (RFC 3339 date-times) and comparisons behave the same on both databases."""
    for key in _aware_columns(type(target)):
        value = target.__dict__.get(key)
        if isinstance(value, datetime) and value.tzinfo is None:
            set_committed_value(target, key, as_utc(value))
