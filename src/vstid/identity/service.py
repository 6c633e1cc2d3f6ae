"""Finding duplicate profiles, merging them, and undoing merges. Never commits.

A merge moves every publication and external id of the merged-away profile to the survivor,
fills the survivor's empty fields, and deletes the merged-away profile — after storing a full
snapshot of it (and of the survivor's changed fields) in a MergeRecord, which `undo` replays."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from vstid.audit.service import Auditor
from vstid.core.errors import Conflict, NotFound, ValidationFailed
from vstid.core.i18n import N_
from vstid.core.models import utcnow
from vstid.core.pagination import Page, PageParams
from vstid.experts.models import ExpertProfile
from vstid.experts.profiles import ExpertProfileService
from vstid.experts.repository import ExpertRepository
from vstid.identity import snapshots
from vstid.identity.matcher import SUGGEST_THRESHOLD, BlockIndex, PersonRecord
from vstid.identity.models import MergeRecord, MergeSuggestion, SuggestionStatus
from vstid.identity.repository import (
    MergeRecordRepository,
    ReferenceRepository,
    SuggestionRepository,
)

__all__ = ["IdentityService", "ReviewQueue", "ScanResult", "person_record"]


@dataclass(frozen=True)
class ReviewQueue:
    page: Page[MergeSuggestion]
    profiles: dict[uuid.UUID, ExpertProfile]
    merges: list[MergeRecord]


@dataclass
class ScanResult:
    suggested: int = 0
    merged: int = 0


def person_record(expert: ExpertProfile) -> PersonRecord:
    return PersonRecord(
        id=str(expert.id),
        names=(expert.display_name, *(expert.name_variants or [])),
        email=expert.email,
        orcid=expert.orcid,
        affiliation=expert.affiliation,
        country=expert.residence_country,
        dois=frozenset(p.doi for p in expert.publications if p.doi),
    )


class IdentityService:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.suggestions = SuggestionRepository(session)
        self.records = MergeRecordRepository(session)

    def scan(
        self,
        only: Iterable[uuid.UUID] | None = None,
        *,
        auto_merge: bool = False,
        actor_id: uuid.UUID | None = None,
    ) -> ScanResult:
        """Scores candidate pairs (those touching `only`, if given) and queues suggestions;
        pairs proven by an ORCID iD, e-mail or DOI above the high threshold merge at once."""
        experts = self.suggestions.all_profiles()
        people = [person_record(e) for e in experts]
        focus = {str(i) for i in only} if only is not None else None
        result = ScanResult()
        merged_away: set[str] = set()
        index = BlockIndex(people)
        for i, j in sorted(index.pairs()):
            a, b = people[i], people[j]
            if (focus is not None and not {a.id, b.id} & focus) or {a.id, b.id} & merged_away:
                continue
            scored = index.score(people, i, j)
            if scored.score < SUGGEST_THRESHOLD:
                continue
            survivor, other = self._order(experts[i], experts[j])
            if auto_merge and scored.auto_mergeable and self._auto_ok(survivor, other):
                self.merge(survivor.id, other.id, actor_id=actor_id, automatic=True)
                merged_away.add(str(other.id))
                result.merged += 1
            elif self._suggest(survivor.id, other.id, scored.score, list(scored.evidence)):
                result.suggested += 1
        return result

    @staticmethod
    def _order(a: ExpertProfile, b: ExpertProfile) -> tuple[ExpertProfile, ExpertProfile]:
        """The claimed (or older) profile survives: a person's own account is never deleted."""
        if b.claimed and not a.claimed:
            return b, a
        return (a, b) if a.created_at <= b.created_at else (b, a)

    @staticmethod
    def _mergeable(survivor: ExpertProfile, other: ExpertProfile) -> bool:
        return not (survivor.user_id and other.user_id)

    @staticmethod
    def _auto_ok(survivor: ExpertProfile, other: ExpertProfile) -> bool:
        """Identifiers typed into an account's own profile are not verified, so a merge that
        would hand a profile to an account always waits for a coordinator."""
        return not (survivor.user_id or other.user_id)

    def _suggest(self, a: uuid.UUID, b: uuid.UUID, score: float, evidence: list[str]) -> bool:
        found = self.suggestions.for_pair(a, b)
        if found is not None:
            if found.status == SuggestionStatus.pending.value:
                found.score, found.evidence = score, evidence
            return False
        first, second = sorted((a, b), key=str)
        self.suggestions.add(
            MergeSuggestion(first_id=first, second_id=second, score=score, evidence=evidence)
        )
        return True

    def merge(
        self,
        survivor_id: uuid.UUID,
        merged_id: uuid.UUID,
        *,
        actor_id: uuid.UUID | None,
        automatic: bool = False,
    ) -> MergeRecord:
        profiles = self.suggestions.profiles({survivor_id, merged_id})
        if survivor_id == merged_id or len(profiles) != 2:
            raise NotFound(N_("both profiles must exist"))
        survivor, merged = profiles[survivor_id], profiles[merged_id]
        if not self._mergeable(survivor, merged):
            raise Conflict(N_("both profiles belong to user accounts; they cannot be merged"))
        references = ReferenceRepository(self.session)
        if clashes := references.clashes(merged_id, survivor_id):
            raise Conflict(
                N_(
                    "both profiles have records for the same item (%(items)s); resolve the "
                    "duplicate record before merging"
                ),
                params={"items": ", ".join(clashes)},
            )
        snapshot = snapshots.take(survivor, merged)
        snapshot["references"] = references.move(merged_id, survivor_id)
        with self.session.no_autoflush:  # moved rows must not be flushed as orphans halfway
            snapshots.absorb(survivor, merged, ExpertProfileService(self.session))
        experts = ExpertRepository(self.session)
        experts.flush()
        experts.delete(merged)
        merge = self.records.add(
            MergeRecord(
                survivor_id=survivor_id,
                merged_id=merged_id,
                actor_id=actor_id,
                automatic=automatic,
                snapshot=snapshot,
            )
        )
        self._set_status(survivor_id, merged_id, SuggestionStatus.merged)
        self._audit(actor_id, "expert.merge", survivor_id, {"merged": str(merged_id)})
        reindex = ExpertProfileService(self.session).request_reindex
        reindex(survivor_id)
        reindex(merged_id)  # drops the merged-away profile from the index
        return merge

    def undo(self, record_id: uuid.UUID, *, actor_id: uuid.UUID | None) -> ExpertProfile:
        merge = self.records.get_or_404(record_id, "merge")
        if merge.undone_at is not None:
            raise Conflict(N_("this merge was already undone"))
        survivor = self.suggestions.profiles({merge.survivor_id}).get(merge.survivor_id)
        if survivor is None:
            raise Conflict(N_("the surviving profile no longer exists"))
        restored = snapshots.restore(self.session, survivor, merge.snapshot)
        ReferenceRepository(self.session).move_back(
            merge.snapshot.get("references", {}), restored.id
        )
        merge.undone_at = utcnow()
        self._set_status(merge.survivor_id, merge.merged_id, SuggestionStatus.pending)
        self._audit(
            actor_id, "expert.merge.undo", merge.survivor_id, {"restored": str(restored.id)}
        )
        profiles = ExpertProfileService(self.session)
        profiles.request_reindex(survivor.id)
        profiles.request_reindex(restored.id)
        return restored

    def review_queue(self, params: PageParams) -> ReviewQueue:
        """The coordinators' page: pending pairs (best first), their profiles, recent merges."""
        page = self.suggestions.pending_page(params)
        ids = {i for s in page.items for i in (s.first_id, s.second_id)}
        return ReviewQueue(page, self.suggestions.profiles(ids), self.records.recent())

    def merge_suggestion(
        self, suggestion_id: uuid.UUID, keep: uuid.UUID, *, actor_id: uuid.UUID | None
    ) -> None:
        """A coordinator merges a suggested pair, keeping the profile they chose."""
        suggestion = self.suggestions.get_or_404(suggestion_id, "suggestion")
        pair = {suggestion.first_id, suggestion.second_id}
        if keep not in pair:
            raise ValidationFailed(N_("choose one of the two profiles to keep"), field="keep")
        self.merge(keep, (pair - {keep}).pop(), actor_id=actor_id)

    def dismiss(self, suggestion_id: uuid.UUID, *, actor_id: uuid.UUID | None) -> None:
        suggestion = self.suggestions.get_or_404(suggestion_id, "suggestion")
        suggestion.status = SuggestionStatus.dismissed.value
        self._audit(
            actor_id,
            "expert.merge.dismiss",
            suggestion.first_id,
            {"other": str(suggestion.second_id)},
        )

    def _set_status(self, a: uuid.UUID, b: uuid.UUID, status: SuggestionStatus) -> None:
        found = self.suggestions.for_pair(a, b)
        if found is not None:
            found.status = status.value

    def _audit(
        self, actor_id: uuid.UUID | None, action: str, entity: uuid.UUID, data: dict[str, str]
    ) -> None:
        Auditor(self.session, "expert")(actor_id, action, entity, **data)
