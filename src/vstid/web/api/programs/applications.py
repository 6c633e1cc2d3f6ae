"""Programs, the applications part (filled in by its own change)."""

from __future__ import annotations

from fastapi import APIRouter

__all__ = ["router"]

router = APIRouter(tags=["programs"])
