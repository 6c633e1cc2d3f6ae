"""Background work of the reports: the calendar follows a project whose dates moved."""

from __future__ import annotations

import uuid
from typing import Any

from vstid.core.db import Database
from vstid.core.settings import Settings
from vstid.projects.reports.service import ReportService
from vstid.projects.repository import ProjectRepository

__all__ = ["follow_project_dates"]


def follow_project_dates(database: Database, settings: Settings, payload: dict[str, Any]) -> None:
    """A start or end date moved (an edit, an end-date amendment): every report rule of the
    project regenerates its calendar (only open, untouched reports are added or removed)."""
    with database.transaction() as session:
        project = ProjectRepository(session).get(uuid.UUID(payload["project_id"]))
        if project is not None:
            ReportService(session, settings).regenerate(project)
