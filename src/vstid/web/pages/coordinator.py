"""The hub coordinator's approval queue: submitted orders of the hub, to edit, approve or
reject with a reason."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from vstid.orders.models import OrderStatus
from vstid.orders.service import OrderFilters, OrderQueries
from vstid.organizations.service import OrganizationQueries
from vstid.taxonomy.repository import FieldRepository
from vstid.web.deps import CoordinatorUser, PageDep, SessionDep
from vstid.web.pages.base import render

__all__ = ["router"]

router = APIRouter()


@router.get("/coordinator")
def queue(
    request: Request, session: SessionDep, user: CoordinatorUser, params: PageDep
) -> Response:
    page = OrderQueries(session).list_visible(
        user, OrderFilters(status=OrderStatus.submitted.value), params
    )
    orgs = OrganizationQueries(session).by_ids({o.organization_id for o in page.items})
    return render(
        request,
        "coordinator/queue.html",
        page=page,
        orgs=orgs,
        field_labels=FieldRepository(session).labels(),
    )
