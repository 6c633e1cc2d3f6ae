"""Similar experts, loaded into the expert page as an HTMX fragment."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from vstid.experts.service import ExpertQueries
from vstid.matching.holder import IndexNotReady
from vstid.matching.service import MatchingService
from vstid.web.deps import OptionalUser, SessionDep, SettingsDep
from vstid.web.pages.base import render

router = APIRouter()


@router.get("/experts/{slug}/similar")
def similar_fragment(
    request: Request, slug: str, session: SessionDep, user: OptionalUser, settings: SettingsDep
) -> Response:
    queries = ExpertQueries(session)
    expert = queries.get_visible(slug, user)
    try:
        scored = MatchingService(session, settings).similar_experts(expert.id, k=8)
    except IndexNotReady:
        return render(request, "matching/similar.html", experts=[], scores={}, pending=True)
    scores = dict(scored)
    visible = queries.visible_by_ids([e for e, _ in scored], user)[:6]
    return render(request, "matching/similar.html", experts=visible, scores=scores, pending=False)
