from __future__ import annotations

import uuid

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from vstid.accounts.models import User
from vstid.core.pagination import Page, PageParams
from vstid.core.repository import Repository
from vstid.experts.models import ExpertProfile
from vstid.orders.models import Order
from vstid.organizations.models import Membership
from vstid.projects.models import Project, ProjectAmendment, ProjectMilestone, ProjectPartner
from vstid.projects.permissions import (
    my_projects,
    restrict_project_internals,
    restrict_projects,
)

__all__ = ["MilestoneRepository", "ProjectRepository"]


class ProjectRepository(Repository[Project]):
    model = Project

    def visible(self, project_id: uuid.UUID, user: User | None) -> Project | None:
        """The project with its partners, milestones and funding, if this user may read it."""
        stmt = (
            select(Project)
            .where(Project.id == project_id)
            .options(
                selectinload(Project.partners),
                selectinload(Project.milestones),
                selectinload(Project.funding),
            )
        )
        return self.session.scalars(restrict_projects(stmt, user)).first()

    def inside(self, project_id: uuid.UUID, user: User | None) -> Project | None:
        """The project, if this user reads its internals."""
        stmt = select(Project).where(Project.id == project_id)
        return self.session.scalars(restrict_project_internals(stmt, user)).first()

    def partner_roles_of(self, project_id: uuid.UUID, user_id: uuid.UUID) -> set[str]:
        """The roles of the current partners this user acts for: as the partner expert or
        as a member of the partner organization."""
        as_expert = (
            select(ProjectPartner.role)
            .join(ExpertProfile, ExpertProfile.id == ProjectPartner.expert_id)
            .where(ExpertProfile.user_id == user_id)
        )
        as_member = (
            select(ProjectPartner.role)
            .join(Membership, Membership.organization_id == ProjectPartner.organization_id)
            .where(Membership.user_id == user_id)
        )
        current = (ProjectPartner.project_id == project_id, ProjectPartner.left_on.is_(None))
        stmt = as_expert.where(*current).union(as_member.where(*current))
        return set(self.session.scalars(stmt))

    def amendment_count(self, project_id: uuid.UUID) -> int:
        stmt = select(func.count()).where(ProjectAmendment.project_id == project_id)
        return int(self.session.scalar(stmt) or 0)

    def add_amendment(self, amendment: ProjectAmendment) -> None:
        self.session.add(amendment)
        self.session.flush()

    def visible_for_order(self, order_id: uuid.UUID, user: User | None) -> Project | None:
        stmt = restrict_projects(select(Project).where(Project.order_id == order_id), user)
        return self.session.scalars(stmt.limit(1)).first()

    def of_organization(
        self, organization_id: uuid.UUID, user: User | None, limit: int
    ) -> list[Project]:
        """The projects opened from the organization's orders that this user may read."""
        orders = select(Order.id).where(Order.organization_id == organization_id)
        stmt = (
            select(Project)
            .where(Project.order_id.in_(orders))
            .order_by(Project.created_at.desc(), Project.id)
        )
        return list(self.session.scalars(restrict_projects(stmt, user).limit(limit)))

    def mine(self, user: User, params: PageParams) -> Page[Project]:
        """The user's projects ("My projects", "Hub projects"), newest first, with partners."""
        stmt = select(Project).order_by(Project.created_at.desc(), Project.id)
        stmt = my_projects(stmt.options(selectinload(Project.partners)), user)
        return self.paginate(stmt, params)


class MilestoneRepository(Repository[ProjectMilestone]):
    model = ProjectMilestone
