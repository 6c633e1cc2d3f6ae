"""The JSON API under /api/v1. Session-cookie callers must send X-CSRF-Token on writes."""

from fastapi import APIRouter, Depends

from vstid.web.api import auth, catalog, workflow
from vstid.web.api import experts as experts_api
from vstid.web.api import matching as matching_api
from vstid.web.csrf import verify_csrf

__all__ = ["api_router"]

api_router = APIRouter(prefix="/api/v1", dependencies=[Depends(verify_csrf)])
api_router.include_router(auth.router)
api_router.include_router(catalog.router)
api_router.include_router(experts_api.router)
api_router.include_router(workflow.router)
api_router.include_router(matching_api.router)
