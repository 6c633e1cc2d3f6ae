"""The hubs (the embassy science offices the channel runs through)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from vstid.hubs.service import HubService
from vstid.web.deps import SessionDep

__all__ = ["router"]

router = APIRouter(tags=["hubs"])


@router.get("/hubs")
def list_hubs(session: SessionDep) -> list[dict[str, Any]]:
    return [
        {"code": h.code, "country": h.country, "name": h.name, "is_pilot": h.is_pilot}
        for h in HubService(session).all_ordered()
    ]
