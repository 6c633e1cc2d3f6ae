"""Matching as requests see it: snapshots for orders, similar experts, semantic search, the
expert's feed, and queueing the heavy work. Reads only; never commits."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from vstid.accounts.models import Role, User
from vstid.accounts.permissions import require_role
from vstid.audit.service import Auditor
from vstid.core.queue.kinds import (
    INDEX_LOCK,
    MATCHING_ATTEMPTS,
    MATCHING_KINDS,
    JobKind,
    order_match_key,
)
from vstid.core.queue.models import Job, JobStatus
from vstid.core.queue.repository import JobRepository
from vstid.core.queue.service import enqueue, enqueue_order_match
from vstid.core.settings import Settings
from vstid.engine.documents import ProblemDoc
from vstid.engine.errors import UnknownExpertError
from vstid.experts.models import ExpertProfile
from vstid.experts.service import ExpertQueries
from vstid.invitations.models import Invitation
from vstid.invitations.service import InvitationService
from vstid.matching.evidence import display_terms
from vstid.matching.holder import EngineHolder, holder_for
from vstid.matching.models import IndexState, MatchSnapshot
from vstid.matching.relevance import relevant_matches
from vstid.matching.repository import IndexStateRepository, SnapshotRepository
from vstid.orders.models import Order

__all__ = [
    "FailedJob",
    "FeedFit",
    "IndexHealth",
    "MatchingService",
    "RankedExpert",
    "RankedExperts",
    "RankingState",
    "ScoreView",
]


@dataclass(frozen=True)
class FeedFit:
    """An expert's score in an order's latest ranking, its rank there and the best score."""

    score: float
    rank: int
    best: float


# Issue 9, defect 10: a snapshot keeps 20 experts whatever their fit. A match scoring below
# WEAK_SHARE of the order's best is marked weak (the feed's floor, matching.feed, is 0.4 of
# the best: an expert that far down is not offered the order); the page shows at most
# STRONG_SHOWN strong ones, the rest behind "N weaker matches".
WEAK_SHARE = 0.4
STRONG_SHOWN = 10


@dataclass(frozen=True)
class ScoreView:
    """The score's parts as the page shows them (see engine.documents.ScoreParts)."""

    meaning: float
    keywords: float
    fields: float  # the order's fields (and a short query's concept) the expert shares
    other: float  # working-language bonus minus the unavailability penalty


@dataclass(frozen=True)
class RankedExpert:
    expert: ExpertProfile
    rank: int
    score: float
    evidence: list[dict[str, Any]]
    parts: ScoreView | None = None
    weak: bool = False


@dataclass(frozen=True)
class RankedExperts:
    snapshot: MatchSnapshot | None
    rows: list[RankedExpert]

    @property
    def strong(self) -> list[RankedExpert]:
        return [r for r in self.rows if not r.weak][:STRONG_SHOWN]

    @property
    def weaker(self) -> list[RankedExpert]:
        shown = {id(r) for r in self.strong}
        return [r for r in self.rows if id(r) not in shown]


def score_view(result: dict[str, Any]) -> ScoreView | None:
    """Snapshots before `keywords` was stored counted lexical evidence at weight 0.5."""
    parts = result.get("parts")
    if not parts:
        return None
    keywords = parts.get("keywords", 0.5 * parts.get("lexical", 0.0))
    return ScoreView(
        meaning=float(parts.get("dense", 0.0)),
        keywords=float(keywords),
        fields=float(parts.get("field_bonus", 0.0)) + float(parts.get("concept", 0.0)),
        other=float(parts.get("language_bonus", 0.0))
        - float(parts.get("availability_penalty", 0.0)),
    )


def _readable(evidence: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Stored evidence with its terms filtered as today (older snapshots kept syllables)."""
    return [
        e | {"terms": display_terms(e.get("terms", ()), language=e.get("language"))}
        for e in evidence
    ]


@dataclass(frozen=True)
class FailedJob:
    kind: str
    error: str  # the last line of the traceback: the exception and its message
    at: datetime | None


@dataclass(frozen=True)
class IndexHealth:
    """What admins and coordinators see of the matching index: which one is published, what
    is queued or running, and the last matching job that failed for good since the publish."""

    version: int
    model_id: str
    experts: int
    published_at: datetime | None
    active: dict[str, str]  # job kind -> queued | running
    failed: FailedJob | None

    @property
    def rebuilding(self) -> bool:
        return any(k in self.active for k in (JobKind.matching_rebuild, JobKind.matching_reindex))


# Where an order's ranking stands while it has no snapshot (see `ranking_state`).
RankingState = str  # "pending" | "retrying" | "failed"


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
        enqueue_order_match(self.session, order_id)

    def request_rebuild(self) -> None:
        kind = JobKind.matching_rebuild
        enqueue(
            self.session,
            kind,
            {},
            dedupe_key=kind,
            lock_key=INDEX_LOCK,
            max_attempts=MATCHING_ATTEMPTS,
        )

    def rebuild_for(self, user: User | None) -> None:
        """An admin's request to rebuild the index (the recovery after a failed build); the
        rebuild also queues the rankings of published orders that have none."""
        actor = require_role(user, Role.admin)
        self.request_rebuild()
        Auditor(self.session, "index")(actor.id, "index.rebuild", None)

    # ------------------------------------------------------------------ health
    def index_health(self, user: User | None) -> IndexHealth:
        require_role(user, Role.coordinator)  # coordinators and admins
        state = self.index_state()
        published = state.updated_at if state.version else None
        jobs = JobRepository(self.session)
        failed = jobs.last_failed([str(k) for k in MATCHING_KINDS], since=published)
        return IndexHealth(
            version=state.version,
            model_id=state.model_id,
            experts=state.experts,
            published_at=published,
            active=jobs.active([str(k) for k in MATCHING_KINDS]),
            failed=None if failed is None else _failed(failed),
        )

    def ranking_state(self, order_id: uuid.UUID) -> RankingState:
        """For an order without a snapshot: its ranking job failed for good, failed once and
        waits to be retried, or is simply pending."""
        job = JobRepository(self.session).latest_with_key(order_match_key(order_id))
        if job is not None and job.status == JobStatus.failed.value:
            return "failed"
        if job is not None and job.status == JobStatus.queued.value and job.attempts:
            return "retrying"
        return "pending"

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
        best = max((float(r["score"]) for r in snapshot.results), default=0.0)
        rows = [
            RankedExpert(
                visible[i],
                int(r["rank"]),
                float(r["score"]),
                _readable(r.get("evidence", [])),
                score_view(r),
                weak=float(r["score"]) < WEAK_SHARE * best,
            )
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

    def relevant_experts(self, text: str, k: int = 50) -> list[tuple[uuid.UUID, float]] | None:
        """Like search_experts, but only the hits above the relevance floor (see
        matching.relevance): a nonsense query finds no one rather than everyone. None when
        the index holds no expert at all."""
        problem = ProblemDoc(id="search", title=text.strip()[:500])
        with self.holder.for_request(self.session) as engine:
            if len(engine) == 0:
                return None
            matches = relevant_matches(engine, problem, k)
        return [(uuid.UUID(m.expert_id), m.score) for m in matches]

    def search_experts(self, text: str, k: int = 50) -> list[tuple[uuid.UUID, float]]:
        """Semantic and lexical search across languages; IndexNotReady while building."""
        problem = ProblemDoc(id="search", title=text.strip()[:500])
        with self.holder.for_request(self.session) as engine:
            matches = engine.match(problem, k)
        return [(uuid.UUID(m.expert_id), m.score) for m in matches]

    def score_of(self, order_id: uuid.UUID, expert_id: uuid.UUID) -> float | None:
        """The expert's score in the order's latest ranking; None when not ranked there."""
        snapshot = self.snapshots.latest_for(order_id)
        wanted = str(expert_id)
        for row in snapshot.results if snapshot else []:
            if row["expert_id"] == wanted:
                return float(row["score"])
        return None

    def invite_from_ranking(
        self, user: User | None, order: Order, expert_id: uuid.UUID, *, invite: bool,
        message: str = "",
    ) -> Invitation:  # fmt: skip
        """Shortlists or invites an expert with the score the server ranked them at (never a
        score a client sends: the stored score is what the requester was shown)."""
        invitations = InvitationService(self.session, self.settings)
        score = self.score_of(order.id, expert_id)
        if invite:
            return invitations.invite(user, order, expert_id, message, score)
        return invitations.shortlist(user, order, expert_id, score)

    def experts_for_feed(
        self, expert_id: uuid.UUID, order_ids: Sequence[uuid.UUID]
    ) -> dict[uuid.UUID, FeedFit]:
        """This expert's place in the latest snapshot of each given order, where ranked."""
        wanted = str(expert_id)
        fits: dict[uuid.UUID, FeedFit] = {}
        for order_id in order_ids:
            snapshot = self.snapshots.latest_for(order_id)
            rows = snapshot.results if snapshot else []
            best = max((float(row["score"]) for row in rows), default=0.0)
            for rank, row in enumerate(rows, start=1):
                if row["expert_id"] == wanted:
                    fits[order_id] = FeedFit(float(row["score"]), rank, best)
        return fits


def _failed(job: Job) -> FailedJob:
    lines = [line for line in (job.last_error or "").splitlines() if line.strip()]
    return FailedJob(kind=job.kind, error=lines[-1] if lines else "", at=job.finished_at)
