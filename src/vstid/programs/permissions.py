"""Which programs a user may read or run, by query scoping.

A program past its draft is public (its page, its indicators' totals, its open calls). A
draft is seen by its staff only: the coordinators of its lead hub and of its other hubs, and
admins. Members of an owner agency's organization read everything the staff reads and take
the agency's part in its calls' joint decisions. The sub-packages scope their rows from
these: `staff_programs(user)`, `agency_programs(user)`."""

from __future__ import annotations

import uuid
from typing import TypeVar

from sqlalchemy import ColumnElement, Select, false, or_, select, true

from vstid.accounts.models import Role, User
from vstid.organizations.models import Membership
from vstid.programs.models import AgencyRole, Program, ProgramAgency, ProgramHub, ProgramStatus

__all__ = [
    "agency_programs",
    "restrict_programs",
    "staff_clause",
    "staff_programs",
    "user_agencies",
]

T = TypeVar("T")


def staff_clause(user: User | None) -> ColumnElement[bool]:
    """Programs the user runs: every one for an admin; those of the coordinator's hub."""
    if user is None:
        return false()
    if user.has_role(Role.admin):
        return true()
    if user.has_role(Role.coordinator) and user.hub_id:
        other_hubs = select(ProgramHub.program_id).where(ProgramHub.hub_id == user.hub_id)
        return or_(Program.hub_id == user.hub_id, Program.id.in_(other_hubs))
    return false()


def staff_programs(user: User | None) -> Select[uuid.UUID]:
    return select(Program.id).where(staff_clause(user))


def user_agencies(user: User | None) -> Select[uuid.UUID]:
    """Ids of the owner agencies (ProgramAgency rows) the user acts for, as a member of the
    agency's organization."""
    if user is None:
        return select(ProgramAgency.id).where(false())
    return (
        select(ProgramAgency.id)
        .join(Membership, Membership.organization_id == ProgramAgency.organization_id)
        .where(Membership.user_id == user.id, ProgramAgency.role == AgencyRole.owner.value)
    )


def agency_programs(user: User | None) -> Select[uuid.UUID]:
    return select(ProgramAgency.program_id).where(ProgramAgency.id.in_(user_agencies(user)))


def restrict_programs(stmt: Select[T], user: User | None) -> Select[T]:
    """Programs whose page the user may open."""
    return stmt.where(
        or_(
            Program.status != ProgramStatus.draft.value,
            staff_clause(user),
            Program.id.in_(agency_programs(user)),
        )
    )
