"""A project's plan: work packages, deliverables and milestones, their transitions and the
deliverable's file. Inside the project only (404 for anyone else)."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, UploadFile, status
from fastapi.responses import StreamingResponse

from vstid.projects.plan.schemas import (
    ActionInput,
    PlanItemInput,
    PlanItemOut,
    PlanItemUpdate,
    WorkPackageInput,
    WorkPackageOut,
)
from vstid.projects.plan.service import PlanService
from vstid.web.deps import CurrentUser, SessionDep, SettingsDep
from vstid.web.uploads import download_response, read_upload

__all__ = ["router"]

router = APIRouter(tags=["projects"])
BASE = "/projects/{project_id}"


def _package_out(
    service: PlanService, user: Any, project_id: uuid.UUID, package_id: uuid.UUID
) -> Any:
    plan = service.plan(user, project_id)
    return next(
        WorkPackageOut.model_validate(wp) for wp in plan.work_packages if wp.id == package_id
    )


@router.get(f"{BASE}/work-packages", response_model=list[WorkPackageOut])
def list_work_packages(
    project_id: uuid.UUID, user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> Any:
    """The work packages in order, each with its deliverables and milestones (effective due
    date, overdue, the actions the caller may take now)."""
    plan = PlanService(session, settings).plan(user, project_id)
    return [WorkPackageOut.model_validate(wp) for wp in plan.work_packages]


@router.post(
    f"{BASE}/work-packages", response_model=WorkPackageOut, status_code=status.HTTP_201_CREATED
)
def create_work_package(
    project_id: uuid.UUID, data: WorkPackageInput, user: CurrentUser, session: SessionDep,
    settings: SettingsDep,
) -> Any:  # fmt: skip
    service = PlanService(session, settings)
    package = service.add_work_package(user, project_id, data)
    return _package_out(service, user, project_id, package.id)


@router.patch(f"{BASE}/work-packages/{{package_id}}", response_model=WorkPackageOut)
def update_work_package(
    project_id: uuid.UUID, package_id: uuid.UUID, data: WorkPackageInput, user: CurrentUser,
    session: SessionDep, settings: SettingsDep,
) -> Any:  # fmt: skip
    service = PlanService(session, settings)
    service.update_work_package(user, project_id, package_id, data)
    return _package_out(service, user, project_id, package_id)


@router.get(f"{BASE}/plan-items", response_model=list[PlanItemOut])
def list_plan_items(
    project_id: uuid.UUID, user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> Any:
    return [
        PlanItemOut.model_validate(i)
        for i in PlanService(session, settings).items(user, project_id)
    ]


@router.post(f"{BASE}/plan-items", response_model=PlanItemOut, status_code=status.HTTP_201_CREATED)
def create_plan_item(
    project_id: uuid.UUID, data: PlanItemInput, user: CurrentUser, session: SessionDep,
    settings: SettingsDep,
) -> Any:  # fmt: skip
    """A deliverable or milestone, due in a month of the project (`due_month`) or on a date
    (`due_date`): exactly one, not after the project's end."""
    return PlanItemOut.model_validate(
        PlanService(session, settings).add_item(user, project_id, data)
    )


@router.get(f"{BASE}/plan-items/{{item_id}}", response_model=PlanItemOut)
def get_plan_item(
    project_id: uuid.UUID, item_id: uuid.UUID, user: CurrentUser, session: SessionDep,
    settings: SettingsDep,
) -> Any:  # fmt: skip
    return PlanItemOut.model_validate(
        PlanService(session, settings).item(user, project_id, item_id)
    )


@router.patch(f"{BASE}/plan-items/{{item_id}}", response_model=PlanItemOut)
def update_plan_item(
    project_id: uuid.UUID, item_id: uuid.UUID, data: PlanItemUpdate, user: CurrentUser,
    session: SessionDep, settings: SettingsDep,
) -> Any:  # fmt: skip
    service = PlanService(session, settings)
    return PlanItemOut.model_validate(service.update_item(user, project_id, item_id, data))


@router.post(f"{BASE}/plan-items/{{item_id}}/file", response_model=PlanItemOut)
def upload_plan_item_file(
    project_id: uuid.UUID, item_id: uuid.UUID, file: UploadFile, user: CurrentUser,
    session: SessionDep, settings: SettingsDep,
) -> Any:  # fmt: skip
    """The deliverable's file (the order attachments' checks), while it is being written."""
    content = read_upload(file, settings.max_upload_bytes)
    service = PlanService(session, settings)
    return PlanItemOut.model_validate(
        service.attach(user, project_id, item_id, file.filename or "file", content)
    )


@router.get(
    f"{BASE}/plan-items/{{item_id}}/file",
    response_class=StreamingResponse,
    responses={
        200: {
            "description": "The deliverable's file, sent with the type it was checked as",
            "content": {"*/*": {"schema": {"type": "string", "format": "binary"}}},
        }
    },
)
def download_plan_item_file(
    project_id: uuid.UUID, item_id: uuid.UUID, user: CurrentUser, session: SessionDep,
    settings: SettingsDep,
) -> Any:  # fmt: skip
    item, chunks = PlanService(session, settings).file(user, project_id, item_id)
    return download_response(
        chunks, item.file_type or "", item.file_name or "file", item.file_size or 0
    )


@router.post(f"{BASE}/plan-items/{{item_id}}/{{action}}", response_model=PlanItemOut)
def plan_item_action(
    project_id: uuid.UUID, item_id: uuid.UUID, action: str, user: CurrentUser,
    session: SessionDep, settings: SettingsDep, data: ActionInput | None = None,
) -> Any:  # fmt: skip
    """A transition: `draft`, `submit` (the consortium), `accept`, `request_revision` (a
    coordinator or officer; a revision needs a `comment`) for a deliverable; `reach` (a lead
    or staff) for a milestone. 403 for a role that may not, 409 for a state that does not
    allow it."""
    comment = data.comment if data else ""
    service = PlanService(session, settings)
    return PlanItemOut.model_validate(service.act(user, project_id, item_id, action, comment))
