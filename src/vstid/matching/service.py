"""Matching as requests see it: snapshots for orders, similar experts, semantic search, the
expert's feed, and queueing the heavy work. Reads only; never commits."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.orm import Session

from vstid.core.settings import Settings
from vstid.engine.documents import ProblemDoc
from vstid.engine.errors import UnknownExpertError
from vstid.jobs.service import enqueue
from vstid.matching.holder import EngineHolder, holder_for
from vstid.matching.models import MatchSnapshot
from vstid.matching.repository import IndexStateRepository, SnapshotRepository

__all__ = ["ORDER_JOB", "REBUILD_JOB", "MatchingService"]

ORDER_JOB = "matching.order"
REBUILD_JOB = "matching.rebuild"


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
            ORDER_JOB,
            {"order_id": str(order_id)},
            dedupe_key=f"{ORDER_JOB}:{order_id}",
        )

    def request_rebuild(self) -> None:
        enqueue(self.session, REBUILD_JOB, {}, dedupe_key=REBUILD_JOB)

    def index_version(self) -> int:
        return IndexStateRepository(self.session).current().version

    # ----------------------------------------------------------------- reading
    def latest_snapshot(self, order_id: uuid.UUID) -> MatchSnapshot | None:
        return self.snapshots.latest_for(order_id)

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
