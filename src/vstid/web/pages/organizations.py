"""The organizations directory and one organization's page with its members and orders."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from vstid.core.pagination import PageParams
from vstid.orders.service import OrderFilters, OrderQueries
from vstid.organizations.models import OrgKind
from vstid.organizations.service import OrganizationQueries
from vstid.web.deps import OptionalUser, PageDep, SessionDep
from vstid.web.pages.base import blank, render

__all__ = ["router"]

router = APIRouter()
ORDERS_SHOWN = 50


@router.get("/organizations")
def organizations_list(
    request: Request, session: SessionDep, params: PageDep, kind: str | None = None,
    q: str | None = None,
) -> Response:  # fmt: skip
    kinds = [k.value for k in OrgKind]
    kind = kind if kind in kinds else None
    page = OrganizationQueries(session).page(params, kind=kind, q=blank(q))
    return render(request, "organizations/list.html", page=page, kind=kind, q=q or "", kinds=kinds)


@router.get("/organizations/{slug}")
def organization_detail(
    request: Request, slug: str, session: SessionDep, user: OptionalUser
) -> Response:
    queries = OrganizationQueries(session)
    org = queries.get(slug)
    orders = OrderQueries(session).list_visible(
        user, OrderFilters(organization_id=org.id), PageParams(1, ORDERS_SHOWN)
    )
    return render(
        request, "organizations/detail.html", org=org, parent=queries.by_id(org.parent_id),
        members=queries.members_of(org), orders=orders.items,
    )  # fmt: skip
