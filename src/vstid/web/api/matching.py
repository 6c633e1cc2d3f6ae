"""Matching endpoints: an order's ranked experts, similar experts, semantic expert search, and
the matching index's health (with the admins' rebuild)."""

from __future__ import annotations

import uuid
from dataclasses import asdict
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Query, status
from pydantic import BaseModel

from vstid.experts.models import ExpertProfile
from vstid.experts.schemas import ExpertSummary
from vstid.experts.service import ExpertQueries
from vstid.invitations.service import REQUESTER_SIDE
from vstid.matching.service import IndexHealth, MatchingService
from vstid.orders.service import OrderWorkflow
from vstid.web.deps import CurrentUser, OptionalUser, SessionDep, SettingsDep

__all__ = ["router"]

router = APIRouter(tags=["matching"])


class MatchOut(BaseModel):
    expert_id: uuid.UUID
    expert_slug: str
    expert_name: str
    rank: int
    score: float
    # meaning, keywords, fields (with a short query's concept), other (languages and
    # availability); None for snapshots stored without parts
    parts: dict[str, float] | None = None
    weak: bool = False  # below matching.service.WEAK_SHARE of the order's best
    evidence: list[dict[str, Any]]


class FailedJobOut(BaseModel):
    kind: str
    error: str
    at: datetime | None


class IndexHealthOut(BaseModel):
    version: int
    model_id: str
    experts: int
    published_at: datetime | None
    active: dict[str, str]
    rebuilding: bool
    failed: FailedJobOut | None

    @classmethod
    def of(cls, h: IndexHealth) -> IndexHealthOut:
        f = h.failed
        failed = None if f is None else FailedJobOut(kind=f.kind, error=f.error, at=f.at)
        return cls(
            version=h.version, model_id=h.model_id, experts=h.experts,
            published_at=h.published_at, active=h.active, rebuilding=h.rebuilding,
            failed=failed,
        )  # fmt: skip


class MatchesOut(BaseModel):
    ready: bool
    state: str = "ready"  # else pending, retrying (a failed attempt) or failed (for good)
    model_version: str | None = None
    matches: list[MatchOut] = []


@router.get("/orders/{slug}/matches", response_model=MatchesOut)
def ranked_experts(slug: str, user: CurrentUser, session: SessionDep, settings: SettingsDep) -> Any:
    workflow = OrderWorkflow(session, settings)
    order = workflow.queries.get_visible(slug, user)
    workflow.require(user, order, REQUESTER_SIDE)
    matching = MatchingService(session, settings)
    ranked = matching.ranked_experts(order.id, user)
    if ranked.snapshot is None:
        return MatchesOut(ready=False, state=matching.ranking_state(order.id))
    rows = [
        MatchOut(
            expert_id=r.expert.id,
            expert_slug=r.expert.slug,
            expert_name=r.expert.display_name,
            rank=r.rank,
            score=r.score,
            parts=asdict(r.parts) if r.parts else None,
            weak=r.weak,
            evidence=r.evidence,
        )
        for r in ranked.rows
    ]
    return MatchesOut(ready=True, model_version=ranked.snapshot.model_version, matches=rows)


def _scored(shown: list[tuple[ExpertProfile, float]]) -> list[dict[str, Any]]:
    return [
        {"expert": ExpertSummary.model_validate(e).model_dump(mode="json"), "score": score}
        for e, score in shown
    ]


@router.get("/experts/{slug}/similar")
def similar(
    slug: str, session: SessionDep, user: OptionalUser, settings: SettingsDep,
    k: int = Query(6, ge=1, le=50),
) -> list[dict[str, Any]]:  # fmt: skip
    """Experts closest to this one (503 while the index is being built)."""
    expert = ExpertQueries(session).get_visible(slug, user)
    matching = MatchingService(session, settings)
    return _scored(matching.visible_scored(matching.similar_experts(expert.id, k), user))


@router.get("/match/experts")
def semantic_search(
    session: SessionDep, user: OptionalUser, settings: SettingsDep,
    q: str = Query(..., min_length=2, max_length=500), k: int = Query(20, ge=1, le=100),
) -> list[dict[str, Any]]:  # fmt: skip
    """Rank experts for a free-text problem in any language (vi, en, ja, ko): only those
    above the relevance floor (keyword, concept or clear meaning evidence), so a query
    nobody is about finds nobody; 503 while the index is being built."""
    matching = MatchingService(session, settings)
    found = matching.relevant_experts(q, k) or []
    return _scored(matching.visible_scored(found, user))


@router.get("/index/health", response_model=IndexHealthOut)
def index_health(user: CurrentUser, session: SessionDep, settings: SettingsDep) -> Any:
    """The matching index: version, what is queued or running, the last failure since the
    last publish (admins and coordinators)."""
    return IndexHealthOut.of(MatchingService(session, settings).index_health(user))


@router.post("/index/rebuild", status_code=status.HTTP_202_ACCEPTED, response_model=IndexHealthOut)
def rebuild_index(user: CurrentUser, session: SessionDep, settings: SettingsDep) -> Any:
    """Queues a rebuild of the matching index (admins): the recovery after a failed build."""
    matching = MatchingService(session, settings)
    matching.rebuild_for(user)
    return IndexHealthOut.of(matching.index_health(user))
