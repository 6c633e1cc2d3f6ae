from __future__ import annotations

import uuid

from sqlalchemy import select

from vstid.core.repository import Repository
from vstid.experts.models import ExpertExternalId, ExpertProfile
from vstid.imports.models import ImportBatch, ImportRow

__all__ = ["ImportBatchRepository", "ImportRepository"]


class ImportRepository(Repository[ImportRow]):
    """Natural-key lookups of profiles, and the per-row checkpoints."""

    model = ImportRow

    def by_external_id(self, scheme: str, value: str) -> ExpertProfile | None:
        stmt = (
            select(ExpertProfile)
            .join(ExpertExternalId, ExpertExternalId.expert_id == ExpertProfile.id)
            .where(ExpertExternalId.scheme == scheme, ExpertExternalId.value == value)
        )
        return self.session.scalars(stmt.limit(1)).first()

    def by_orcid(self, orcid: str) -> ExpertProfile | None:
        found = self.session.scalars(
            select(ExpertProfile).where(ExpertProfile.orcid == orcid).limit(1)
        ).first()
        return found or self.by_external_id("orcid", orcid)

    def by_openalex(self, openalex_id: str) -> ExpertProfile | None:
        found = self.session.scalars(
            select(ExpertProfile).where(ExpertProfile.openalex_id == openalex_id).limit(1)
        ).first()
        return found or self.by_external_id("openalex", openalex_id)

    def by_email(self, email: str) -> ExpertProfile | None:
        stmt = select(ExpertProfile).where(ExpertProfile.email == email.lower()).limit(1)
        return self.session.scalars(stmt).first()

    def done_lines(self, batch_id: uuid.UUID) -> set[int]:
        stmt = select(ImportRow.line).where(ImportRow.batch_id == batch_id)
        return set(self.session.scalars(stmt).all())

    def rows_of(self, batch_id: uuid.UUID) -> list[ImportRow]:
        stmt = select(ImportRow).where(ImportRow.batch_id == batch_id).order_by(ImportRow.line)
        return list(self.session.scalars(stmt).all())


class ImportBatchRepository(Repository[ImportBatch]):
    model = ImportBatch

    def by_file(self, sha256: str, fmt: str) -> ImportBatch | None:
        return self.get_by(file_sha256=sha256, format=fmt)

    def recent(self, limit: int = 20) -> list[ImportBatch]:
        stmt = select(ImportBatch).order_by(ImportBatch.created_at.desc()).limit(limit)
        return list(self.list(stmt))

    def checkpoint(self, batch: ImportBatch, row: ImportRow) -> None:
        """One row's outcome, kept with its batch's counter in the same transaction."""
        self.session.add(row)
        counter = f"{row.status}_count"
        setattr(batch, counter, getattr(batch, counter) + 1)
