"""Reading the hubs (the home page, search facets, exports, a new profile's default). Never
commits."""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from vstid.hubs.models import Hub
from vstid.hubs.repository import HubRepository

__all__ = ["HubService"]


class HubService:
    def __init__(self, session: Session) -> None:
        self.repo = HubRepository(session)

    def all_ordered(self) -> list[Hub]:
        """Pilot hubs first, then by code."""
        return self.repo.all_ordered()

    def count(self) -> int:
        return self.repo.count()

    def codes(self) -> dict[uuid.UUID, str]:
        return {h.id: h.code for h in self.repo.all_ordered()}
