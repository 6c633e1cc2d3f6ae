"""The experts directory (faceted keyword + semantic search), one expert's page, and the
coordinators' export."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response, StreamingResponse

from vstid.experts.service import ExpertQueries
from vstid.hubs.service import HubService
from vstid.matching.search import FACETS, SORTS, SearchFilters
from vstid.taxonomy.service import TaxonomyService
from vstid.web.deps import CoordinatorUser, OptionalUser, PageDep, SessionDep, SettingsDep
from vstid.web.pages.base import render
from vstid.web.search import SearchDep, export_response, run_search

__all__ = ["router"]

router = APIRouter()


def _query(filters: SearchFilters, **changes: str | None) -> str:
    values = {f: getattr(filters, f) for f in ("q", *FACETS, "sort")} | changes
    return urlencode({k: v for k, v in values.items() if v})


@router.get("/experts")
def experts_list(
    request: Request, session: SessionDep, settings: SettingsDep, user: OptionalUser,
    params: PageDep, filters: SearchDep,
) -> Response:  # fmt: skip
    result = run_search(session, settings, user, filters, params)
    return render(
        request, "experts/list.html", result=result, page=result.page, filters=filters,
        facet_names=FACETS, sorts=SORTS, query=lambda **kw: _query(filters, **kw),
        field_labels=TaxonomyService(session).labels(),
        hubs={h.code: h for h in HubService(session).all_ordered()},
    )  # fmt: skip


@router.get("/experts/{slug}")
def expert_detail(request: Request, slug: str, session: SessionDep, user: OptionalUser) -> Response:
    expert = ExpertQueries(session).get_visible(slug, user)
    labels = TaxonomyService(session).labels()
    return render(request, "experts/detail.html", expert=expert, field_labels=labels)


@router.get("/exports/experts.{fmt}")
def experts_export(
    fmt: str, session: SessionDep, settings: SettingsDep, user: CoordinatorUser,
    filters: SearchDep,
) -> StreamingResponse:  # fmt: skip
    return export_response(session, settings, user, filters, fmt)
