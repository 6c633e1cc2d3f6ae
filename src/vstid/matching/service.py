"""Matching as requests see it: snapshots for orders, similar experts, semantic search, the
expert's feed, and queueing the heavy work. Reads only; never commits."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from vstid.accounts.models import User
from vstid.core.queue.kinds import INDEX_LOCK, JobKind
from vstid.core.queue.service import enqueue
from vstid.core.settings import Settings
from vstid.engine.documents import ProblemDoc
from vstid.engine.errors import UnknownExpertError
from vstid.experts.models import ExpertProfile
from vstid.experts.service import ExpertQueries
from vstid.matching.holder import EngineHolder, holder_for
from vstid.matching.models import IndexState, MatchSnapshot
from vstid.matching.repository import IndexStateRepository, SnapshotRepository

__all__ = ["MatchingService", "RankedExpert", "RankedExperts"]


@dataclass(frozen=True)
class RankedExpert:
    expert: ExpertProfile
    rank: int
    score: float
    evidence: list[dict[str, Any]]


@dataclass(frozen=True)
class RankedExperts:
    snapshot: MatchSnapshot | None
    rows: list[RankedExpert]


class MatchingService:
    def __init__(self, session: Session, settings: Settings) -> None:
        self.session = session
        self.settings = settings
        self.snapshots = SnapshotRepository(session)

    @property
    def holder(self) -> EngineHolder:
        return holder_for(self.settings)

    # ------------------------------------------------------------------ queueing
    def request_order_match(self, order_id: uuid.UUID) -> None:
        enqueue(
            self.session,
            JobKind.matching_order,
            {"order_id": str(order_id)},
            dedupe_key=f"{JobKind.matching_order}:{order_id}",
        )

    def request_rebuild(self) -> None:
        kind = JobKind.matching_rebuild
        enqueue(self.session, kind, {}, dedupe_key=kind, lock_key=INDEX_LOCK)

    def index_version(self) -> int:
        return self.index_state().version

    def index_state(self) -> IndexState:
        return IndexStateRepository(self.session).current()

    # ----------------------------------------------------------------- reading
    def latest_snapshot(self, order_id: uuid.UUID) -> MatchSnapshot | None:
        return self.snapshots.latest_for(order_id)

    def ranked_experts(
        self, order_id: uuid.UUID, viewer: User | None, limit: int | None = None
    ) -> RankedExperts:
        """The order's latest ranking joined to the experts the viewer may see: a hidden
        profile stays hidden from requesters, and is skipped rather than shown as a gap."""
        snapshot = self.snapshots.latest_for(order_id)
        if snapshot is None:
            return RankedExperts(None, [])
        results = snapshot.results[:limit] if limit else snapshot.results
        ids = [uuid.UUID(r["expert_id"]) for r in results]
        visible = {e.id: e for e in ExpertQueries(self.session).visible_by_ids(ids, viewer)}
        rows = [
            RankedExpert(visible[i], int(r["rank"]), float(r["score"]), r.get("evidence", []))
            for i, r in zip(ids, results, strict=True)
            if i in visible
        ]
        return RankedExperts(snapshot, rows)

    def visible_scored(
        self, scored: list[tuple[uuid.UUID, float]], viewer: User | None
    ) -> list[tuple[ExpertProfile, float]]:
        """Scored expert ids (similar experts, a semantic search) as the profiles the viewer
        may see, best first."""
        scores = dict(scored)
        experts = ExpertQueries(self.session).visible_by_ids([e for e, _s in scored], viewer)
        return [(e, scores[e.id]) for e in experts]

    def similar_experts(self, expert_id: uuid.UUID, k: int = 6) -> list[tuple[uuid.UUID, float]]:
        with self.holder.for_request(self.session) as engine:
            try:
                matches = engine.similar_experts(str(expert_id), k)
            except UnknownExpertError:
                return []
        return [(uuid.UUID(m.expert_id), m.score) for m in matches]

    def search_experts(self, text: str, k: int = 50) -> list[tuple[uuid.UUID, float]]:
        """Semantic and lexical search across languages; IndexNotReady while building."""
        problem = ProblemDoc(id="search", title=text.strip()[:500])
        with self.holder.for_request(self.session) as engine:
            matches = engine.match(problem, k)
        return [(uuid.UUID(m.expert_id), m.score) for m in matches]

    def experts_for_feed(
        self, expert_id: uuid.UUID, order_ids: Sequence[uuid.UUID]
    ) -> dict[uuid.UUID, float]:
        """Scores of this expert in the latest snapshot of each given order, where ranked."""
        wanted = str(expert_id)
        scores: dict[uuid.UUID, float] = {}
        for order_id in order_ids:
            snapshot = self.snapshots.latest_for(order_id)
            for row in snapshot.results if snapshot else []:
                if row["expert_id"] == wanted:
                    scores[order_id] = float(row["score"])
        return scores
