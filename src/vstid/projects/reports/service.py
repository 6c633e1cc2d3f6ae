"""Periodic reports of a project: the calendar generated from rules, the lifecycle declared in
`states.REPORT_STATES`, narratives per language, the sections compiled by
`compile.SECTIONS` (frozen on submit), and the XLSX download. Never commits."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy.orm import Session

from vstid.accounts.models import User
from vstid.accounts.permissions import require_user
from vstid.audit.service import Auditor
from vstid.core import i18n
from vstid.core.errors import Forbidden, NotFound, ValidationFailed
from vstid.core.i18n import N_
from vstid.core.models import utcnow
from vstid.core.settings import Settings
from vstid.notifications import messages as msg
from vstid.notifications.repository import RecipientRepository
from vstid.notifications.service import Notifier
from vstid.projects.models import PartnerRole, Project, ProjectPartner
from vstid.projects.months import end_of
from vstid.projects.reports.calendar import periods
from vstid.projects.reports.compile import compile_sections, freeze, thaw
from vstid.projects.reports.export import Cover, safe_filename, xlsx_bytes
from vstid.projects.reports.models import (
    Anchor,
    Frequency,
    ProjectReport,
    ReportRule,
    ReportStatus,
)
from vstid.projects.reports.repository import ReportRepository
from vstid.projects.reports.schemas import NarrativeInput, ReportRuleInput
from vstid.projects.reports.states import (
    EDITABLE,
    LABELS,
    REPORT_STATES,
    RULE_SETTERS,
    WRITERS,
    check_editable,
)
from vstid.projects.repository import ProjectRepository
from vstid.projects.sections import Cell, ReportSection
from vstid.projects.service import ProjectService

__all__ = ["LANGUAGES", "Calendar", "ReportService", "ReportView"]

LANGUAGES = ("vi", "en", "ja", "ko")


@dataclass
class Calendar:
    project: Project
    reports: list[ProjectReport]
    rules: list[ReportRule]
    roles: set[str]
    today: date
    funders: list[ProjectPartner] = field(default_factory=list)

    @property
    def can_set_rule(self) -> bool:
        return bool(self.roles & RULE_SETTERS)


@dataclass
class ReportView:
    project: Project
    report: ProjectReport
    roles: set[str]
    allowed: list[str]  # the state table's actions these roles may take now
    sections: list[ReportSection]
    frozen: bool  # read from the snapshot taken on submit
    can_edit: bool
    overdue: bool


def _untouched(report: ProjectReport, assessed: set[uuid.UUID]) -> bool:
    """Still open, never written in nor submitted: generating may move or remove it."""
    return (
        report.status == ReportStatus.open.value
        and not any((t or "").strip() for t in (report.narratives or {}).values())
        and report.submitted_at is None
        and report.id not in assessed
    )


class ReportService:
    def __init__(self, session: Session, settings: Settings) -> None:
        self.session = session
        self.settings = settings
        self.projects = ProjectService(session, settings)
        self.repo = ReportRepository(session)
        self.notifier = Notifier(session, settings)
        self.recipients = RecipientRepository(session)
        self.audit = Auditor(session, "project")

    # -- the calendar -------------------------------------------------------------------------
    def calendar(self, user: User | None, project_id: uuid.UUID) -> Calendar:
        project = self.projects.get_inside(user, project_id)
        return Calendar(
            project=project,
            reports=self.repo.reports_of(project.id, user),
            rules=self.repo.rules_of(project.id, user),
            roles=self.projects.roles_of(user, project),
            today=date.today(),
            funders=[
                p
                for p in project.partners
                if p.role == PartnerRole.funder.value and p.left_on is None
            ],
        )

    def set_rule(
        self, user: User | None, project_id: uuid.UUID, data: ReportRuleInput
    ) -> ReportRule:
        """Set the rule for the project (or for one funder) and generate its reports. One
        rule per funder: setting it again changes it."""
        actor = require_user(user)
        project = self.projects.get_inside(actor, project_id)
        if not self.projects.roles_of(actor, project) & RULE_SETTERS:
            raise Forbidden(REPORT_STATES.forbidden)
        label = self._funder_label(project, data)
        rule = next(
            (r for r in self.repo.rules_of(project.id, actor) if self._same_funder(r, data, label)),
            None,
        )
        if rule is None:
            rule = ReportRule(project_id=project.id)
        rule.frequency, rule.anchor = data.frequency.value, data.anchor.value
        rule.funder_partner_id = data.funder_partner_id
        rule.funder_name = label
        rule.due_days, rule.updated_by_id = data.due_days, actor.id
        self._span(project)  # refuse before anything is saved
        self.repo.add_rule(rule)
        added, removed = self._generate(project, rule)
        self.audit(
            actor.id, "project.report_rule", project.id,
            frequency=rule.frequency, anchor=rule.anchor, funder=label or "",
            added=added, removed=removed,
        )  # fmt: skip
        return rule

    def generate(self, user: User | None, project_id: uuid.UUID) -> list[ProjectReport]:
        """Generate the reports of every rule again (after the end date moved): only open,
        untouched reports are added, moved or removed."""
        actor = require_user(user)
        project = self.projects.get_inside(actor, project_id)
        if not self.projects.roles_of(actor, project) & RULE_SETTERS:
            raise Forbidden(REPORT_STATES.forbidden)
        added = removed = 0
        for rule in self.repo.rules_of(project.id, actor):
            a, r = self._generate(project, rule)
            added, removed = added + a, removed + r
        self.audit(actor.id, "project.reports_generated", project.id, added=added, removed=removed)
        return self.repo.reports_of(project.id, actor)

    @staticmethod
    def _same_funder(rule: ReportRule, data: ReportRuleInput, label: str | None) -> bool:
        """One rule per funder: the same funder partner, or the same name (none: everyone)."""
        if data.funder_partner_id is not None:
            return rule.funder_partner_id == data.funder_partner_id
        return rule.funder_partner_id is None and rule.funder_name == label

    def regenerate(self, project: Project) -> tuple[int, int]:
        """For the code that moves a project's end date (an amendment), in the same unit of
        work and after its own role check: every rule's reports follow the new end. Returns
        how many reports were added and removed."""
        added = removed = 0
        for rule in self.repo.rules_of_project(project.id):
            a, r = self._generate(project, rule)
            added, removed = added + a, removed + r
        return added, removed

    def _funder_label(self, project: Project, data: ReportRuleInput) -> str | None:
        if data.funder_partner_id is not None:
            partner = self.repo.partner(project.id, data.funder_partner_id)
            if partner is None or partner.role != PartnerRole.funder.value:
                raise ValidationFailed(
                    N_("the funder must be a partner of this project with the funder role"),
                    field="funder_partner_id",
                )
            return partner.name
        return (data.funder_name or "").strip() or None

    @staticmethod
    def _span(project: Project) -> tuple[date, date]:
        end = project.end_date
        if end is None and project.start_date and project.duration_months:
            end = end_of(project.start_date, project.duration_months)
        if project.start_date is None or end is None:
            raise ValidationFailed(
                N_("the project needs a start and an end date before its reports can be planned"),
                field="start_date",
            )
        return project.start_date, end

    def _generate(self, project: Project, rule: ReportRule) -> tuple[int, int]:
        start, end = self._span(project)
        wanted = periods(start, end, Frequency(rule.frequency), Anchor(rule.anchor))
        existing = self.repo.of_rule(rule.id)
        assessed = self.repo.assessed([r.id for r in existing])
        starts = {s for s, _ in wanted}
        by_start = {r.period_start: r for r in existing}
        removed = 0
        for report in existing:
            if report.period_start not in starts and _untouched(report, assessed):
                self.repo.delete(report)
                removed += 1
        added = 0
        for number, (first, last) in enumerate(wanted, start=1):
            due = last + timedelta(days=rule.due_days)
            current = by_start.get(first)
            if current is None:
                self.repo.add(
                    ProjectReport(
                        project_id=project.id, rule_id=rule.id, funder_name=rule.funder_name,
                        number=number, period_start=first, period_end=last, due_date=due,
                        status=ReportStatus.open.value, narratives={},
                    )
                )  # fmt: skip
                added += 1
            elif _untouched(current, assessed):
                current.period_end, current.due_date, current.number = last, due, number
                current.funder_name = rule.funder_name
        self.repo.flush()
        return added, removed

    # -- one report -----------------------------------------------------------------------------
    def _load(
        self, user: User | None, project_id: uuid.UUID, report_id: uuid.UUID
    ) -> tuple[Project, ProjectReport, set[str]]:
        project = self.projects.get_inside(user, project_id)
        report = self.repo.report(project.id, report_id, user)
        if report is None:
            raise NotFound(N_("report not found"))
        return project, report, self.projects.roles_of(user, project)

    def sections(self, project: Project, report: ProjectReport) -> tuple[list[ReportSection], bool]:
        """The frozen sections once submitted, else compiled now from the project's data."""
        if report.status not in EDITABLE and report.snapshot is not None:
            return thaw(report.snapshot), True
        return compile_sections(
            self.session, project, report.period_start, report.period_end
        ), False

    def view(self, user: User | None, project_id: uuid.UUID, report_id: uuid.UUID) -> ReportView:
        project, report, roles = self._load(user, project_id, report_id)
        sections, frozen = self.sections(project, report)
        return ReportView(
            project=project,
            report=report,
            roles=roles,
            allowed=REPORT_STATES.allowed(report.status, roles),
            sections=sections,
            frozen=frozen,
            can_edit=bool(roles & WRITERS) and ReportStatus(report.status) in EDITABLE,
            overdue=report.is_overdue(date.today()),
        )

    def write(
        self,
        user: User | None,
        project_id: uuid.UUID,
        report_id: uuid.UUID,
        data: NarrativeInput,
    ) -> ProjectReport:
        """Write (or clear) the narrative in some languages while the report is open or
        returned; the source language is the one named, else the first one written."""
        actor = require_user(user)
        project, report, roles = self._load(actor, project_id, report_id)
        check_editable(report.status, roles)
        texts = {k: v for k, v in (report.narratives or {}).items() if v}
        for lang, text in data.cleaned().items():
            if text:
                texts[lang] = text
            else:
                texts.pop(lang, None)
        report.narratives = {lang: texts[lang] for lang in LANGUAGES if lang in texts}
        written = [lang for lang, text in data.cleaned().items() if text]
        source = data.source_language or report.source_language
        if source not in report.narratives:
            source = next(iter(written + list(report.narratives)), None)
        report.source_language = source
        self.repo.flush()
        self.audit(
            actor.id, "project.report_written", project.id,
            report=str(report.id), languages=",".join(report.narratives),
        )  # fmt: skip
        return report

    def submit(
        self, user: User | None, project_id: uuid.UUID, report_id: uuid.UUID
    ) -> ProjectReport:
        actor = require_user(user)
        project, report, roles = self._load(actor, project_id, report_id)
        transition = REPORT_STATES.check("submit", report.status, roles)
        if not any((t or "").strip() for t in (report.narratives or {}).values()):
            raise ValidationFailed(
                N_("write the narrative in at least one language before submitting"),
                field="narratives",
            )
        sections = compile_sections(self.session, project, report.period_start, report.period_end)
        report.snapshot = freeze(sections)
        report.status = transition.target.value
        report.submitted_at, report.submitted_by_id = utcnow(), actor.id
        report.decided_at = report.decided_by_id = None
        self.repo.flush()
        self._audit(actor, "project.report_submitted", project, report)
        for person in self.recipients.hub_coordinators(project.hub_id):
            self._tell(person, actor, msg.REPORT_SUBMITTED, project, report)
        return report

    def accept(
        self, user: User | None, project_id: uuid.UUID, report_id: uuid.UUID, comment: str = ""
    ) -> ProjectReport:
        return self._decide("accept", user, project_id, report_id, comment)

    def return_report(
        self, user: User | None, project_id: uuid.UUID, report_id: uuid.UUID, comment: str
    ) -> ProjectReport:
        return self._decide("return", user, project_id, report_id, comment)

    def _decide(
        self,
        action: str,
        user: User | None,
        project_id: uuid.UUID,
        report_id: uuid.UUID,
        comment: str,
    ) -> ProjectReport:
        actor = require_user(user)
        project, report, roles = self._load(actor, project_id, report_id)
        transition = REPORT_STATES.check(action, report.status, roles)
        comment = comment.strip()
        if action == "return" and not comment:
            raise ValidationFailed(
                N_("say what to change: a returned report needs a comment"), field="comment"
            )
        report.status = transition.target.value
        report.decided_at, report.decided_by_id = utcnow(), actor.id
        report.decision_comment = comment or None
        self.repo.flush()
        verb = "accepted" if action == "accept" else "returned"
        self._audit(actor, f"project.report_{verb}", project, report, comment=comment)
        message = msg.REPORT_ACCEPTED if action == "accept" else msg.REPORT_RETURNED
        for person in ProjectRepository(self.session).consortium_users(project.id):
            self._tell(person, actor, message, project, report, comment=comment)
        return report

    def _tell(
        self,
        person: User,
        actor: User,
        message: str,
        project: Project,
        report: ProjectReport,
        **extra: str,
    ) -> None:
        if person.id == actor.id:
            return
        self.notifier.notify(
            person,
            message,
            {"project": project.title, "number": str(report.number), **extra},
            kind="project",
            link=f"/projects/{project.id}/reports/{report.id}",
        )

    def _audit(
        self, actor: User, action: str, project: Project, report: ProjectReport, **data: str
    ) -> None:
        self.audit(
            actor.id, action, project.id, report=str(report.id), status=report.status, **data
        )

    # -- downloads -------------------------------------------------------------------------------
    def filename(self, view: ReportView, extension: str) -> str:
        r = view.report
        return (
            safe_filename(
                "report", str(r.number), r.period_start.isoformat(), r.period_end.isoformat()
            )
            + f".{extension}"
        )

    def xlsx(self, view: ReportView) -> bytes:
        """The workbook in the reader's language (the current locale)."""
        _ = i18n.gettext
        r = view.report
        lines: list[tuple[str, Cell]] = [
            (_("Project"), view.project.title),
            (_("Report"), r.number),
            (_("Funder"), r.funder_name),
            (_("Period start"), r.period_start),
            (_("Period end"), r.period_end),
            (_("Due date"), r.due_date),
            (_("Status"), _(LABELS[r.status])),
            (_("Source language"), r.source_language),
        ]
        lines += [(_("Narrative") + f" ({lang})", text) for lang, text in r.narratives.items()]
        if r.decision_comment:
            lines.append((_("Comment"), r.decision_comment))
        cover = Cover(title=_("Periodic report") + f" — {view.project.title}", lines=lines)
        return xlsx_bytes(cover, view.sections, _)
