"""All server-rendered pages; every unsafe request is CSRF-checked."""

from fastapi import APIRouter, Depends

from vstid.web.csrf import verify_csrf
from vstid.web.pages import auth, catalog, workflow_routes
from vstid.web.pages import experts as experts_pages
from vstid.web.pages import identity as identity_pages
from vstid.web.pages import profile as profile_pages
from vstid.web.pages import similar as similar_pages

__all__ = ["pages_router"]

pages_router = APIRouter(dependencies=[Depends(verify_csrf)], include_in_schema=False)
pages_router.include_router(auth.router)
pages_router.include_router(workflow_routes.router)  # before catalog: /orders/new
pages_router.include_router(catalog.router)
pages_router.include_router(experts_pages.router)
pages_router.include_router(profile_pages.router)
pages_router.include_router(identity_pages.router)
pages_router.include_router(similar_pages.router)
