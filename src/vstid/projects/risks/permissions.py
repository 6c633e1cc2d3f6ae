"""Risks are internals of a project: only those inside it read them (404 otherwise)."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy import Select

from vstid.accounts.models import User
from vstid.projects.permissions import inside_projects
from vstid.projects.risks.models import ProjectRisk

__all__ = ["restrict_risks"]

T = TypeVar("T")


def restrict_risks(stmt: Select[T], user: User | None) -> Select[T]:
    return stmt.where(ProjectRisk.project_id.in_(inside_projects(user)))
