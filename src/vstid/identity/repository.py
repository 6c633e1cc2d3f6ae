from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from vstid.core.pagination import Page, PageParams
from vstid.core.repository import Repository
from vstid.experts.models import ExpertProfile
from vstid.identity.models import MergeRecord, MergeSuggestion, SuggestionStatus

__all__ = ["MergeRecordRepository", "SuggestionRepository"]


class SuggestionRepository(Repository[MergeSuggestion]):
    model = MergeSuggestion

    def for_pair(self, a: uuid.UUID, b: uuid.UUID) -> MergeSuggestion | None:
        first, second = sorted((a, b), key=str)
        return self.get_by(first_id=first, second_id=second)

    def pending_page(self, params: PageParams) -> Page[MergeSuggestion]:
        stmt = (
            select(MergeSuggestion)
            .where(MergeSuggestion.status == SuggestionStatus.pending.value)
            .order_by(MergeSuggestion.score.desc(), MergeSuggestion.id)
        )
        return self.paginate(stmt, params)

    def involving(self, expert_id: uuid.UUID) -> list[MergeSuggestion]:
        stmt = select(MergeSuggestion).where(
            (MergeSuggestion.first_id == expert_id) | (MergeSuggestion.second_id == expert_id)
        )
        return list(self.list(stmt))

    def all_profiles(self) -> list[ExpertProfile]:
        stmt = select(ExpertProfile).options(selectinload(ExpertProfile.publications))
        return list(self.session.scalars(stmt).all())

    def profiles(self, ids: set[uuid.UUID]) -> dict[uuid.UUID, ExpertProfile]:
        if not ids:
            return {}
        stmt = select(ExpertProfile).where(ExpertProfile.id.in_(ids))
        return {e.id: e for e in self.session.scalars(stmt).all()}


class MergeRecordRepository(Repository[MergeRecord]):
    model = MergeRecord

    def recent(self, limit: int = 20) -> list[MergeRecord]:
        stmt = select(MergeRecord).order_by(MergeRecord.created_at.desc()).limit(limit)
        return list(self.list(stmt))
