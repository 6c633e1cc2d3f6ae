"""The caller's own expert profile (created by an explicit POST) and its publications."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from vstid.experts.profiles import ExpertProfileService
from vstid.experts.schemas import ExpertOut, ProfileInput, PublicationInput
from vstid.web.deps import CurrentUser, SessionDep

__all__ = ["router"]

router = APIRouter(tags=["profile"])


@router.get("/me/profile", response_model=ExpertOut)
def my_profile(session: SessionDep, user: CurrentUser) -> Any:
    """The caller's own expert profile; 404 until the caller creates one (POST)."""
    return ExpertOut.model_validate(ExpertProfileService(session).own_profile(user))


@router.post("/me/profile", response_model=ExpertOut, status_code=201)
def start_my_profile(session: SessionDep, user: CurrentUser) -> Any:
    """Creates the caller's expert profile, hidden until its visibility is chosen (PUT)."""
    return ExpertOut.model_validate(ExpertProfileService(session).start_own(user))


@router.put("/me/profile", response_model=ExpertOut)
def update_my_profile(data: ProfileInput, session: SessionDep, user: CurrentUser) -> Any:
    expert = ExpertProfileService(session).own_profile(user)
    ExpertProfileService(session).update(expert, data, user)
    return ExpertOut.model_validate(expert)


@router.post("/me/profile/publications", response_model=ExpertOut, status_code=201)
def add_my_publication(data: PublicationInput, session: SessionDep, user: CurrentUser) -> Any:
    expert = ExpertProfileService(session).own_profile(user)
    ExpertProfileService(session).add_publication(expert, data, user)
    return ExpertOut.model_validate(expert)
