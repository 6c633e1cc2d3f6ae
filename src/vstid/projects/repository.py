from __future__ import annotations

import uuid

from sqlalchemy import String, cast, func, or_, select
from sqlalchemy.orm import selectinload

from vstid.accounts.models import Role, User
from vstid.core.pagination import Page, PageParams
from vstid.core.repository import Repository
from vstid.experts.models import ExpertProfile
from vstid.orders.models import Order
from vstid.organizations.models import Membership
from vstid.projects.models import Project, ProjectAmendment, ProjectPartner
from vstid.projects.permissions import (
    my_projects,
    restrict_project_internals,
    restrict_projects,
)
from vstid.projects.schemas import ProjectFilters

__all__ = ["PartnerRepository", "ProjectRepository"]


class ProjectRepository(Repository[Project]):
    model = Project

    def visible(self, project_id: uuid.UUID, user: User | None) -> Project | None:
        """The project with its partners, milestones and funding, if this user may read it."""
        stmt = (
            select(Project)
            .where(Project.id == project_id)
            .options(
                selectinload(Project.partners),
            )
        )
        return self.session.scalars(restrict_projects(stmt, user)).first()

    def inside(self, project_id: uuid.UUID, user: User | None) -> Project | None:
        """The project, if this user reads its internals."""
        stmt = select(Project).where(Project.id == project_id)
        return self.session.scalars(restrict_project_internals(stmt, user)).first()

    def is_inside(self, project_id: uuid.UUID, user: User | None) -> bool:
        stmt = restrict_project_internals(select(Project.id).where(Project.id == project_id), user)
        return self.session.scalars(stmt.limit(1)).first() is not None

    def browse(
        self, user: User | None, filters: ProjectFilters, params: PageParams
    ) -> Page[Project]:
        """The projects this user may open, filtered, newest first, with their partners."""
        stmt = select(Project).options(selectinload(Project.partners))
        if filters.hub_id:
            stmt = stmt.where(Project.hub_id == filters.hub_id)
        if filters.status:
            stmt = stmt.where(Project.status == filters.status)
        if filters.field:
            # JSON list of codes, portable across SQLite and PostgreSQL (as orders do)
            stmt = stmt.where(cast(Project.fields, String).contains(f'"{filters.field}"'))
        if filters.country:
            partners = select(ProjectPartner.project_id).where(
                ProjectPartner.country == filters.country.upper()
            )
            stmt = stmt.where(Project.id.in_(partners))
        if filters.funder:
            funders = select(ProjectPartner.project_id).where(
                ProjectPartner.role == "funder", self._funder_clause(filters.funder)
            )
            stmt = stmt.where(Project.id.in_(funders))
        stmt = restrict_projects(stmt.order_by(Project.created_at.desc(), Project.id), user)
        return self.paginate(stmt, params)

    @staticmethod
    def _funder_clause(funder: str):  # type: ignore[no-untyped-def]
        try:
            return ProjectPartner.organization_id == uuid.UUID(funder)
        except ValueError:
            return func.lower(ProjectPartner.name).contains(funder.strip().lower())

    def reload_partners(self, project: Project) -> None:
        """The project's consortium read again, after a partner was added beside it."""
        self.session.refresh(project, ["partners"])

    def amendments(self, project_id: uuid.UUID) -> list[ProjectAmendment]:
        stmt = (
            select(ProjectAmendment)
            .where(ProjectAmendment.project_id == project_id)
            .order_by(ProjectAmendment.number)
        )
        return list(self.session.scalars(stmt))

    def consortium_users(self, project_id: uuid.UUID) -> list[User]:
        """The active people acting for a current partner: members of a partner organization
        and the users behind partner experts."""
        partners = select(ProjectPartner).where(
            ProjectPartner.project_id == project_id, ProjectPartner.left_on.is_(None)
        )
        orgs = partners.with_only_columns(ProjectPartner.organization_id)
        experts = partners.with_only_columns(ProjectPartner.expert_id)
        members = select(Membership.user_id).where(Membership.organization_id.in_(orgs))
        expert_users = select(ExpertProfile.user_id).where(ExpertProfile.id.in_(experts))
        stmt = select(User).where(
            or_(User.id.in_(members), User.id.in_(expert_users)), User.is_active.is_(True)
        )
        return list(self.session.scalars(stmt.order_by(User.email)))

    def hub_staff(self, hub_id: uuid.UUID) -> list[User]:
        stmt = select(User).where(
            User.hub_id == hub_id, User.role == Role.coordinator.value, User.is_active.is_(True)
        )
        return list(self.session.scalars(stmt.order_by(User.email)))

    def users_by_ids(self, ids: set[uuid.UUID]) -> dict[uuid.UUID, User]:
        if not ids:
            return {}
        return {u.id: u for u in self.session.scalars(select(User).where(User.id.in_(ids)))}

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
        """The projects opened from the organization's orders, or with the organization in
        their consortium (now or before), that this user may read."""
        orders = select(Order.id).where(Order.organization_id == organization_id)
        partnered = select(ProjectPartner.project_id).where(
            ProjectPartner.organization_id == organization_id
        )
        stmt = (
            select(Project)
            .where(or_(Project.order_id.in_(orders), Project.id.in_(partnered)))
            .order_by(Project.created_at.desc(), Project.id)
        )
        return list(self.session.scalars(restrict_projects(stmt, user).limit(limit)))

    def mine(self, user: User, params: PageParams) -> Page[Project]:
        """The user's projects ("My projects", "Hub projects"), newest first, with partners."""
        stmt = select(Project).order_by(Project.created_at.desc(), Project.id)
        stmt = my_projects(stmt.options(selectinload(Project.partners)), user)
        return self.paginate(stmt, params)


class PartnerRepository(Repository[ProjectPartner]):
    model = ProjectPartner

    def current_lead(self, project_id: uuid.UUID, side: str) -> ProjectPartner | None:
        stmt = select(ProjectPartner).where(
            ProjectPartner.project_id == project_id,
            ProjectPartner.side == side,
            ProjectPartner.role == "lead",
            ProjectPartner.left_on.is_(None),
        )
        return self.session.scalars(stmt.limit(1)).first()

    def next_position(self, project_id: uuid.UUID) -> int:
        stmt = select(func.max(ProjectPartner.position)).where(
            ProjectPartner.project_id == project_id
        )
        found = self.session.scalar(stmt)
        return 0 if found is None else int(found) + 1
