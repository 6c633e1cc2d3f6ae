"""Home page and the list/detail pages for experts, organizations and orders."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from vstid.core.pagination import PageParams
from vstid.experts.service import ExpertQueries
from vstid.hubs.repository import HubRepository
from vstid.orders.models import OrderStatus
from vstid.orders.service import OrderFilters, OrderQueries
from vstid.organizations.models import OrgKind
from vstid.organizations.service import OrganizationQueries
from vstid.taxonomy.repository import FieldRepository
from vstid.web.deps import OptionalUser, PageDep, SessionDep
from vstid.web.pages.base import render

router = APIRouter()


def _blank(value: str | None) -> str | None:
    return value.strip() or None if value else None


@router.get("/")
def home(request: Request, session: SessionDep, user: OptionalUser) -> Response:
    orders = OrderQueries(session)
    stats = {
        "experts": ExpertQueries(session).count_visible(user),
        "organizations": OrganizationQueries(session).count(),
        "open_orders": orders.count_visible(user, status=OrderStatus.open.value),
        "hubs": HubRepository(session).count(),
    }
    latest = orders.list_visible(
        user, OrderFilters(status=OrderStatus.open.value), PageParams(1, 6)
    ).items
    return render(
        request,
        "home.html",
        stats=stats,
        latest_orders=latest,
        hubs=HubRepository(session).all_ordered(),
        field_labels=FieldRepository(session).labels(),
    )


@router.get("/experts/{slug}")
def expert_detail(request: Request, slug: str, session: SessionDep, user: OptionalUser) -> Response:
    expert = ExpertQueries(session).get_visible(slug, user)
    return render(
        request,
        "experts/detail.html",
        expert=expert,
        field_labels=FieldRepository(session).labels(),
    )


@router.get("/organizations")
def organizations_list(
    request: Request,
    session: SessionDep,
    params: PageDep,
    kind: str | None = None,
    q: str | None = None,
) -> Response:
    kind = kind if kind in {k.value for k in OrgKind} else None
    page = OrganizationQueries(session).page(params, kind=kind, q=_blank(q))
    return render(
        request,
        "organizations/list.html",
        page=page,
        kind=kind,
        q=q or "",
        kinds=[k.value for k in OrgKind],
    )


@router.get("/organizations/{slug}")
def organization_detail(
    request: Request, slug: str, session: SessionDep, user: OptionalUser
) -> Response:
    queries = OrganizationQueries(session)
    org = queries.get(slug)
    parent = queries.repo.get(org.parent_id) if org.parent_id else None
    orders = OrderQueries(session).list_visible(
        user, OrderFilters(organization_id=org.id), PageParams(1, 50)
    )
    return render(
        request,
        "organizations/detail.html",
        org=org,
        parent=parent,
        members=queries.members_of(org),
        orders=orders.items,
    )


@router.get("/orders")
def orders_list(
    request: Request,
    session: SessionDep,
    user: OptionalUser,
    params: PageDep,
    q: str | None = None,
    status: str | None = None,
    field: str | None = None,
) -> Response:
    status = status if status in {s.value for s in OrderStatus} else None
    filters = OrderFilters(q=_blank(q), status=status, field=_blank(field))
    page = OrderQueries(session).list_visible(user, filters, params)
    orgs = OrganizationQueries(session).by_ids({o.organization_id for o in page.items})
    taxonomy = FieldRepository(session)
    return render(
        request,
        "orders/list.html",
        page=page,
        filters=filters,
        orgs=orgs,
        field_labels=taxonomy.labels(),
        fields=taxonomy.ordered(),
        statuses=[s.value for s in OrderStatus],
    )


@router.get("/orders/{slug}")
def order_detail(request: Request, slug: str, session: SessionDep, user: OptionalUser) -> Response:
    order = OrderQueries(session).get_visible(slug, user)
    org = OrganizationQueries(session).repo.get(order.organization_id)
    return render(
        request,
        "orders/detail.html",
        order=order,
        org=org,
        field_labels=FieldRepository(session).labels(),
    )
