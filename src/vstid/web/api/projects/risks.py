"""The risk register of a project: risks, and their state recorded in a report being written.
Inside the project only (404 otherwise)."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, status

from vstid.projects.risks.schemas import AssessmentInput, RiskInput, RiskOut
from vstid.projects.risks.service import RegisterRow, RiskService
from vstid.web.deps import CurrentUser, SessionDep, SettingsDep

__all__ = ["router"]

router = APIRouter(tags=["projects"])
BASE = "/projects/{project_id}/risks"


def _out(row: RegisterRow) -> RiskOut:
    out = RiskOut.model_validate(row.risk)
    out.owner_name, out.state, out.state_note = row.owner_name, row.state, row.note
    out.state_report_id = row.report_id
    return out


@router.get(BASE, response_model=list[RiskOut])
def register(
    project_id: uuid.UUID, user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> Any:
    """Every risk with its latest recorded state."""
    return [_out(r) for r in RiskService(session, settings).register(user, project_id)]


@router.post(BASE, response_model=RiskOut, status_code=status.HTTP_201_CREATED)
def raise_risk(
    project_id: uuid.UUID,
    data: RiskInput,
    user: CurrentUser,
    session: SessionDep,
    settings: SettingsDep,
) -> Any:
    return _out(RiskService(session, settings).raise_risk(user, project_id, data))


@router.put(f"{BASE}/{{risk_id}}", response_model=RiskOut)
def update_risk(
    project_id: uuid.UUID,
    risk_id: uuid.UUID,
    data: RiskInput,
    user: CurrentUser,
    session: SessionDep,
    settings: SettingsDep,
) -> Any:
    return _out(RiskService(session, settings).update(user, project_id, risk_id, data))


@router.post(f"{BASE}/{{risk_id}}/assessments", response_model=RiskOut)
def assess(
    project_id: uuid.UUID,
    risk_id: uuid.UUID,
    data: AssessmentInput,
    user: CurrentUser,
    session: SessionDep,
    settings: SettingsDep,
) -> Any:
    """Record the risk's state (open, mitigated, occurred, closed + a note) in a report that
    is open or returned."""
    return _out(RiskService(session, settings).assess(user, project_id, risk_id, data))
