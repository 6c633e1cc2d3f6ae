"""Expert search as both the pages and the API take it: the query-string filters and the
coordinators' export. Shared here so the API never imports from the pages."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query
from fastapi.responses import StreamingResponse
from sqlalchemy.orm import Session

from vstid.accounts.models import User
from vstid.core.errors import ValidationFailed
from vstid.core.i18n import N_
from vstid.core.pagination import PageParams
from vstid.core.settings import Settings
from vstid.experts.export import export_row, to_csv, to_jsonl
from vstid.hubs.service import HubService
from vstid.matching.search import SORTS, ExpertSearch, SearchFilters, SearchResult

__all__ = ["MAX_QUERY", "SearchDep", "blank", "export_response", "run_search", "search_filters"]


def blank(value: str | None) -> str | None:
    """An empty or all-space query parameter means no filter."""
    return (value.strip() or None) if value else None


# Longer text is no search a person types; it only makes every folded-word lookup costlier.
MAX_QUERY = 200


def search_filters(
    q: Annotated[str | None, Query(max_length=MAX_QUERY)] = None,
    field: Annotated[str | None, Query(max_length=50)] = None,
    country: str | None = None,
    language: str | None = None,
    hub: str | None = None,
    availability: str | None = None,
    sort: str = "relevance",
) -> SearchFilters:
    return SearchFilters(
        q=blank(q), field=blank(field), country=(blank(country) or "").upper() or None,
        language=blank(language), hub=blank(hub), availability=blank(availability),
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
        raise ValidationFailed(N_("format must be csv or jsonl"), field="format")
    hubs = HubService(session).codes()
    experts = ExpertSearch(session, settings).export(user, filters)
    rows = (export_row(e, hubs.get(e.hub_id, "")) for e in experts)
    body = to_csv(rows) if fmt == "csv" else to_jsonl(rows)
    media = "text/csv; charset=utf-8" if fmt == "csv" else "application/x-ndjson; charset=utf-8"
    disposition = f'attachment; filename="experts.{fmt}"'
    return StreamingResponse(body, media_type=media, headers={"Content-Disposition": disposition})
