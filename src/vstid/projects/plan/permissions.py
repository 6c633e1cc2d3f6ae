"""Plan rows are read by those inside their project (its consortium, the hub's coordinators,
admins); anyone else gets a 404, as if the project had no plan."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy import Select

from vstid.accounts.models import User
from vstid.projects.permissions import inside_projects
from vstid.projects.plan.models import PlanItem, WorkPackage

__all__ = ["restrict_items", "restrict_work_packages"]

T = TypeVar("T")


def restrict_work_packages(stmt: Select[T], user: User | None) -> Select[T]:
    return stmt.where(WorkPackage.project_id.in_(inside_projects(user)))


def restrict_items(stmt: Select[T], user: User | None) -> Select[T]:
    return stmt.where(PlanItem.project_id.in_(inside_projects(user)))
