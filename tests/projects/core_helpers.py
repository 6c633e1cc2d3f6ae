"""Shared by the project core's tests: a project created directly by the hub's coordinator,
led by the world's organization (Vietnam) and a named party abroad."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.orm import Session

from tests.world import Api, World
from vstid.projects.models import Project

START = "2027-01-01"


def direct_body(w: World, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "title": "Đóng gói tiên tiến cho bán dẫn",
        "summary": "Nghiên cứu chung Việt Nam – Nhật Bản về đóng gói tiên tiến.",
        "language": "vi",
        "translations": {"ja": {"title": "半導体先端パッケージング", "summary": "日越共同研究"}},
        "fields": ["semiconductors"],
        "start_date": START,
        "duration_months": 60,
        "confidential": False,
        "vietnam_lead": {"organization_id": str(w.org.id), "contact_name": "Chị Lan",
                         "contact_email": "lan@example.org"},
        "abroad_lead": {"name": "Tohoku University", "country": "JP",
                        "contact_email": "sato@example.jp"},
    }  # fmt: skip
    body.update(overrides)
    return body


def create_direct(api: Api, w: World, **overrides: Any) -> dict[str, Any]:
    response = api.post(w.coordinator, "/projects", direct_body(w, **overrides))
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


def set_status(session: Session, project_id: str, status: str) -> None:
    project = session.get(Project, uuid.UUID(project_id))
    assert project is not None
    project.status = status
    session.commit()
