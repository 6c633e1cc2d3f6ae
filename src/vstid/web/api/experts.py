"""Expert endpoints: faceted search, the coordinators' export, and one profile."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter
from fastapi.responses import StreamingResponse

from vstid.experts.schemas import ExpertOut, ExpertSummary
from vstid.experts.service import ExpertQueries
from vstid.web.deps import CoordinatorUser, OptionalUser, PageDep, SessionDep, SettingsDep
from vstid.web.search import SearchDep, export_response, run_search

__all__ = ["router"]

router = APIRouter(tags=["experts"])


@router.get("/experts")
def list_experts(
    session: SessionDep, settings: SettingsDep, user: OptionalUser, params: PageDep,
    filters: SearchDep,
) -> dict[str, Any]:  # fmt: skip
    """Keyword + semantic search with facet counts. `mode` says whether the semantic index
    took part; `note` says why not."""
    result = run_search(session, settings, user, filters, params)
    page = result.page
    return {
        "items": [ExpertSummary.model_validate(e).model_dump(mode="json") for e in page.items],
        "total": page.total,
        "page": page.page,
        "size": page.size,
        "pages": page.pages,
        "facets": {
            k: [{"value": v, "count": n} for v, n in vals] for k, vals in result.facets.items()
        },
        "mode": "hybrid" if result.semantic else "keyword",
        "note": result.semantic_note,
    }


@router.get(
    "/experts/export",
    response_class=StreamingResponse,
    responses={
        200: {
            "description": "The filtered profiles in the import columns",
            "content": {"text/csv": {}, "application/x-ndjson": {}},
        }
    },
)
def export_experts(
    session: SessionDep, settings: SettingsDep, user: CoordinatorUser, filters: SearchDep,
    format: Literal["csv", "jsonl"] = "csv",
) -> StreamingResponse:  # fmt: skip
    return export_response(session, settings, user, filters, format)


@router.get("/experts/{slug}", response_model=ExpertOut)
def get_expert(slug: str, session: SessionDep, user: OptionalUser) -> Any:
    return ExpertOut.model_validate(ExpertQueries(session).get_visible(slug, user))
