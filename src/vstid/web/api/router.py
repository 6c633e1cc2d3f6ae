"""The JSON API under /api/v1, one module per domain. Session-cookie callers must send
X-CSRF-Token on writes."""

from fastapi import APIRouter, Depends

from vstid.web.api import (
    accounts,
    auth,
    experts,
    hubs,
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
from vstid.web.api.schemas import ERROR_RESPONSES
from vstid.web.csrf import verify_csrf
from vstid.web.guards import reject_nul

__all__ = ["api_router"]

api_router = APIRouter(
    prefix="/api/v1",
    dependencies=[Depends(reject_nul), Depends(verify_csrf)],
    responses=ERROR_RESPONSES,
)
for _domain in (
    auth,
    accounts,
    orders,
    invitations,
    proposals,
    programs,
    projects,
    matching,
    experts,  # declares /experts/export before /experts/{slug}
    profile,
    organizations,
    notifications,
    taxonomy,
    hubs,
    rates,
):
    api_router.include_router(_domain.router)
