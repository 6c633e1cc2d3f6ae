"""Programs and calls: one router for the domain, assembled from one module per part (core:
programs, their agencies, budget and indicators; calls; applications; reviews and joint
decisions; mobility records), so each file stays small."""

from fastapi import APIRouter

from . import applications, calls, core, decisions, mobility, reviews

__all__ = ["router"]

router = APIRouter()
for part in (core, calls, applications, reviews, decisions, mobility):
    router.include_router(part.router)
