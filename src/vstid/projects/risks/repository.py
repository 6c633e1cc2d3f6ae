"""All SQL of the risk register."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import select

from vstid.accounts.models import User
from vstid.core.repository import Repository
from vstid.projects.models import ProjectPartner
from vstid.projects.reports.models import ProjectReport
from vstid.projects.risks.models import ProjectRisk, RiskAssessment
from vstid.projects.risks.permissions import restrict_risks

__all__ = ["RiskRepository"]


class RiskRepository(Repository[ProjectRisk]):
    model = ProjectRisk

    def risks_of(self, project_id: uuid.UUID, user: User | None) -> list[ProjectRisk]:
        stmt = select(ProjectRisk).where(ProjectRisk.project_id == project_id)
        stmt = stmt.order_by(ProjectRisk.raised_on, ProjectRisk.created_at, ProjectRisk.id)
        return list(self.session.scalars(restrict_risks(stmt, user)))

    def raised_by(self, project_id: uuid.UUID, day: date) -> list[ProjectRisk]:
        """The risks raised by a day, for a report of a project its reader is inside."""
        stmt = select(ProjectRisk).where(
            ProjectRisk.project_id == project_id, ProjectRisk.raised_on <= day
        )
        stmt = stmt.order_by(ProjectRisk.raised_on, ProjectRisk.created_at, ProjectRisk.id)
        return list(self.session.scalars(stmt))

    def risk(
        self, project_id: uuid.UUID, risk_id: uuid.UUID, user: User | None
    ) -> ProjectRisk | None:
        stmt = select(ProjectRisk).where(
            ProjectRisk.id == risk_id, ProjectRisk.project_id == project_id
        )
        return self.session.scalars(restrict_risks(stmt, user)).first()

    def assessments(
        self, risk_ids: list[uuid.UUID], period_end: date | None = None
    ) -> list[tuple[RiskAssessment, ProjectReport]]:
        """The states recorded for these risks, oldest report first (then oldest record);
        with `period_end`, only those of reports whose period ended by then."""
        if not risk_ids:
            return []
        stmt = (
            select(RiskAssessment, ProjectReport)
            .join(ProjectReport, ProjectReport.id == RiskAssessment.report_id)
            .where(RiskAssessment.risk_id.in_(risk_ids))
        )
        if period_end is not None:
            stmt = stmt.where(ProjectReport.period_end <= period_end)
        stmt = stmt.order_by(
            ProjectReport.period_end, RiskAssessment.recorded_at, RiskAssessment.id
        )
        return [(a, r) for a, r in self.session.execute(stmt)]

    def assessment(self, risk_id: uuid.UUID, report_id: uuid.UUID) -> RiskAssessment | None:
        stmt = select(RiskAssessment).where(
            RiskAssessment.risk_id == risk_id, RiskAssessment.report_id == report_id
        )
        return self.session.scalars(stmt).first()

    def add_assessment(self, row: RiskAssessment) -> RiskAssessment:
        self.session.add(row)
        self.session.flush()
        return row

    def partners(self, project_id: uuid.UUID) -> dict[uuid.UUID, ProjectPartner]:
        stmt = select(ProjectPartner).where(ProjectPartner.project_id == project_id)
        return {p.id: p for p in self.session.scalars(stmt)}

    def report(self, project_id: uuid.UUID, report_id: uuid.UUID) -> ProjectReport | None:
        stmt = select(ProjectReport).where(
            ProjectReport.id == report_id, ProjectReport.project_id == project_id
        )
        return self.session.scalars(stmt).first()
