"""All SQL of the indicators: the indicators and their reported values, and the reads the
computed queries (indicators/queries.py) stand on. Each read below applies a query's
definition in SQL; the queries date, group and count the rows it returns."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, exists, select
from sqlalchemy.orm import selectinload

from vstid.accounts.models import User
from vstid.core.repository import Repository
from vstid.programs.applications.models import (
    Application,
    ApplicationMember,
    ApplicationStatus,
    MemberRole,
)
from vstid.programs.calls.models import Call
from vstid.programs.mobility.models import (
    EvidenceKind,
    MobilityEvidence,
    MobilityRecord,
    MobilityStatus,
)
from vstid.programs.models import Indicator, IndicatorReport
from vstid.projects.models import Project
from vstid.projects.permissions import restrict_projects
from vstid.projects.results.models import ProjectResult, ResultKind

__all__ = ["IndicatorRepository", "QueryRepository", "ReportRepository"]

# Project ids a reader may count (None: every project, for the program's staff and agencies).
Visible = Select[Any] | None


class IndicatorRepository(Repository[Indicator]):
    model = Indicator

    def of_program(self, program_id: uuid.UUID) -> list[Indicator]:
        stmt = (
            select(Indicator)
            .where(Indicator.program_id == program_id)
            .options(selectinload(Indicator.targets), selectinload(Indicator.reports))
            .order_by(Indicator.position, Indicator.code)
        )
        return list(self.session.scalars(stmt))

    def by_code(self, program_id: uuid.UUID, code: str) -> Indicator | None:
        stmt = select(Indicator).where(Indicator.program_id == program_id, Indicator.code == code)
        return self.session.scalars(stmt).first()

    def next_position(self, program_id: uuid.UUID) -> int:
        return len(self.of_program(program_id))

    def reload(self, indicator: Indicator) -> None:
        self.session.refresh(indicator, ["targets", "reports"])


class ReportRepository(Repository[IndicatorReport]):
    model = IndicatorReport

    def of_indicator(self, indicator_id: uuid.UUID, report_id: uuid.UUID) -> IndicatorReport | None:
        stmt = select(IndicatorReport).where(
            IndicatorReport.indicator_id == indicator_id, IndicatorReport.id == report_id
        )
        return self.session.scalars(stmt).first()

    def period_taken(self, indicator_id: uuid.UUID, period_start: object) -> bool:
        stmt = select(IndicatorReport.id).where(
            IndicatorReport.indicator_id == indicator_id,
            IndicatorReport.period_start == period_start,
        )
        return self.session.scalars(stmt.limit(1)).first() is not None


class QueryRepository:
    """The platform's records behind a program's computed indicators."""

    def __init__(self, session) -> None:  # type: ignore[no-untyped-def]
        self.session = session

    @staticmethod
    def visible_projects(user: User | None) -> Select[Any]:
        """Ids of the projects whose page the user may open (the count an outsider sees)."""
        return restrict_projects(select(Project.id), user)

    def _calls(self, program_id: uuid.UUID) -> Select[Any]:
        return select(Call.id).where(Call.program_id == program_id)

    def departed(self, program_id: uuid.UUID) -> Sequence[MobilityRecord]:
        """Mobility records of the program with a departure date and at least one piece of
        departure evidence."""
        evidence = exists().where(
            MobilityEvidence.record_id == MobilityRecord.id,
            MobilityEvidence.kind == EvidenceKind.departure.value,
        )
        stmt = select(MobilityRecord).where(
            MobilityRecord.program_id == program_id,
            MobilityRecord.departed_on.is_not(None),
            evidence,
        )
        return self.session.scalars(stmt.order_by(MobilityRecord.departed_on)).all()

    def returned(self, program_id: uuid.UUID) -> Sequence[MobilityRecord]:
        stmt = select(MobilityRecord).where(
            MobilityRecord.program_id == program_id,
            MobilityRecord.status == MobilityStatus.returned.value,
        )
        return self.session.scalars(stmt.order_by(MobilityRecord.returned_on)).all()

    def awarded(
        self, program_id: uuid.UUID, visible: Visible
    ) -> Sequence[tuple[Application, Project]]:
        """Applications of the program's calls awarded with their project opened."""
        stmt = (
            select(Application, Project)
            .join(Project, Project.id == Application.project_id)
            .where(
                Application.call_id.in_(self._calls(program_id)),
                Application.status == ApplicationStatus.awarded.value,
            )
        )
        if visible is not None:
            stmt = stmt.where(Project.id.in_(visible))
        rows = self.session.execute(stmt.order_by(Project.created_at)).all()
        return [(a, p) for a, p in rows]

    def trained(
        self, program_id: uuid.UUID, visible: Visible
    ) -> Sequence[tuple[ProjectResult, Project]]:
        """Trained-person results of the projects opened from the program's calls."""
        projects = select(Application.project_id).where(
            Application.call_id.in_(self._calls(program_id)), Application.project_id.is_not(None)
        )
        stmt = (
            select(ProjectResult, Project)
            .join(Project, Project.id == ProjectResult.project_id)
            .where(
                ProjectResult.kind == ResultKind.trained_person.value,
                ProjectResult.project_id.in_(projects),
            )
        )
        if visible is not None:
            stmt = stmt.where(Project.id.in_(visible))
        rows = self.session.execute(stmt.order_by(ProjectResult.result_date)).all()
        return [(r, p) for r, p in rows]

    def received(self, program_id: uuid.UUID) -> Sequence[Application]:
        """Applications of the program's calls past their draft, except withdrawn ones."""
        stmt = select(Application).where(
            Application.call_id.in_(self._calls(program_id)),
            Application.status.not_in(
                (ApplicationStatus.draft.value, ApplicationStatus.withdrawn.value)
            ),
        )
        return self.session.scalars(stmt.order_by(Application.submitted_at)).all()

    def leads(self, application_ids: set[uuid.UUID]) -> dict[uuid.UUID, ApplicationMember]:
        """The lead applicant of each application (its country and institution)."""
        if not application_ids:
            return {}
        stmt = select(ApplicationMember).where(
            ApplicationMember.application_id.in_(application_ids),
            ApplicationMember.role == MemberRole.lead.value,
        )
        return {m.application_id: m for m in self.session.scalars(stmt)}
