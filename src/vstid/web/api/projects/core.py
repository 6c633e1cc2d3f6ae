"""Project endpoints: a project opened by accepting a proposal, for those who may see it."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter

from vstid.projects.schemas import ProjectOut
from vstid.projects.service import ProjectService
from vstid.web.api.schemas import PageOut
from vstid.web.deps import CurrentUser, PageDep, SessionDep, SettingsDep

__all__ = ["router"]

router = APIRouter(tags=["projects"])


@router.get("/projects/mine", response_model=PageOut[ProjectOut])
def my_projects(
    user: CurrentUser, session: SessionDep, settings: SettingsDep, params: PageDep
) -> Any:
    """An expert's projects as a partner, a requester's organizations' projects, a
    coordinator's hub's projects."""
    page = ProjectService(session, settings).mine(user, params)
    return PageOut.of(page, [ProjectOut.model_validate(p) for p in page.items])


@router.get("/projects/{project_id}", response_model=ProjectOut)
def get_project(
    project_id: uuid.UUID, user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> Any:
    return ProjectOut.model_validate(ProjectService(session, settings).get_inside(user, project_id))
