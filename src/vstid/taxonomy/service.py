"""Reading the fields of science (the taxonomy pages and forms choose from). Never commits."""

from __future__ import annotations

from sqlalchemy.orm import Session

from vstid.taxonomy.models import FieldOfScience
from vstid.taxonomy.repository import FieldRepository

__all__ = ["TaxonomyService"]


class TaxonomyService:
    def __init__(self, session: Session) -> None:
        self.repo = FieldRepository(session)

    def ordered(self) -> list[FieldOfScience]:
        return self.repo.ordered()

    def labels(self) -> dict[str, dict[str, str]]:
        """Field code -> its label in each language."""
        return self.repo.labels()
