"""Reports are internals of a project: only those inside it read them (404 otherwise)."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy import Select

from vstid.accounts.models import User
from vstid.projects.permissions import inside_projects
from vstid.projects.reports.models import ProjectReport, ReportRule

__all__ = ["restrict_reports", "restrict_rules"]

T = TypeVar("T")


def restrict_reports(stmt: Select[T], user: User | None) -> Select[T]:
    return stmt.where(ProjectReport.project_id.in_(inside_projects(user)))


def restrict_rules(stmt: Select[T], user: User | None) -> Select[T]:
    return stmt.where(ReportRule.project_id.in_(inside_projects(user)))
