"""Read endpoints for experts, organizations, orders, fields and hubs (scoped to the caller)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from vstid.hubs.repository import HubRepository
from vstid.orders.schemas import OrderOut
from vstid.orders.service import OrderFilters, OrderQueries
from vstid.organizations.schemas import OrganizationOut
from vstid.organizations.service import OrganizationQueries
from vstid.taxonomy.repository import FieldRepository
from vstid.web.api.schemas import PageOut
from vstid.web.deps import OptionalUser, PageDep, SessionDep

router = APIRouter()


@router.get("/organizations", response_model=PageOut[OrganizationOut], tags=["organizations"])
def list_organizations(
    session: SessionDep, params: PageDep, kind: str | None = None, q: str | None = None
) -> Any:
    page = OrganizationQueries(session).page(params, kind=kind, q=q)
    return PageOut.of(page, [OrganizationOut.model_validate(o) for o in page.items])


@router.get("/organizations/{slug}", response_model=OrganizationOut, tags=["organizations"])
def get_organization(slug: str, session: SessionDep) -> Any:
    return OrganizationOut.model_validate(OrganizationQueries(session).get(slug))


@router.get("/orders", response_model=PageOut[OrderOut], tags=["orders"])
def list_orders(
    session: SessionDep,
    user: OptionalUser,
    params: PageDep,
    q: str | None = None,
    status: str | None = None,
    field: str | None = None,
) -> Any:
    page = OrderQueries(session).list_visible(
        user, OrderFilters(q=q, status=status, field=field), params
    )
    return PageOut.of(page, [OrderOut.model_validate(o) for o in page.items])


@router.get("/orders/{slug}", response_model=OrderOut, tags=["orders"])
def get_order(slug: str, session: SessionDep, user: OptionalUser) -> Any:
    return OrderOut.model_validate(OrderQueries(session).get_visible(slug, user))


@router.get("/fields", tags=["taxonomy"])
def list_fields(session: SessionDep) -> list[dict[str, Any]]:
    return [
        {"code": f.code, "parent": f.parent_code, "labels": f.labels}
        for f in FieldRepository(session).ordered()
    ]


@router.get("/hubs", tags=["hubs"])
def list_hubs(session: SessionDep) -> list[dict[str, Any]]:
    return [
        {"code": h.code, "country": h.country, "name": h.name, "is_pilot": h.is_pilot}
        for h in HubRepository(session).all_ordered()
    ]
