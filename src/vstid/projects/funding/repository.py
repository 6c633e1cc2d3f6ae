from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from vstid.accounts.models import User
from vstid.core.repository import Repository
from vstid.organizations.models import Organization
from vstid.projects.funding.models import FundingLine, FundingPeriod
from vstid.projects.funding.permissions import restrict_funding
from vstid.projects.models import ProjectPartner

__all__ = ["FundingLineRepository"]


class FundingLineRepository(Repository[FundingLine]):
    model = FundingLine

    def of_project(self, project_id: uuid.UUID, user: User | None) -> list[FundingLine]:
        """The project's lines with their periods, if this user reads its internals."""
        stmt = (
            select(FundingLine)
            .where(FundingLine.project_id == project_id)
            .options(selectinload(FundingLine.periods))
            .order_by(FundingLine.position, FundingLine.created_at)
        )
        return list(self.list(restrict_funding(stmt, user)))

    def all_of_project(self, project_id: uuid.UUID) -> list[FundingLine]:
        """Every line of a project, unscoped: for a caller that has checked who reads."""
        stmt = (
            select(FundingLine)
            .where(FundingLine.project_id == project_id)
            .options(selectinload(FundingLine.periods))
            .order_by(FundingLine.position, FundingLine.created_at)
        )
        return list(self.list(stmt))

    def line_of(
        self, project_id: uuid.UUID, line_id: uuid.UUID, user: User | None
    ) -> FundingLine | None:
        stmt = select(FundingLine).where(
            FundingLine.id == line_id, FundingLine.project_id == project_id
        )
        return self.session.scalars(restrict_funding(stmt, user)).first()

    def next_position(self, project_id: uuid.UUID) -> int:
        return len(self.all_of_project(project_id))

    def partner(self, project_id: uuid.UUID, partner_id: uuid.UUID) -> ProjectPartner | None:
        stmt = select(ProjectPartner).where(
            ProjectPartner.id == partner_id, ProjectPartner.project_id == project_id
        )
        return self.session.scalars(stmt).first()

    def partners(self, project_id: uuid.UUID) -> list[ProjectPartner]:
        stmt = (
            select(ProjectPartner)
            .where(ProjectPartner.project_id == project_id)
            .order_by(ProjectPartner.position)
        )
        return list(self.session.scalars(stmt))

    def organization(self, organization_id: uuid.UUID) -> Organization | None:
        return self.session.get(Organization, organization_id)

    def overlapping(
        self, project_id: uuid.UUID, start: date, end: date
    ) -> list[tuple[FundingLine, FundingPeriod]]:
        """The periods of the project's lines that overlap [start, end], with their lines."""
        stmt = (
            select(FundingLine, FundingPeriod)
            .join(FundingLine, FundingLine.id == FundingPeriod.line_id)
            .where(
                FundingLine.project_id == project_id,
                FundingPeriod.start_date <= end,
                FundingPeriod.end_date >= start,
            )
            .order_by(FundingLine.position, FundingLine.created_at, FundingPeriod.fiscal_year)
        )
        return [(line, period) for line, period in self.session.execute(stmt)]

    def remove_period(self, line: FundingLine, period: FundingPeriod) -> None:
        line.periods.remove(period)
        self.session.flush()
