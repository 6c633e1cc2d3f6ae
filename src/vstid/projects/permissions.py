"""Which projects a user may read, by query scoping: the order's requester side (its
organization, the hub's coordinators, admins) and the experts who are partners of the project.
Everyone else gets a 404, in pages, API and counts alike."""

from __future__ import annotations

import uuid

from sqlalchemy import ColumnElement, Select, false, or_, select, true

from vstid.accounts.models import Role, User
from vstid.experts.models import ExpertProfile
from vstid.orders.models import Order
from vstid.orders.permissions import own_orders, requester_side_orders
from vstid.projects.models import Project, ProjectPartner

__all__ = ["my_projects", "restrict_projects"]


def _partner_of(user: User) -> Select[uuid.UUID]:
    return (
        select(ProjectPartner.project_id)
        .join(ExpertProfile, ExpertProfile.id == ProjectPartner.expert_id)
        .where(ExpertProfile.user_id == user.id)
    )


def restrict_projects(stmt: Select[Project], user: User | None) -> Select[Project]:
    if user is None:
        return stmt.where(false())
    return stmt.where(
        or_(Project.order_id.in_(requester_side_orders(user)), Project.id.in_(_partner_of(user)))
    )


def my_projects(stmt: Select[Project], user: User) -> Select[Project]:
    """The projects a user's role makes theirs: an expert's are those they are a partner of,
    a requester's those of their organizations' orders, a coordinator's those of the hub
    (every project for an admin). Always within what the user may read."""
    mine: ColumnElement[bool]
    if user.has_role(Role.admin):
        mine = true()
    elif user.has_role(Role.coordinator):
        mine = Project.hub_id == user.hub_id if user.hub_id else false()
    elif user.has_role(Role.expert):
        mine = Project.id.in_(_partner_of(user))
    else:
        mine = Project.order_id.in_(own_orders(select(Order.id), user))
    return restrict_projects(stmt.where(mine), user)
