"""Which results, background IP and agreements a user may read, by query scoping.

Everything here is a project's internals: read by those inside the project (its consortium,
the hub's coordinators, admins), a 404 for everyone else. The one door outward is
`public_results`: a result marked public, of a project whose summary is public."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy import Select, select

from vstid.accounts.models import User
from vstid.projects.models import Project
from vstid.projects.permissions import inside_projects, public_clause
from vstid.projects.results.models import BackgroundIP, ProjectAgreement, ProjectResult

__all__ = [
    "only_public",
    "restrict_agreements",
    "restrict_background_ip",
    "restrict_results",
]

T = TypeVar("T")


def restrict_results(stmt: Select[T], user: User | None) -> Select[T]:
    return stmt.where(ProjectResult.project_id.in_(inside_projects(user)))


def restrict_background_ip(stmt: Select[T], user: User | None) -> Select[T]:
    return stmt.where(BackgroundIP.project_id.in_(inside_projects(user)))


def restrict_agreements(stmt: Select[T], user: User | None) -> Select[T]:
    return stmt.where(ProjectAgreement.project_id.in_(inside_projects(user)))


def only_public(stmt: Select[T]) -> Select[T]:
    """Results anyone may see: marked public, of a project that is neither confidential nor
    a draft."""
    public_projects = select(Project.id).where(public_clause())
    return stmt.where(ProjectResult.public.is_(True), ProjectResult.project_id.in_(public_projects))
