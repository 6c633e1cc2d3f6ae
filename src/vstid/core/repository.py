"""The one small generic repository every domain repository builds on. All SQL lives in
repositories; domain repositories only add named queries."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from vstid.core.errors import NotFound
from vstid.core.i18n import N_
from vstid.core.models import Base
from vstid.core.pagination import Page, PageParams

__all__ = ["Repository"]

M = TypeVar("M", bound=Base)


class Repository(Generic[M]):
    model: type[M]

    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, id_: uuid.UUID) -> M | None:
        return self.session.get(self.model, id_)

    def get_or_404(self, id_: uuid.UUID, what: str | None = None) -> M:
        row = self.get(id_)
        if row is None:
            error = NotFound(N_("the requested item was not found"))
            error.add_note(f"{what or self.model.__name__} {id_}")  # for logs, not for readers
            raise error
        return row

    def get_by(self, **filters: Any) -> M | None:
        return self.session.scalars(select(self.model).filter_by(**filters).limit(1)).first()

    def add(self, row: M) -> M:
        self.session.add(row)
        self.session.flush()
        return row

    def flush(self) -> None:
        """Sends pending changes now: for a unique value freed before it is reused, or an id
        needed before the unit of work ends."""
        self.session.flush()

    def delete(self, row: M) -> None:
        self.session.delete(row)
        self.session.flush()

    def list(self, stmt: Select[M] | None = None) -> Sequence[M]:
        return self.session.scalars(stmt if stmt is not None else select(self.model)).all()

    def count(self, stmt: Select[M] | None = None) -> int:
        base = stmt if stmt is not None else select(self.model)
        counted = select(func.count()).select_from(base.order_by(None).subquery())
        return int(self.session.scalar(counted) or 0)

    def paginate(self, stmt: Select[M], params: PageParams) -> Page[M]:
        total = self.count(stmt)
        rows = self.session.scalars(stmt.limit(params.size).offset(params.offset)).all()
        return Page(items=list(rows), total=total, page=params.page, size=params.size)
