"""Which projects a user may read, by query scoping: the order's requester side (its
organization, the hub's coordinators, admins) and the experts who are partners of the project.
Everyone else gets a 404, in pages, API and counts alike."""

from __future__ import annotations

from sqlalchemy import Select, false, or_, select

from vstid.accounts.models import User
from vstid.experts.models import ExpertProfile
from vstid.orders.permissions import requester_side_orders
from vstid.projects.models import Project, ProjectPartner

__all__ = ["restrict_projects"]


def restrict_projects(stmt: Select[Project], user: User | None) -> Select[Project]:
    if user is None:
        return stmt.where(false())
    partner_of = (
        select(ProjectPartner.project_id)
        .join(ExpertProfile, ExpertProfile.id == ProjectPartner.expert_id)
        .where(ExpertProfile.user_id == user.id)
    )
    return stmt.where(
        or_(Project.order_id.in_(requester_side_orders(user)), Project.id.in_(partner_of))
    )
