"""Funding is a project internal: only those inside the project (its consortium, the hub's
coordinators, admins) read it; lead partners and staff change it, members only read."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy import Select

from vstid.accounts.models import User
from vstid.projects.funding.models import FundingLine
from vstid.projects.permissions import inside_projects
from vstid.projects.states import LEAD, STAFF

__all__ = ["WRITERS", "restrict_funding"]

T = TypeVar("T")
WRITERS = frozenset({LEAD, STAFF})


def restrict_funding(stmt: Select[T], user: User | None) -> Select[T]:
    """Funding lines of the projects whose internals the user reads."""
    return stmt.where(FundingLine.project_id.in_(inside_projects(user)))
