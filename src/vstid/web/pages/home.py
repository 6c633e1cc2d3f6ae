"""The home page: counts, the latest open orders and the hubs."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from vstid.core.pagination import PageParams
from vstid.experts.service import ExpertQueries
from vstid.hubs.service import HubService
from vstid.orders.models import OrderStatus
from vstid.orders.service import OrderFilters, OrderQueries
from vstid.organizations.service import OrganizationQueries
from vstid.taxonomy.service import TaxonomyService
from vstid.web.deps import OptionalUser, SessionDep
from vstid.web.pages.base import render

__all__ = ["router"]

router = APIRouter()
LATEST = 6


@router.get("/")
def home(request: Request, session: SessionDep, user: OptionalUser) -> Response:
    orders, hubs, open_ = OrderQueries(session), HubService(session), OrderStatus.open.value
    stats = {
        "experts": ExpertQueries(session).count_visible(user),
        "organizations": OrganizationQueries(session).count(user),
        "open_orders": orders.count_visible(user, status=open_),
        "hubs": hubs.count(),
    }
    latest = orders.list_visible(user, OrderFilters(status=open_), PageParams(1, LATEST)).items
    return render(
        request, "home/index.html", stats=stats, latest_orders=latest,
        hubs=hubs.all_ordered(), field_labels=TaxonomyService(session).labels(),
    )  # fmt: skip
