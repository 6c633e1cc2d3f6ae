"""The experts directory: faceted keyword + semantic search, and the coordinators' export."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response, StreamingResponse
from sqlalchemy.orm import Session

from vstid.accounts.models import User
from vstid.core.errors import ValidationFailed
from vstid.core.pagination import PageParams
from vstid.core.settings import Settings
from vstid.experts.export import export_row, to_csv, to_jsonl
from vstid.hubs.repository import HubRepository
from vstid.matching.search import FACETS, SORTS, ExpertSearch, SearchFilters, SearchResult
from vstid.taxonomy.repository import FieldRepository
from vstid.web.deps import CoordinatorUser, OptionalUser, PageDep, SessionDep, SettingsDep
from vstid.web.pages.base import render

__all__ = ["SearchDep", "export_response", "router", "run_search"]

router = APIRouter()


def _blank(value: str | None) -> str | None:
    return (value.strip() or None) if value else None


def search_filters(
    q: str | None = None,
    field: str | None = None,
    country: str | None = None,
    language: str | None = None,
    hub: str | None = None,
    availability: str | None = None,
    sort: str = "relevance",
) -> SearchFilters:
    return SearchFilters(
        q=_blank(q), field=_blank(field), country=(_blank(country) or "").upper() or None,
        language=_blank(language), hub=_blank(hub), availability=_blank(availability),
        sort=sort if sort in SORTS else "relevance",
    )  # fmt: skip


SearchDep = Annotated[SearchFilters, Depends(search_filters)]


def run_search(
    session: Session, settings: Settings, user: User | None, filters: SearchFilters,
    params: PageParams,
) -> SearchResult:  # fmt: skip
    return ExpertSearch(session, settings).search(user, filters, params)


def export_response(
    session: Session, settings: Settings, user: User, filters: SearchFilters, fmt: str
) -> StreamingResponse:
    if fmt not in ("csv", "jsonl"):
        raise ValidationFailed("format must be csv or jsonl", field="format")
    hubs = {h.id: h.code for h in HubRepository(session).all_ordered()}
    experts = ExpertSearch(session, settings).export(user, filters)
    rows = (export_row(e, hubs.get(e.hub_id, "")) for e in experts)
    body = to_csv(rows) if fmt == "csv" else to_jsonl(rows)
    media = "text/csv; charset=utf-8" if fmt == "csv" else "application/x-ndjson; charset=utf-8"
    disposition = f'attachment; filename="experts.{fmt}"'
    return StreamingResponse(body, media_type=media, headers={"Content-Disposition": disposition})


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
        field_labels=FieldRepository(session).labels(),
    )  # fmt: skip


@router.get("/exports/experts.{fmt}")
def experts_export(
    fmt: str, session: SessionDep, settings: SettingsDep, user: CoordinatorUser,
    filters: SearchDep,
) -> StreamingResponse:  # fmt: skip
    return export_response(session, settings, user, filters, fmt)
