from __future__ import annotations

from sqlalchemy import select

from vstid.core.repository import Repository
from vstid.taxonomy.models import FieldOfScience

__all__ = ["FieldRepository"]


class FieldRepository(Repository[FieldOfScience]):
    model = FieldOfScience

    def ordered(self) -> list[FieldOfScience]:
        return list(self.list(select(FieldOfScience).order_by(FieldOfScience.position)))

    def labels(self) -> dict[str, dict[str, str]]:
        return {f.code: f.labels for f in self.ordered()}
