"""All SQL of periodic reports."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import select

from vstid.accounts.models import User
from vstid.core.repository import Repository
from vstid.projects.models import ProjectAmendment, ProjectPartner
from vstid.projects.reports.models import ProjectReport, ReportRule
from vstid.projects.reports.permissions import restrict_reports, restrict_rules
from vstid.projects.risks.models import RiskAssessment

__all__ = ["ReportRepository"]


class ReportRepository(Repository[ProjectReport]):
    model = ProjectReport

    def reports_of(self, project_id: uuid.UUID, user: User | None) -> list[ProjectReport]:
        stmt = select(ProjectReport).where(ProjectReport.project_id == project_id)
        stmt = stmt.order_by(
            ProjectReport.period_start, ProjectReport.funder_name, ProjectReport.id
        )
        return list(self.session.scalars(restrict_reports(stmt, user)))

    def report(
        self, project_id: uuid.UUID, report_id: uuid.UUID, user: User | None
    ) -> ProjectReport | None:
        stmt = select(ProjectReport).where(
            ProjectReport.id == report_id, ProjectReport.project_id == project_id
        )
        return self.session.scalars(restrict_reports(stmt, user)).first()

    def of_rule(self, rule_id: uuid.UUID) -> list[ProjectReport]:
        stmt = select(ProjectReport).where(ProjectReport.rule_id == rule_id)
        return list(self.session.scalars(stmt.order_by(ProjectReport.period_start)))

    def assessed(self, report_ids: list[uuid.UUID]) -> set[uuid.UUID]:
        """Which of these reports have risk states recorded in them."""
        if not report_ids:
            return set()
        stmt = select(RiskAssessment.report_id).where(RiskAssessment.report_id.in_(report_ids))
        return set(self.session.scalars(stmt.distinct()))

    # -- rules -------------------------------------------------------------------------------
    def rules_of(self, project_id: uuid.UUID, user: User | None) -> list[ReportRule]:
        stmt = select(ReportRule).where(ReportRule.project_id == project_id)
        stmt = stmt.order_by(ReportRule.created_at, ReportRule.id)
        return list(self.session.scalars(restrict_rules(stmt, user)))

    def rules_of_project(self, project_id: uuid.UUID) -> list[ReportRule]:
        """Every rule of a project its caller already opened (no reader to scope by)."""
        stmt = select(ReportRule).where(ReportRule.project_id == project_id)
        return list(self.session.scalars(stmt.order_by(ReportRule.created_at, ReportRule.id)))

    def add_rule(self, rule: ReportRule) -> ReportRule:
        self.session.add(rule)
        self.session.flush()
        return rule

    def partner(self, project_id: uuid.UUID, partner_id: uuid.UUID) -> ProjectPartner | None:
        stmt = select(ProjectPartner).where(
            ProjectPartner.id == partner_id, ProjectPartner.project_id == project_id
        )
        return self.session.scalars(stmt).first()

    # -- what a report compiles and who hears -------------------------------------------------
    def amendments_between(
        self, project_id: uuid.UUID, start: datetime, end: datetime
    ) -> list[ProjectAmendment]:
        """The amendments recorded from `start` (included) to `end` (excluded)."""
        stmt = select(ProjectAmendment).where(
            ProjectAmendment.project_id == project_id,
            ProjectAmendment.created_at >= start,
            ProjectAmendment.created_at < end,
        )
        return list(self.session.scalars(stmt.order_by(ProjectAmendment.number)))
