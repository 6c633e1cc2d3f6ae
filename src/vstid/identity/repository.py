from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Column, Table, UniqueConstraint, func, select, update
from sqlalchemy.orm import Session, selectinload

from vstid.core.pagination import Page, PageParams
from vstid.core.repository import Repository
from vstid.experts.models import ExpertProfile
from vstid.identity.models import MergeRecord, MergeSuggestion, SuggestionStatus

__all__ = ["MergeRecordRepository", "ReferenceRepository", "SuggestionRepository"]


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


# Rows that absorb() moves itself, as part of the profile's own content.
# expert_facets rows are derived from their own profile (experts.models), never moved.
_OWN_CHILDREN = {"publications", "expert_external_ids", "expert_facets"}


def _referencing_columns() -> list[tuple[Table, Column[Any]]]:
    """Every column of another domain that points at a profile (invitations, proposals,
    project partners, declared conflicts, ...), found from the metadata so that a domain
    added later is covered without touching this module."""
    found = []
    for table in ExpertProfile.metadata.sorted_tables:
        if table.name in _OWN_CHILDREN:
            continue
        for fk in table.foreign_keys:
            if fk.column.table.name == ExpertProfile.__tablename__:
                found.append((table, fk.parent))
    return found


class ReferenceRepository:
    """Moves other domains' references from a merged profile to the survivor, and back."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def clashes(self, from_id: uuid.UUID, to_id: uuid.UUID) -> list[str]:
        """Tables where moving would break a uniqueness rule (both profiles invited to the
        same order, say): a merge must not silently drop either row."""
        clashing = []
        for table, column in _referencing_columns():
            for unique in (c for c in table.constraints if isinstance(c, UniqueConstraint)):
                others = [c for c in unique.columns if c.name != column.name]
                if column.name not in unique.columns or not others:
                    continue
                keys = [
                    tuple(r)
                    for r in self.session.execute(
                        select(*others)
                        .where(column.in_([from_id, to_id]))
                        .group_by(*others)
                        .having(func.count() > 1)
                    )
                ]
                if keys:
                    clashing.append(table.name)
        return clashing

    def move(self, from_id: uuid.UUID, to_id: uuid.UUID) -> dict[str, list[str]]:
        moved: dict[str, list[str]] = {}
        for table, column in _referencing_columns():
            ids = list(self.session.scalars(select(table.c.id).where(column == from_id)))
            if ids:
                self.session.execute(
                    update(table).where(table.c.id.in_(ids)).values({column.name: to_id})
                )
                moved[f"{table.name}.{column.name}"] = [str(i) for i in ids]
        return moved

    def move_back(self, moved: dict[str, list[str]], to_id: uuid.UUID) -> None:
        tables = {t.name: t for t in ExpertProfile.metadata.sorted_tables}
        for key, ids in moved.items():
            table_name, column_name = key.split(".", 1)
            table = tables[table_name]
            self.session.execute(
                update(table)
                .where(table.c.id.in_([uuid.UUID(i) for i in ids]))
                .values({column_name: to_id})
            )
