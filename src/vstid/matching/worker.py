"""Matching work done by background workers: each database step is a short transaction and
the model runs outside any, so a long rebuild never blocks the web requests."""

from __future__ import annotations

import uuid
from dataclasses import asdict
from typing import Any

from sqlalchemy.orm import Session

from vstid.core.db import Database
from vstid.core.settings import Settings
from vstid.engine.documents import Constraints, ExpertMatch
from vstid.engine.engine import MatchEngine
from vstid.experts.repository import ReindexMarkRepository
from vstid.matching.documents import expert_doc, order_doc
from vstid.matching.evidence import display_terms
from vstid.matching.holder import EngineHolder, Progress, holder_for
from vstid.matching.models import MatchSnapshot
from vstid.matching.repository import ConflictRepository, IndexSourceRepository, SnapshotRepository
from vstid.matching.service import MatchingService
from vstid.orders.models import OrderStatus
from vstid.orders.repository import OrderRepository

__all__ = ["REINDEX_BATCH", "MatchingWorker"]

REINDEX_BATCH = 200  # profiles per publish: bounds both the segment and the reload it costs
MATCHED_STATES = (OrderStatus.open.value, OrderStatus.approved.value, OrderStatus.awarded.value)


def _result(match: ExpertMatch) -> dict[str, Any]:
    evidence = [
        asdict(e) | {"terms": display_terms(e.terms, language=e.language)} for e in match.evidence
    ]
    return {
        "expert_id": match.expert_id,
        "score": match.score,
        "rank": match.rank,
        "parts": asdict(match.parts),
        "evidence": evidence,
    }


class MatchingWorker:
    def __init__(self, database: Database, settings: Settings) -> None:
        self.database = database
        self.settings = settings

    @property
    def holder(self) -> EngineHolder:
        return holder_for(self.settings)

    def compute_order_match(self, order_id: uuid.UUID) -> uuid.UUID | None:
        with self.database.transaction(read_only=True) as session:
            order = OrderRepository(session).get(order_id)
            if order is None:
                return None
            problem = order_doc(order)
            conflicted = ConflictRepository(session).experts_conflicted_with(order.organization_id)
        constraints = Constraints(exclude_expert_ids=frozenset(str(e) for e in conflicted))
        with self.holder.for_work(self.database) as engine:
            matches = engine.match(problem, self.settings.match_top_k, constraints)
            model = f"{engine.embedder.model_id}@index-v{self.holder.version}"
        with self.database.transaction() as session:
            snapshot = SnapshotRepository(session).add(
                MatchSnapshot(
                    order_id=order_id, model_version=model, results=[_result(m) for m in matches]
                )
            )
            return snapshot.id

    def drain_reindex(self, batch: int = REINDEX_BATCH) -> int:
        """Take every marked profile into the index, one publish per batch; returns how many
        publishes that took. Marks made meanwhile are taken too, or by the next job."""
        publishes = 0
        while self._reindex_batch(batch):
            publishes += 1
        return publishes

    def _reindex_batch(self, size: int) -> bool:
        with self.database.transaction(read_only=True) as session:
            marks = ReindexMarkRepository(session).oldest(size)
            ids = [expert_id for expert_id, _ in marks]
            docs = [expert_doc(e) for e in IndexSourceRepository(session).indexable(ids)]
        if not marks:
            return False
        self.holder.embed_ahead(self.database, docs)
        kept = {doc.id for doc in docs}
        gone = [str(i) for i in ids if str(i) not in kept]  # hidden or deleted since

        def change(engine: MatchEngine) -> None:
            for expert_id in gone:
                if expert_id in engine.experts:
                    engine.remove_expert(expert_id)
            if docs:
                engine.index_experts(docs)

        def settle(session: Session) -> None:
            ReindexMarkRepository(session).clear(marks)

        self.holder.update(self.database, change, settle)
        return True

    def rebuild(self, progress: Progress | None = None) -> int:
        """Rebuild, publish, then queue rankings for published orders that have none."""
        version = self.holder.rebuild_and_publish(self.database, progress)
        with self.database.transaction() as session:
            service = MatchingService(session, self.settings)
            for order in OrderRepository(session).list():
                if order.status in MATCHED_STATES and service.latest_snapshot(order.id) is None:
                    service.request_order_match(order.id)
        return version
