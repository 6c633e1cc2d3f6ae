"""Reading expert profiles within what the viewer may see. Never commits."""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from vstid.accounts.models import User
from vstid.core.errors import NotFound
from vstid.core.i18n import N_
from vstid.experts.models import ExpertProfile
from vstid.experts.permissions import restrict_experts
from vstid.experts.repository import ExpertRepository

__all__ = ["ExpertQueries"]


class ExpertQueries:
    def __init__(self, session: Session) -> None:
        self.repo = ExpertRepository(session)

    def count_visible(self, user: User | None) -> int:
        return self.repo.count(restrict_experts(self.repo.listing(), user))

    def visible_by_ids(self, ids: list[uuid.UUID], user: User | None) -> list[ExpertProfile]:
        """The given experts the viewer may see, in the given order."""
        stmt = restrict_experts(self.repo.listing().where(ExpertProfile.id.in_(ids)), user)
        found = {e.id: e for e in self.repo.list(stmt)}
        return [found[i] for i in ids if i in found]

    def get_visible(self, slug: str, user: User | None) -> ExpertProfile:
        stmt = self.repo.with_publications(self.repo.listing())
        stmt = restrict_experts(stmt.where(ExpertProfile.slug == slug), user)
        found = self.repo.list(stmt)
        if not found:
            raise NotFound(N_("expert not found"))
        return found[0]
