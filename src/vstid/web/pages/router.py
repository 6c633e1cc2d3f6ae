"""All server-rendered pages, one module per domain; every unsafe request is CSRF-checked."""

from fastapi import APIRouter, Depends

from vstid.web.csrf import verify_csrf
from vstid.web.guards import reject_nul
from vstid.web.pages import (
    accounts,
    admin,
    auth,
    experts,
    home,
    hubs,
    identity,
    imports,
    invitations,
    matching,
    notifications,
    orders,
    organizations,
    profile,
    programs,
    projects,
    proposals,
    rates,
    taxonomy,
)

__all__ = ["pages_router"]

pages_router = APIRouter(
    dependencies=[Depends(reject_nul), Depends(verify_csrf)], include_in_schema=False
)
for _domain in (
    home,
    auth,
    orders,  # declares /orders/new before /orders/{slug}
    invitations,
    proposals,
    programs,
    projects,
    matching,
    experts,
    profile,
    organizations,
    identity,
    imports,
    notifications,
    admin,
    accounts,
    hubs,
    taxonomy,
    rates,
):
    pages_router.include_router(_domain.router)
