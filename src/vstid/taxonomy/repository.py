from __future__ import annotations

from sqlalchemy import func, select

from vstid.core.repository import Repository
from vstid.taxonomy.models import FieldOfScience

__all__ = ["FieldRepository"]


class FieldRepository(Repository[FieldOfScience]):
    model = FieldOfScience

    def ordered(self) -> list[FieldOfScience]:
        return list(
            self.list(select(FieldOfScience).order_by(FieldOfScience.position, FieldOfScience.code))
        )

    def labels(self) -> dict[str, dict[str, str]]:
        return {f.code: f.labels for f in self.ordered()}

    def by_code(self, code: str) -> FieldOfScience | None:
        return self.session.get(FieldOfScience, code)

    def next_position(self) -> int:
        """After every field: a new or moved field is listed last among its siblings."""
        return int(self.session.scalar(select(func.max(FieldOfScience.position))) or 0) + 1
