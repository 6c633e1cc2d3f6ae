"""Applying one imported record to the profiles: find the same person by natural key, create or
update, and say what happened. Never commits (the runner commits per batch)."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from vstid.audit.service import Auditor
from vstid.core.queue.kinds import JobKind
from vstid.core.queue.service import enqueue
from vstid.core.settings import Settings
from vstid.core.storage import storage_for
from vstid.experts.models import ExpertProfile
from vstid.experts.profiles import PROFILE_FIELDS, ExpertProfileService, snapshot
from vstid.hubs.repository import HubRepository
from vstid.imports.models import ImportBatch, RowStatus
from vstid.imports.records import ImportedProfile
from vstid.imports.repository import ImportBatchRepository, ImportRepository

__all__ = ["ImportService", "RowOutcome", "queue_import", "recent_batches"]

# Fields copied when the source carried them (None means the source had no such field):
# every profile field except those merged rather than replaced (name, variants, translations).
_MERGED_NOT_COPIED = frozenset({"display_name", "name_variants", "translations"})
_COPIED = tuple(f for f in PROFILE_FIELDS if f not in _MERGED_NOT_COPIED)


@dataclass(frozen=True)
class RowOutcome:
    status: RowStatus
    expert_id: uuid.UUID | None = None
    message: str | None = None


class ImportService:
    def __init__(self, session: Session, default_hub_id: uuid.UUID, actor_id: uuid.UUID | None):
        self.session = session
        self.default_hub_id = default_hub_id
        self.actor_id = actor_id
        self.repo = ImportRepository(session)
        self.profiles = ExpertProfileService(session)
        self.audit = Auditor(session, "expert")

    def find(self, p: ImportedProfile) -> ExpertProfile | None:
        """Natural keys, most specific first: the source's own id, ORCID iD, OpenAlex id, e-mail."""
        if p.source_id and (found := self.repo.by_external_id(p.source, p.source_id)):
            return found
        if p.orcid and (found := self.repo.by_orcid(p.orcid)):
            return found
        if p.openalex_id and (found := self.repo.by_openalex(p.openalex_id)):
            return found
        return self.repo.by_email(p.email) if p.email else None

    def apply(self, p: ImportedProfile) -> RowOutcome:
        expert = self.find(p)
        if p.attach_to_openalex:
            return self._attach(expert, p)
        if expert is None:
            expert = self._create(p)
            self._fill(expert, p)
            self._audit("expert.import.create", expert)
            self.profiles.request_reindex(expert.id)
            return RowOutcome(RowStatus.created, expert.id)
        before = snapshot(expert)
        self._fill(expert, p)
        if snapshot(expert) == before:
            return RowOutcome(RowStatus.unchanged, expert.id)
        self._audit("expert.import.update", expert)
        self.profiles.request_reindex(expert.id)
        return RowOutcome(RowStatus.updated, expert.id)

    def dry_run(self, rows: list[ImportedProfile]) -> dict[str, int]:
        """What applying the rows would do, counted inside a savepoint that is then rolled back:
        the caller's transaction (a web request's) stays the only one, and nothing is kept."""
        counts: dict[str, int] = {}
        savepoint = self.session.begin_nested()
        try:
            for row in rows:
                status = self.apply(row).status.value
                counts[status] = counts.get(status, 0) + 1
        finally:
            savepoint.rollback()
        return counts

    def _attach(self, expert: ExpertProfile | None, p: ImportedProfile) -> RowOutcome:
        if expert is None:
            return RowOutcome(
                RowStatus.unchanged, None, f"no profile for OpenAlex author {p.openalex_id}"
            )
        if not self.profiles.merge_works(expert, p.works):
            return RowOutcome(RowStatus.unchanged, expert.id)
        self.repo.flush()
        self.profiles.request_reindex(expert.id)
        return RowOutcome(RowStatus.updated, expert.id)

    def _hub_id(self, code: str | None) -> uuid.UUID:
        hub = HubRepository(self.session).by_code(code) if code else None
        return hub.id if hub else self.default_hub_id

    def _create(self, p: ImportedProfile) -> ExpertProfile:
        expert = ExpertProfile(
            slug=self.profiles.unique_slug(p.display_name),
            hub_id=self._hub_id(p.hub),
            display_name=p.display_name[:200],
            claimed=False,
        )
        self.session.add(expert)
        return expert

    def _fill(self, expert: ExpertProfile, p: ImportedProfile) -> None:
        for name in _COPIED:
            value, current = getattr(p, name), getattr(expert, name)
            # a claimed profile belongs to its person: an import only fills what is empty
            if value is not None and value != current and not (expert.claimed and current):
                setattr(expert, name, value)
        if not expert.claimed and p.display_name and expert.display_name != p.display_name:
            # a claimed profile's name is the person's own choice; keep the import's as a variant
            expert.display_name = p.display_name[:200]
        variants = [v for v in p.name_variants if v != expert.display_name]
        if p.display_name != expert.display_name:
            variants.append(p.display_name)
        merged = list(dict.fromkeys([*(expert.name_variants or []), *variants]))
        if merged != (expert.name_variants or []):
            expert.name_variants = merged
        self._keys(expert, p)
        self.profiles.merge_works(expert, p.works)
        self.repo.flush()

    def _keys(self, expert: ExpertProfile, p: ImportedProfile) -> None:
        if p.source_id:
            self.profiles.add_external_id(expert, p.source, p.source_id)
        if p.orcid:
            self.profiles.add_external_id(expert, "orcid", p.orcid)
        if p.openalex_id:
            self.profiles.add_external_id(expert, "openalex", p.openalex_id)

    def _audit(self, action: str, expert: ExpertProfile) -> None:
        self.audit(self.actor_id, action, expert.id)


def recent_batches(session: Session) -> list[ImportBatch]:
    """The latest imports, for the coordinators' Imports page."""
    return ImportBatchRepository(session).recent()


def queue_import(
    session: Session,
    settings: Settings,
    name: str,
    data: bytes,
    fmt: str,
    actor_id: uuid.UUID | None,
    skip_invalid: bool,
) -> str:
    """Keeps the upload in the platform's storage (which the workers see too) and queues it;
    the same file twice is one job. Returns the storage key."""
    sha = hashlib.sha256(data).hexdigest()
    suffix = "".join(c for c in Path(name).suffix[:10] if c.isalnum() or c == ".")
    key = f"imports/{sha}{suffix}"
    storage_for(settings, session).put(key, data)
    payload = {
        "key": key,
        "name": name,
        "format": fmt,
        "skip_invalid": skip_invalid,
        "actor_id": str(actor_id) if actor_id else None,
    }
    kind = JobKind.imports_file
    enqueue(session, kind, payload, dedupe_key=f"{kind}:{sha}")
    return key
