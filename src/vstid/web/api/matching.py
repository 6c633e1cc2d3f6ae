"""Matching endpoints: similar experts, semantic expert search, batch assignment status."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query

from vstid.experts.schemas import ExpertSummary
from vstid.experts.service import ExpertQueries
from vstid.matching.service import MatchingService
from vstid.web.deps import OptionalUser, SessionDep, SettingsDep

router = APIRouter(tags=["matching"])


def _scored(
    session: SessionDep, user: OptionalUser, scored: list[tuple[Any, float]]
) -> list[dict[str, Any]]:
    scores = dict(scored)
    visible = ExpertQueries(session).visible_by_ids([e for e, _ in scored], user)
    return [
        {"expert": ExpertSummary.model_validate(e).model_dump(mode="json"), "score": scores[e.id]}
        for e in visible
    ]


@router.get("/experts/{slug}/similar")
def similar(
    slug: str,
    session: SessionDep,
    user: OptionalUser,
    settings: SettingsDep,
    k: int = Query(6, ge=1, le=50),
) -> list[dict[str, Any]]:
    """Experts closest to this one (503 while the index is being built)."""
    expert = ExpertQueries(session).get_visible(slug, user)
    return _scored(session, user, MatchingService(session, settings).similar_experts(expert.id, k))


@router.get("/match/experts")
def semantic_search(
    session: SessionDep,
    user: OptionalUser,
    settings: SettingsDep,
    q: str = Query(..., min_length=2, max_length=500),
    k: int = Query(20, ge=1, le=100),
) -> list[dict[str, Any]]:
    """Rank experts for a free-text problem in any language (vi, en, ja, ko)."""
    return _scored(session, user, MatchingService(session, settings).search_experts(q, k))
