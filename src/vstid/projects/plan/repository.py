"""All the plan's SQL."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from vstid.accounts.models import User
from vstid.core.repository import Repository
from vstid.projects.models import Project, ProjectPartner
from vstid.projects.plan.models import PlanItem, WorkPackage
from vstid.projects.plan.permissions import restrict_items, restrict_work_packages

__all__ = ["PlanItemRepository", "WorkPackageRepository"]


class WorkPackageRepository(Repository[WorkPackage]):
    model = WorkPackage

    def of_project(
        self, project_id: uuid.UUID, user: User | None, *, scoped: bool = True
    ) -> list[WorkPackage]:
        """The project's work packages in order, each with its items; scoped to what the
        user reads (unscoped only for a caller that already holds the project)."""
        stmt = (
            select(WorkPackage)
            .where(WorkPackage.project_id == project_id)
            .options(selectinload(WorkPackage.items))
            .order_by(WorkPackage.position, WorkPackage.code)
        )
        return list(self.session.scalars(restrict_work_packages(stmt, user) if scoped else stmt))

    def next_position(self, project_id: uuid.UUID) -> int:
        stmt = select(func.max(WorkPackage.position)).where(WorkPackage.project_id == project_id)
        top = self.session.scalar(stmt)
        return 0 if top is None else int(top) + 1

    def code_taken(
        self, project_id: uuid.UUID, code: str, other_than: uuid.UUID | None = None
    ) -> bool:
        stmt = select(WorkPackage.id).where(
            WorkPackage.project_id == project_id, func.lower(WorkPackage.code) == code.lower()
        )
        if other_than is not None:
            stmt = stmt.where(WorkPackage.id != other_than)
        return self.session.scalars(stmt.limit(1)).first() is not None

    def partner_ids(self, project_id: uuid.UUID) -> set[uuid.UUID]:
        stmt = select(ProjectPartner.id).where(ProjectPartner.project_id == project_id)
        return set(self.session.scalars(stmt))

    def partner_names(self, project_id: uuid.UUID) -> dict[uuid.UUID, str]:
        stmt = select(ProjectPartner.id, ProjectPartner.name).where(
            ProjectPartner.project_id == project_id
        )
        return {row.id: row.name for row in self.session.execute(stmt)}


class PlanItemRepository(Repository[PlanItem]):
    model = PlanItem

    def user_names(self, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, str]:
        wanted = {i for i in ids if i is not None}
        if not wanted:
            return {}
        stmt = select(User.id, User.display_name).where(User.id.in_(wanted))
        return {row.id: row.display_name for row in self.session.execute(stmt)}

    def of_project(self, project_id: uuid.UUID, user: User | None) -> list[PlanItem]:
        stmt = select(PlanItem).where(PlanItem.project_id == project_id)
        stmt = stmt.order_by(PlanItem.position, PlanItem.code)
        return list(self.session.scalars(restrict_items(stmt, user)))

    def next_position(self, work_package_id: uuid.UUID) -> int:
        stmt = select(func.max(PlanItem.position)).where(
            PlanItem.work_package_id == work_package_id
        )
        top = self.session.scalar(stmt)
        return 0 if top is None else int(top) + 1

    def code_taken(
        self, project_id: uuid.UUID, code: str, other_than: uuid.UUID | None = None
    ) -> bool:
        stmt = select(PlanItem.id).where(
            PlanItem.project_id == project_id, func.lower(PlanItem.code) == code.lower()
        )
        if other_than is not None:
            stmt = stmt.where(PlanItem.id != other_than)
        return self.session.scalars(stmt.limit(1)).first() is not None

    def open_in_projects(
        self, kinds: Iterable[str], statuses: Iterable[str], project_statuses: Iterable[str]
    ) -> list[tuple[PlanItem, Project]]:
        """Items of these kinds and states in projects of these states, with their project
        (for reminders: the due date depends on the project's start)."""
        stmt = (
            select(PlanItem, Project)
            .join(Project, Project.id == PlanItem.project_id)
            .where(
                PlanItem.kind.in_(list(kinds)),
                PlanItem.status.in_(list(statuses)),
                Project.status.in_(list(project_statuses)),
            )
            .order_by(Project.id, PlanItem.position, PlanItem.code)
        )
        return [(row[0], row[1]) for row in self.session.execute(stmt)]
