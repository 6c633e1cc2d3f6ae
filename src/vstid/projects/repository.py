from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from vstid.core.repository import Repository
from vstid.projects.models import Project, ProjectMilestone

__all__ = ["MilestoneRepository", "ProjectRepository"]


class ProjectRepository(Repository[Project]):
    model = Project

    def full(self, project_id: uuid.UUID) -> Project | None:
        stmt = (
            select(Project)
            .where(Project.id == project_id)
            .options(
                selectinload(Project.partners),
                selectinload(Project.milestones),
                selectinload(Project.funding),
            )
        )
        return self.session.scalars(stmt).first()

    def for_order(self, order_id: uuid.UUID) -> Project | None:
        return self.get_by(order_id=order_id)


class MilestoneRepository(Repository[ProjectMilestone]):
    model = ProjectMilestone
