"""Which projects a user may read, by query scoping.

Two circles. *Inside* a project: its consortium (people acting for a current partner
organization, experts who are partners), the requester side of the order that opened it,
the hub's coordinators and admins; they read everything, budgets, reports, risks and
agreements included. *Outside*: anyone, signed in or not, reads the public summary of a
project that is neither confidential nor a draft. Everything else is a 404, in pages, API,
search, exports and counts alike: sub-domains scope their rows with `inside_projects`."""

from __future__ import annotations

import uuid
from typing import TypeVar

from sqlalchemy import ColumnElement, Select, and_, false, or_, select, true

from vstid.accounts.models import Role, User
from vstid.experts.models import ExpertProfile
from vstid.orders.models import Order
from vstid.orders.permissions import own_orders, requester_side_orders
from vstid.organizations.models import Membership
from vstid.projects.models import Project, ProjectPartner, ProjectStatus

__all__ = [
    "consortium_projects",
    "inside_projects",
    "my_projects",
    "public_clause",
    "restrict_project_internals",
    "restrict_projects",
]

T = TypeVar("T")


def consortium_projects(user: User) -> Select[tuple[uuid.UUID]]:
    """Ids of the projects the user acts in as a current partner: as the partner expert, or
    as a member of a partner organization. A partner who left no longer opens the doors."""
    as_expert = (
        select(ProjectPartner.project_id)
        .join(ExpertProfile, ExpertProfile.id == ProjectPartner.expert_id)
        .where(ExpertProfile.user_id == user.id, ProjectPartner.left_on.is_(None))
    )
    as_member = (
        select(ProjectPartner.project_id)
        .join(Membership, Membership.organization_id == ProjectPartner.organization_id)
        .where(Membership.user_id == user.id, ProjectPartner.left_on.is_(None))
    )
    return as_expert.union(as_member)  # type: ignore[return-value]


def _staff_clause(user: User) -> ColumnElement[bool]:
    if user.has_role(Role.admin):
        return true()
    if user.has_role(Role.coordinator) and user.hub_id:
        return Project.hub_id == user.hub_id
    return false()


def _inside_clause(user: User | None) -> ColumnElement[bool]:
    if user is None:
        return false()
    return or_(
        _staff_clause(user),
        Project.order_id.in_(requester_side_orders(user)),
        Project.id.in_(consortium_projects(user)),
    )


def public_clause() -> ColumnElement[bool]:
    """What anyone may read the summary of: not confidential, and past its draft."""
    return and_(Project.confidential.is_(False), Project.status != ProjectStatus.draft.value)


def restrict_projects(stmt: Select[T], user: User | None) -> Select[T]:
    """Projects whose page the user may open (the summary, at least)."""
    return stmt.where(or_(_inside_clause(user), public_clause()))


def restrict_project_internals(stmt: Select[T], user: User | None) -> Select[T]:
    """Projects whose internals (budgets, reports, risks, agreements, plan) the user reads."""
    return stmt.where(_inside_clause(user))


def inside_projects(user: User | None) -> Select[tuple[uuid.UUID]]:
    """Ids of the projects whose internals the user reads: sub-domains scope their rows with
    `Row.project_id.in_(inside_projects(user))`."""
    return restrict_project_internals(select(Project.id), user)


def my_projects(stmt: Select[T], user: User) -> Select[T]:
    """The projects a user's role makes theirs: an expert's are those they are a partner of,
    a requester's those of their organizations (as a partner or the order's requester), a
    coordinator's those of the hub (every project for an admin)."""
    mine: ColumnElement[bool]
    if user.has_role(Role.admin):
        mine = true()
    elif user.has_role(Role.coordinator):
        mine = Project.hub_id == user.hub_id if user.hub_id else false()
    else:
        mine = or_(
            Project.id.in_(consortium_projects(user)),
            Project.order_id.in_(own_orders(select(Order.id), user)),
        )
    return restrict_project_internals(stmt.where(mine), user)
