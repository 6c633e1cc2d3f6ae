"""Projects: one router for the domain, assembled from one module per part of a project
(core: the project, its consortium, lifecycle and amendments; then plan, funding, results,
risks and agreements, reports), so each file stays small."""

from fastapi import APIRouter

from . import core, funding, plan, reports, results, risks

__all__ = ["router"]

router = APIRouter()
for part in (core, plan, funding, results, reports, risks):
    router.include_router(part.router)
