"""Project endpoints: a project opened by accepting a proposal, for those who may see it."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter

from vstid.projects.schemas import ProjectOut
from vstid.projects.service import ProjectService
from vstid.web.deps import CurrentUser, SessionDep, SettingsDep

__all__ = ["router"]

router = APIRouter(tags=["projects"])


@router.get("/projects/{project_id}", response_model=ProjectOut)
def get_project(
    project_id: uuid.UUID, user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> Any:
    return ProjectOut.model_validate(
        ProjectService(session, settings).get_visible(user, project_id)
    )
