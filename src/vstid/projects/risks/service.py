"""The risk register: risks raised by those inside a project, their state recorded in each
report while it is written; the register shows each risk's latest state. Never commits."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from vstid.accounts.models import User
from vstid.accounts.permissions import require_user
from vstid.audit.service import Auditor
from vstid.core.errors import Forbidden, NotFound, ValidationFailed
from vstid.core.i18n import N_
from vstid.core.models import utcnow
from vstid.core.settings import Settings
from vstid.projects.models import Project
from vstid.projects.reports.states import LABELS, check_editable
from vstid.projects.risks.models import ProjectRisk, RiskAssessment, RiskState
from vstid.projects.risks.repository import RiskRepository
from vstid.projects.risks.schemas import AssessmentInput, RiskInput
from vstid.projects.sections import Label, ReportSection
from vstid.projects.service import ProjectService
from vstid.projects.states import LEAD, MEMBER, STAFF

__all__ = ["RISK_WRITERS", "RegisterRow", "RiskService", "report_section"]

RISK_WRITERS = frozenset({LEAD, MEMBER, STAFF})


@dataclass
class RegisterRow:
    risk: ProjectRisk
    owner_name: str | None
    state: str
    note: str
    report_id: uuid.UUID | None


def _register(
    repo: RiskRepository, project: Project, risks: list[ProjectRisk], period_end: date | None
) -> list[RegisterRow]:
    """Each risk with its latest state (as of `period_end` when given)."""
    partners = repo.partners(project.id)
    latest: dict[uuid.UUID, RiskAssessment] = {}
    for assessment, _report in repo.assessments([r.id for r in risks], period_end):
        latest[assessment.risk_id] = assessment  # ordered oldest first: the last one wins
    rows = []
    for risk in risks:
        owner = partners.get(risk.owner_partner_id) if risk.owner_partner_id else None
        last = latest.get(risk.id)
        rows.append(
            RegisterRow(
                risk=risk,
                owner_name=owner.name if owner else None,
                state=last.state if last else RiskState.open.value,
                note=last.note if last else "",
                report_id=last.report_id if last else None,
            )
        )
    return rows


# A risk's state as its message id (an open risk is "still open", not an open report).
STATE_LABELS = {s.value: LABELS["risk_open" if s == RiskState.open else s.value] for s in RiskState}


def report_section(
    session: Session, project: Project, period_start: date, period_end: date
) -> ReportSection:
    """The risks raised by the end of the period, each with its state as of the period."""
    repo = RiskRepository(session)
    risks = repo.raised_by(project.id, period_end)  # the caller opened the project inside
    rows = _register(repo, project, risks, period_end)
    return ReportSection(
        key="risks",
        title=N_("Risks"),
        columns=[
            N_("Risk"),
            N_("Likelihood"),
            N_("Impact"),
            N_("Owner"),
            N_("Raised on"),
            N_("Status"),
            N_("Note"),
            N_("Mitigation"),
        ],
        rows=[
            [
                r.risk.description,
                r.risk.likelihood,
                r.risk.impact,
                r.owner_name,
                r.risk.raised_on,
                Label(STATE_LABELS[r.state]),
                r.note,
                r.risk.mitigation,
            ]
            for r in rows
        ],
    )


class RiskService:
    def __init__(self, session: Session, settings: Settings) -> None:
        self.session = session
        self.projects = ProjectService(session, settings)
        self.repo = RiskRepository(session)
        self.audit = Auditor(session, "project")

    def register(self, user: User | None, project_id: uuid.UUID) -> list[RegisterRow]:
        project = self.projects.get_inside(user, project_id)
        return _register(self.repo, project, self.repo.risks_of(project.id, user), None)

    def can_write(self, user: User | None, project: Project) -> bool:
        return bool(self.projects.roles_of(user, project) & RISK_WRITERS)

    def _writer(self, user: User | None, project_id: uuid.UUID) -> tuple[User, Project]:
        actor = require_user(user)
        project = self.projects.get_inside(actor, project_id)
        if not self.can_write(actor, project):
            raise Forbidden(N_("your role does not allow this action on this project"))
        return actor, project

    def _owner(self, project: Project, partner_id: uuid.UUID | None) -> None:
        if partner_id is not None and partner_id not in self.repo.partners(project.id):
            raise ValidationFailed(
                N_("the owner must be a partner of this project"), field="owner_partner_id"
            )

    def raise_risk(self, user: User | None, project_id: uuid.UUID, data: RiskInput) -> RegisterRow:
        actor, project = self._writer(user, project_id)
        self._owner(project, data.owner_partner_id)
        risk = self.repo.add(
            ProjectRisk(
                project_id=project.id,
                description=data.description.strip(),
                likelihood=data.likelihood,
                impact=data.impact,
                mitigation=data.mitigation.strip(),
                owner_partner_id=data.owner_partner_id,
                raised_on=data.raised_on or date.today(),
                created_by_id=actor.id,
            )
        )
        self.audit(actor.id, "project.risk_raised", project.id, risk=str(risk.id))
        return self._row(user, project, risk)

    def update(
        self, user: User | None, project_id: uuid.UUID, risk_id: uuid.UUID, data: RiskInput
    ) -> RegisterRow:
        actor, project = self._writer(user, project_id)
        risk = self._risk(actor, project, risk_id)
        self._owner(project, data.owner_partner_id)
        risk.description = data.description.strip()
        risk.likelihood, risk.impact = data.likelihood, data.impact
        risk.mitigation = data.mitigation.strip()
        risk.owner_partner_id = data.owner_partner_id
        if data.raised_on is not None:
            risk.raised_on = data.raised_on
        self.repo.flush()
        self.audit(actor.id, "project.risk_updated", project.id, risk=str(risk.id))
        return self._row(user, project, risk)

    def assess(
        self, user: User | None, project_id: uuid.UUID, risk_id: uuid.UUID, data: AssessmentInput
    ) -> RegisterRow:
        """Record the risk's state in a report being written (open or returned)."""
        actor, project = self._writer(user, project_id)
        risk = self._risk(actor, project, risk_id)
        report = self.repo.report(project.id, data.report_id)
        if report is None:
            raise ValidationFailed(N_("no such report in this project"), field="report_id")
        check_editable(report.status, self.projects.roles_of(actor, project), RISK_WRITERS)
        row = self.repo.assessment(risk.id, report.id)
        if row is None:
            row = RiskAssessment(risk_id=risk.id, report_id=report.id)
        row.state, row.note, row.recorded_by_id = data.state.value, data.note.strip(), actor.id
        row.recorded_at = utcnow()
        self.repo.add_assessment(row)
        self.audit(
            actor.id, "project.risk_assessed", project.id,
            risk=str(risk.id), report=str(report.id), state=row.state,
        )  # fmt: skip
        return self._row(user, project, risk)

    def _risk(self, user: User, project: Project, risk_id: uuid.UUID) -> ProjectRisk:
        risk = self.repo.risk(project.id, risk_id, user)
        if risk is None:
            raise NotFound(N_("risk not found"))
        return risk

    def _row(self, user: User | None, project: Project, risk: ProjectRisk) -> RegisterRow:
        return _register(self.repo, project, [risk], None)[0]
