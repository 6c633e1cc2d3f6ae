"""The hubs (the embassy science offices the channel runs through); admins edit their names
and descriptions."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from vstid.hubs.schemas import HubOut, HubUpdate
from vstid.hubs.service import HubService
from vstid.web.deps import CurrentUser, SessionDep

__all__ = ["router"]

router = APIRouter(tags=["hubs"])


@router.get("/hubs")
def list_hubs(session: SessionDep) -> list[dict[str, Any]]:
    return [
        {"code": h.code, "country": h.country, "name": h.name, "is_pilot": h.is_pilot}
        for h in HubService(session).all_ordered()
    ]


@router.get("/hubs/{code}", response_model=HubOut)
def get_hub(code: str, session: SessionDep) -> Any:
    return HubOut.model_validate(HubService(session).get(code))


@router.put("/hubs/{code}", response_model=HubOut)
def update_hub(code: str, data: HubUpdate, user: CurrentUser, session: SessionDep) -> Any:
    """Admins: the name in vi, en, ja and ko (all required) and the description per language."""
    return HubOut.model_validate(HubService(session).update(user, code, data))
