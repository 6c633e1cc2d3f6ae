"""All SQL of the matching application layer."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select, update
from sqlalchemy.orm import selectinload

from vstid.core.models import utcnow
from vstid.core.repository import Repository
from vstid.core.upsert import insert_for
from vstid.experts.models import ExpertProfile, Visibility
from vstid.matching.models import ConflictDeclaration, IndexState, MatchSnapshot, StoredEmbedding

__all__ = [
    "ConflictRepository",
    "EmbeddingRepository",
    "IndexSourceRepository",
    "IndexStateRepository",
    "SnapshotRepository",
]


class EmbeddingRepository(Repository[StoredEmbedding]):
    model = StoredEmbedding

    def lookup(self, model_id: str, role: str, hashes: Sequence[str]) -> dict[str, bytes]:
        found: dict[str, bytes] = {}
        unique = list(dict.fromkeys(hashes))
        for i in range(0, len(unique), 500):  # stay under bind-parameter limits
            stmt = select(StoredEmbedding.text_hash, StoredEmbedding.vector).where(
                StoredEmbedding.model_id == model_id,
                StoredEmbedding.role == role,
                StoredEmbedding.text_hash.in_(unique[i : i + 500]),
            )
            found.update({h: bytes(v) for h, v in self.session.execute(stmt)})
        return found

    def store(self, model_id: str, role: str, dim: int, rows: dict[str, bytes]) -> None:
        for text_hash, vector in rows.items():
            self.session.add(
                StoredEmbedding(
                    model_id=model_id, role=role, text_hash=text_hash, dim=dim, vector=vector
                )
            )
        self.session.flush()


class SnapshotRepository(Repository[MatchSnapshot]):
    model = MatchSnapshot

    def latest_for(self, order_id: uuid.UUID) -> MatchSnapshot | None:
        stmt = (
            select(MatchSnapshot)
            .where(MatchSnapshot.order_id == order_id)
            .order_by(MatchSnapshot.created_at.desc())
            .limit(1)
        )
        return self.session.scalars(stmt).first()


class IndexStateRepository(Repository[IndexState]):
    model = IndexState

    def current(self) -> IndexState:
        """Reading never writes: a long indexing job must not take SQLite's write lock early."""
        state = self.session.get(IndexState, 1)
        return state if state is not None else IndexState(id=1, version=0, model_id="", experts=0)

    def bump(self, model_id: str, experts: int, expected: int | None = None) -> int | None:
        """Move the version on by one in a single statement and return the new one, so two
        publishers never both get the same number. With `expected`, only if the stored version
        still is that one (None otherwise): a publisher whose engine started from an older
        version must not hide changes another one published in between."""
        self._ensure_row()
        stmt = (
            update(IndexState)
            .where(IndexState.id == 1)
            .values(
                version=IndexState.version + 1,
                model_id=model_id,
                experts=experts,
                updated_at=utcnow(),
            )
            .returning(IndexState.version)
        )
        if expected is not None:
            stmt = stmt.where(IndexState.version == expected)
        version = self.session.execute(stmt).scalar_one_or_none()
        return version

    def _ensure_row(self) -> None:
        row = {"id": 1, "version": 0, "model_id": "", "experts": 0, "updated_at": utcnow()}
        insert = insert_for(self.session, IndexState)
        self.session.execute(insert.values(**row).on_conflict_do_nothing(index_elements=["id"]))


class ConflictRepository(Repository[ConflictDeclaration]):
    model = ConflictDeclaration

    def experts_conflicted_with(self, organization_id: uuid.UUID) -> set[uuid.UUID]:
        stmt = select(ConflictDeclaration.expert_id).where(
            ConflictDeclaration.organization_id == organization_id
        )
        return set(self.session.scalars(stmt))


class IndexSourceRepository(Repository[ExpertProfile]):
    """What the index is built from: every profile the matcher may propose (not hidden)."""

    model = ExpertProfile

    def indexable(self, ids: Sequence[uuid.UUID] | None = None) -> list[ExpertProfile]:
        """Every indexable profile, or those among `ids` (a re-index batch)."""
        stmt = (
            select(ExpertProfile)
            .options(selectinload(ExpertProfile.publications))
            .where(ExpertProfile.visibility != Visibility.hidden.value)
            .order_by(ExpertProfile.slug)
        )
        if ids is not None:
            stmt = stmt.where(ExpertProfile.id.in_(ids))
        return list(self.list(stmt))
