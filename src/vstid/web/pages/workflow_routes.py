"""The order workflow's pages, gathered so the pages router includes them with one line."""

from __future__ import annotations

from fastapi import APIRouter

from vstid.web.pages import (
    coordinator,
    expert_desk,
    matches,
    notifications,
    orders_workflow,
    projects,
    workflow_panel,
)

__all__ = ["router"]


router = APIRouter()
for _module in (
    orders_workflow,
    workflow_panel,
    matches,
    projects,
    expert_desk,
    coordinator,
    notifications,
):
    router.include_router(_module.router)
