"""The plan of a project: work packages and their deliverables and milestones, their
lifecycles, what is overdue, who hears, the timeline and the plan's part of a periodic report.
Never commits.

Every call starts inside the project (`ProjectService.get_inside`: a 404 for anyone else) and
reads the caller's roles there (`roles_of`: staff, lead, member)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from vstid.accounts.models import User
from vstid.accounts.permissions import require_user
from vstid.audit.service import Auditor
from vstid.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from vstid.core.i18n import N_
from vstid.core.models import utcnow
from vstid.core.settings import Settings
from vstid.core.storage import storage_for
from vstid.notifications import messages as msg
from vstid.notifications.repository import RecipientRepository
from vstid.notifications.service import Notifier
from vstid.orders.attachments import AttachmentStore, CheckedFile
from vstid.projects.models import Project, ProjectStatus
from vstid.projects.months import add_months, end_of, months_between
from vstid.projects.plan.models import (
    DeliverableStatus,
    PlanItem,
    PlanItemKind,
    WorkPackage,
)
from vstid.projects.plan.repository import PlanItemRepository, WorkPackageRepository
from vstid.projects.plan.schemas import PlanItemInput, PlanItemUpdate, WorkPackageInput
from vstid.projects.plan.states import (
    DELIVERABLE_STATES,
    MILESTONE_STATES,
    OPEN,
    STATUS_LABELS,
    states_for,
)
from vstid.projects.repository import ProjectRepository
from vstid.projects.sections import Label, ReportSection
from vstid.projects.service import ProjectService
from vstid.projects.states import LEAD, STAFF

__all__ = [
    "REMIND_WITHIN_DAYS",
    "ItemView",
    "PlanService",
    "PlanView",
    "Reminder",
    "Timeline",
    "WorkPackageView",
    "effective_due",
    "report_section",
]

REMIND_WITHIN_DAYS = 14
# A closed or terminated project's plan is history: nothing in it moves any more.
FROZEN = frozenset({ProjectStatus.closed.value, ProjectStatus.terminated.value})
# Projects whose consortium hears about what is due.
RUNNING = (
    ProjectStatus.agreement_pending.value,
    ProjectStatus.active.value,
    ProjectStatus.closing.value,
)
# Deliverables the consortium still has to hand in.
TO_HAND_IN = (
    DeliverableStatus.pending.value,
    DeliverableStatus.draft.value,
    DeliverableStatus.revision_requested.value,
)
ACTIONS = frozenset(DELIVERABLE_STATES.transitions) | frozenset(MILESTONE_STATES.transitions)


def effective_due(item: PlanItem, project: Project) -> date | None:
    """A fixed date as it is; month N as the last day of that month counted from the
    project's start (unknown while the project has no start date)."""
    if item.due_date is not None:
        return item.due_date
    if item.due_month is not None and project.start_date is not None:
        return end_of(project.start_date, item.due_month)
    return None


def _duration(project: Project) -> int | None:
    return project.duration_months or months_between(project.start_date, project.end_date)


def _is_overdue(item: PlanItem, due: date | None, today: date) -> bool:
    return due is not None and due < today and item.status in OPEN


@dataclass
class ItemView:
    """An item with what depends on the day and the reader; reads like the item itself."""

    item: PlanItem
    effective_due_date: date | None
    overdue: bool
    allowed_actions: list[str]

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_") or name == "item":
            raise AttributeError(name)
        return getattr(self.item, name)


@dataclass
class WorkPackageView:
    """A work package with its items' views, its lead's name and its dates (when the
    project has a start date); reads like the work package itself."""

    package: WorkPackage
    items: list[ItemView]
    lead_name: str | None
    start_date: date | None
    end_date: date | None

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_") or name == "package":
            raise AttributeError(name)
        return getattr(self.package, name)


@dataclass
class PlanView:
    project: Project
    roles: set[str]
    work_packages: list[WorkPackageView]
    partners: dict[uuid.UUID, str]
    can_edit: bool
    today: date
    names: dict[uuid.UUID, str] = field(default_factory=dict)  # who moved the items last

    @property
    def overdue(self) -> list[ItemView]:
        return [i for wp in self.work_packages for i in wp.items if i.overdue]

    @property
    def items(self) -> list[ItemView]:
        return [i for wp in self.work_packages for i in wp.items]


@dataclass
class Marker:
    item: ItemView
    at: float  # months from the project's start, where the item is due


@dataclass
class TimelineRow:
    package: WorkPackageView
    markers: list[Marker]


@dataclass
class Timeline:
    project: Project
    months: int
    # The first day of each month of the project (empty while it has no start date).
    month_starts: list[date]
    rows: list[TimelineRow]
    today_at: float | None  # months from the start; None outside the chart
    unplaced: list[ItemView] = field(default_factory=list)  # due, but not yet placeable


@dataclass
class Reminder:
    item: PlanItem
    project: Project
    due: date
    overdue: bool
    recipients: list[User]


def _position(start: date, moment: date) -> float:
    """Months from `start` to `moment`, the fraction of a month by its days (0 before it)."""
    if moment <= start:
        return 0.0
    months = (moment.year - start.year) * 12 + moment.month - start.month
    if moment.day < start.day:
        months -= 1
    begins = add_months(start, months)
    length = (add_months(start, months + 1) - begins).days
    return months + (moment - begins).days / length


class PlanService:
    def __init__(self, session: Session, settings: Settings) -> None:
        self.session = session
        self.settings = settings
        self.projects = ProjectService(session, settings)
        self.packages = WorkPackageRepository(session)
        self.items_repo = PlanItemRepository(session)
        self.audit = Auditor(session, "plan_item")
        self.audit_packages = Auditor(session, "work_package")
        self.notifier = Notifier(session, settings)
        self.recipients = RecipientRepository(session)

    # -- reading ---------------------------------------------------------------------------
    def plan(self, user: User | None, project_id: uuid.UUID, today: date | None = None) -> PlanView:
        project = self.projects.get_inside(user, project_id)
        roles = self.projects.roles_of(user, project)
        today = today or date.today()
        partners = self.packages.partner_names(project.id)
        packages = [
            self._package_view(project, wp, roles, partners, today)
            for wp in self.packages.of_project(project.id, user)
        ]
        can_edit = bool(roles & {LEAD, STAFF}) and project.status not in FROZEN
        view = PlanView(project, roles, packages, partners, can_edit, today)
        view.names = self.items_repo.user_names(
            [i.status_changed_by_id for i in view.items] + [i.decided_by_id for i in view.items]
        )
        return view

    def items(
        self, user: User | None, project_id: uuid.UUID, today: date | None = None
    ) -> list[ItemView]:
        return self.plan(user, project_id, today).items

    def item(
        self, user: User | None, project_id: uuid.UUID, item_id: uuid.UUID,
        today: date | None = None,
    ) -> ItemView:  # fmt: skip
        project = self.projects.get_inside(user, project_id)
        roles = self.projects.roles_of(user, project)
        return self._view(project, self._item(project, item_id), roles, today or date.today())

    def timeline(
        self, user: User | None, project_id: uuid.UUID, today: date | None = None
    ) -> Timeline:
        """Months across (the project's duration, or as far as the plan reaches), one row per
        work package with its items where they are due, and where today is."""
        plan = self.plan(user, project_id, today)
        project, start = plan.project, plan.project.start_date
        reach = [wp.end_month for wp in plan.work_packages]
        reach += [i.due_month for i in plan.items if i.due_month]
        if start is not None:
            reach += [
                int(_position(start, i.effective_due_date)) + 1
                for i in plan.items
                if i.effective_due_date is not None
            ]
        months = max([_duration(project) or 0, *reach, 1])
        month_starts = [add_months(start, m) for m in range(months)] if start else []
        rows, unplaced = [], []
        for wp in plan.work_packages:
            markers = []
            for view in wp.items:
                if view.due_month is not None:
                    markers.append(Marker(view, float(view.due_month)))
                elif start is not None and view.due_date is not None:
                    markers.append(Marker(view, _position(start, view.due_date)))
                else:
                    unplaced.append(view)
            rows.append(TimelineRow(wp, markers))
        today_at = None
        if start is not None and start <= plan.today:
            at = _position(start, plan.today)
            today_at = at if at <= months else None
        return Timeline(project, months, month_starts, rows, today_at, unplaced)

    # -- work packages -----------------------------------------------------------------------
    def add_work_package(
        self, user: User | None, project_id: uuid.UUID, data: WorkPackageInput
    ) -> WorkPackage:
        actor, project = self._editor(user, project_id)
        self._check_package(project, data)
        package = self.packages.add(
            WorkPackage(
                project_id=project.id,
                code=data.code.strip(),
                title=data.title.strip(),
                lead_partner_id=data.lead_partner_id,
                start_month=data.start_month,
                end_month=data.end_month,
                position=self.packages.next_position(project.id),
            )
        )
        self.audit_packages(
            actor.id, "work_package.create", package.id, project=str(project.id), code=package.code
        )
        return package

    def update_work_package(
        self, user: User | None, project_id: uuid.UUID, package_id: uuid.UUID,
        data: WorkPackageInput,
    ) -> WorkPackage:  # fmt: skip
        actor, project = self._editor(user, project_id)
        package = self._package(project, package_id)
        self._check_package(project, data, package.id)
        package.code, package.title = data.code.strip(), data.title.strip()
        package.lead_partner_id = data.lead_partner_id
        package.start_month, package.end_month = data.start_month, data.end_month
        self.audit_packages(
            actor.id, "work_package.update", package.id, project=str(project.id), code=package.code
        )
        return package

    # -- items -----------------------------------------------------------------------------------
    def add_item(self, user: User | None, project_id: uuid.UUID, data: PlanItemInput) -> ItemView:
        actor, project = self._editor(user, project_id)
        package = self._package_for_item(project, data.work_package_id)
        self._check_item(project, data)
        item = self.items_repo.add(
            PlanItem(
                project_id=project.id,
                work_package_id=package.id,
                kind=data.kind.value,
                code=data.code.strip(),
                title=data.title.strip(),
                description=data.description.strip(),
                due_month=data.due_month,
                due_date=data.due_date,
                status=DeliverableStatus.pending.value,
                position=self.items_repo.next_position(package.id),
            )
        )
        self.audit(
            actor.id, "plan_item.create", item.id, project=str(project.id), code=item.code,
            kind=item.kind,
        )  # fmt: skip
        return self._view(project, item, self.projects.roles_of(actor, project), date.today())

    def update_item(
        self, user: User | None, project_id: uuid.UUID, item_id: uuid.UUID, data: PlanItemUpdate
    ) -> ItemView:
        actor, project = self._editor(user, project_id)
        item = self._item(project, item_id)
        package = self._package_for_item(project, data.work_package_id)
        self._check_item(project, data, item.id)
        item.work_package_id = package.id
        item.code, item.title = data.code.strip(), data.title.strip()
        item.description = data.description.strip()
        item.due_month, item.due_date = data.due_month, data.due_date
        self.audit(actor.id, "plan_item.update", item.id, project=str(project.id), code=item.code)
        return self._view(project, item, self.projects.roles_of(actor, project), date.today())

    # -- the lifecycles --------------------------------------------------------------------------
    def act(
        self,
        user: User | None,
        project_id: uuid.UUID,
        item_id: uuid.UUID,
        action: str,
        comment: str = "",
        upload: tuple[str, bytes] | None = None,
    ) -> ItemView:
        """One transition of the item's table: the role (403), then the state (409, the
        table's message), then the input (422: a revision needs a comment, a file must pass
        the upload checks). Who, when and the comment are kept on the item and audited."""
        if action not in ACTIONS:
            raise NotFound(N_("the requested item was not found"))
        actor = require_user(user)
        project = self.projects.get_inside(actor, project_id)
        item = self._item(project, item_id)
        machine = states_for(item.kind)
        if action not in machine.transitions:
            raise Conflict(N_("this action does not apply to this kind of plan item"))
        roles = self.projects.roles_of(actor, project)
        transition = machine.check(action, item.status, roles)
        self._require_open(project)
        comment = (comment or "").strip()
        if action == "request_revision" and not comment:
            raise ValidationFailed(
                N_("say what needs revising: a comment is required"), field="comment"
            )
        checked = self._checked_file(upload) if upload and action in ("draft", "submit") else None
        now, previous = utcnow(), item.status
        item.status = transition.target.value
        item.status_changed_by_id, item.status_changed_at = actor.id, now
        item.status_comment = comment or None
        if action == "submit":
            item.submitted_at = now
        if action in ("accept", "request_revision", "reach"):
            item.decided_by_id, item.decided_at, item.decision_comment = (
                actor.id,
                now,
                comment or None,
            )
        if checked is not None:
            self._store(project, item, checked)
        self.audit(
            actor.id, f"plan_item.{action}", item.id, project=str(project.id), code=item.code,
            previous=previous, status=item.status, comment=comment,
        )  # fmt: skip
        self._tell(actor, project, item, action, comment)
        return self._view(project, item, roles, date.today())

    # One method per transition of the state tables (`act` checks and records them all).
    def draft(self, user: User | None, project_id: uuid.UUID, item_id: uuid.UUID,
              comment: str = "", upload: tuple[str, bytes] | None = None) -> ItemView:  # fmt: skip
        return self.act(user, project_id, item_id, "draft", comment, upload)

    def submit(self, user: User | None, project_id: uuid.UUID, item_id: uuid.UUID,
               comment: str = "", upload: tuple[str, bytes] | None = None) -> ItemView:  # fmt: skip
        return self.act(user, project_id, item_id, "submit", comment, upload)

    def accept(
        self, user: User | None, project_id: uuid.UUID, item_id: uuid.UUID, comment: str = ""
    ) -> ItemView:
        return self.act(user, project_id, item_id, "accept", comment)

    def request_revision(
        self, user: User | None, project_id: uuid.UUID, item_id: uuid.UUID, comment: str
    ) -> ItemView:
        return self.act(user, project_id, item_id, "request_revision", comment)

    def reach(
        self, user: User | None, project_id: uuid.UUID, item_id: uuid.UUID, comment: str = ""
    ) -> ItemView:
        return self.act(user, project_id, item_id, "reach", comment)

    def attach(
        self, user: User | None, project_id: uuid.UUID, item_id: uuid.UUID, filename: str,
        content: bytes,
    ) -> ItemView:  # fmt: skip
        """The deliverable's file, replaced while it is still being written (pending, draft,
        sent back); checked like order attachments."""
        actor = require_user(user)
        project = self.projects.get_inside(actor, project_id)
        item = self._item(project, item_id)
        roles = self.projects.roles_of(actor, project)
        if not roles & DELIVERABLE_STATES["submit"].roles:
            raise Forbidden(DELIVERABLE_STATES.forbidden)
        if item.kind != PlanItemKind.deliverable.value or item.status not in TO_HAND_IN:
            raise Conflict(N_("a file can be added only to a deliverable still being written"))
        self._require_open(project)
        self._store(project, item, self._checked_file((filename, content)))
        self.audit(
            actor.id, "plan_item.attach", item.id, project=str(project.id), file=item.file_name
        )
        return self._view(project, item, roles, date.today())

    def file(
        self, user: User | None, project_id: uuid.UUID, item_id: uuid.UUID
    ) -> tuple[PlanItem, Iterator[bytes]]:
        project = self.projects.get_inside(user, project_id)
        item = self._item(project, item_id)
        if not item.file_key:
            raise NotFound(N_("the requested item was not found"))
        return item, self._attachments().storage.open(item.file_key)

    # -- reminders -------------------------------------------------------------------------------
    def reminders_due(self, now: datetime, cutoff: datetime) -> list[Reminder]:
        """Deliverables still to hand in, due within REMIND_WITHIN_DAYS or overdue, in running
        projects, not reminded since `cutoff` (one reminder per period per item), with the
        people acting for the project's current partners (its leads included)."""
        today = now.date()
        horizon = today + timedelta(days=REMIND_WITHIN_DAYS)
        found: list[Reminder] = []
        people: dict[uuid.UUID, list[User]] = {}
        candidates = self.items_repo.open_in_projects(
            [PlanItemKind.deliverable.value], TO_HAND_IN, RUNNING
        )
        for item, project in candidates:
            due = effective_due(item, project)
            if due is None or due > horizon:
                continue
            reminded = item.reminded_at
            if reminded is not None and _aware(reminded) > cutoff:
                continue
            if project.id not in people:
                people[project.id] = ProjectRepository(self.session).consortium_users(project.id)
            found.append(Reminder(item, project, due, due < today, people[project.id]))
        return found

    def mark_reminded(self, item: PlanItem, now: datetime) -> None:
        item.reminded_at = now

    # -- helpers ---------------------------------------------------------------------------------
    def _editor(self, user: User | None, project_id: uuid.UUID) -> tuple[User, Project]:
        actor = require_user(user)
        project = self.projects.get_inside(actor, project_id)
        if not self.projects.roles_of(actor, project) & {LEAD, STAFF}:
            raise Forbidden(N_("only the project's leads and coordinators can change its plan"))
        self._require_open(project)
        return actor, project

    def _require_open(self, project: Project) -> None:
        if project.status in FROZEN:
            raise Conflict(N_("the plan of a closed or terminated project can no longer change"))

    def _item(self, project: Project, item_id: uuid.UUID) -> PlanItem:
        item = self.items_repo.get(item_id)
        if item is None or item.project_id != project.id:
            raise NotFound(N_("the requested item was not found"))
        return item

    def _package(self, project: Project, package_id: uuid.UUID) -> WorkPackage:
        package = self.packages.get(package_id)
        if package is None or package.project_id != project.id:
            raise NotFound(N_("the requested item was not found"))
        return package

    def _package_for_item(self, project: Project, package_id: uuid.UUID) -> WorkPackage:
        package = self.packages.get(package_id)
        if package is None or package.project_id != project.id:
            raise ValidationFailed(
                N_("choose a work package of this project"), field="work_package_id"
            )
        return package

    def _check_package(
        self, project: Project, data: WorkPackageInput, other_than: uuid.UUID | None = None
    ) -> None:
        if self.packages.code_taken(project.id, data.code.strip(), other_than):
            raise ValidationFailed(N_("this code is already used in the plan"), field="code")
        duration = _duration(project)
        if duration is not None:
            for name in ("start_month", "end_month"):
                if getattr(data, name) > duration:
                    raise ValidationFailed(
                        N_("a work package must fit within the project's %(months)s months"),
                        field=name,
                        params={"months": duration},
                    )
        if data.lead_partner_id is not None and data.lead_partner_id not in (
            self.packages.partner_ids(project.id)
        ):
            raise ValidationFailed(
                N_("choose a partner of this project as the lead"), field="lead_partner_id"
            )

    def _check_item(
        self, project: Project, data: PlanItemUpdate | PlanItemInput,
        other_than: uuid.UUID | None = None,
    ) -> None:  # fmt: skip
        if self.items_repo.code_taken(project.id, data.code.strip(), other_than):
            raise ValidationFailed(N_("this code is already used in the plan"), field="code")
        if data.due_month is not None:
            if project.start_date is None:
                raise ValidationFailed(
                    N_("a month of the project needs the project's start date; give a date"),
                    field="due_month",
                )
            duration = _duration(project)
            due = end_of(project.start_date, data.due_month)
            late = (duration is not None and data.due_month > duration) or (
                project.end_date is not None and due > project.end_date
            )
            if late:
                raise ValidationFailed(
                    N_("the due date is after the project's end"), field="due_month"
                )
        end = project.end_date
        if data.due_date is not None and end is not None and data.due_date > end:
            raise ValidationFailed(N_("the due date is after the project's end"), field="due_date")

    def _attachments(self) -> AttachmentStore:
        return AttachmentStore(
            storage_for(self.settings, self.session), self.settings.max_upload_bytes
        )

    def _checked_file(self, upload: tuple[str, bytes]) -> CheckedFile:
        filename, content = upload
        return self._attachments().check(filename or "file", content)

    def _store(self, project: Project, item: PlanItem, checked: CheckedFile) -> None:
        item.file_key = self._attachments().save(project.id, checked)
        item.file_name, item.file_type = checked.filename, checked.content_type
        item.file_size = len(checked.content)

    def _view(self, project: Project, item: PlanItem, roles: set[str], today: date) -> ItemView:
        due = effective_due(item, project)
        actions = (
            states_for(item.kind).allowed(item.status, roles)
            if project.status not in FROZEN
            else []
        )
        return ItemView(item, due, _is_overdue(item, due, today), actions)

    def _package_view(
        self, project: Project, package: WorkPackage, roles: set[str],
        partners: dict[uuid.UUID, str], today: date,
    ) -> WorkPackageView:  # fmt: skip
        start = project.start_date
        return WorkPackageView(
            package,
            [self._view(project, item, roles, today) for item in package.items],
            partners.get(package.lead_partner_id) if package.lead_partner_id else None,
            add_months(start, package.start_month - 1) if start else None,
            end_of(start, package.end_month) if start else None,
        )

    def _tell(
        self, actor: User, project: Project, item: PlanItem, action: str, comment: str
    ) -> None:
        """A submission is news for the hub's coordinators; a decision on a deliverable, for
        the consortium. Whoever acted does not hear of it."""
        message = {
            "submit": msg.PLAN_SUBMITTED,
            "accept": msg.PLAN_ACCEPTED,
            "request_revision": msg.PLAN_REVISION_REQUESTED,
        }.get(action)
        if message is None:
            return
        if action == "submit":
            people = self.recipients.hub_coordinators(project.hub_id)
        else:
            people = ProjectRepository(self.session).consortium_users(project.id)
        params = {"item": f"{item.code} {item.title}", "project": project.title, "comment": comment}
        for person in people:
            if person.id != actor.id:
                self.notifier.notify(
                    person, message, params, kind=f"plan.{action}",
                    link=f"/projects/{project.id}/plan#item-{item.id}",
                )  # fmt: skip


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=utcnow().tzinfo)


def report_section(
    session: Session, project: Project, period_start: date, period_end: date
) -> ReportSection:
    """The plan items due or decided in the period, with their status and dates (raw values:
    each output formats them for its reader)."""
    section = ReportSection(
        key="plan",
        title=N_("Work plan"),
        columns=[
            N_("Work package"), N_("Code"), N_("Title"), N_("Kind"), N_("Due date"),
            N_("Status"), N_("Overdue"), N_("Submitted"), N_("Decided"),
        ],
    )  # fmt: skip
    today = date.today()
    for package in WorkPackageRepository(session).of_project(project.id, None, scoped=False):
        for item in package.items:
            due = effective_due(item, project)
            decided = _aware(item.decided_at).date() if item.decided_at else None
            in_period = (due is not None and period_start <= due <= period_end) or (
                decided is not None and period_start <= decided <= period_end
            )
            if not in_period:
                continue
            late = _is_overdue(item, due, min(today, period_end))
            overdue = Label(N_("overdue")) if late else None
            submitted = _aware(item.submitted_at).date() if item.submitted_at else None
            section.rows.append(
                [
                    package.code,
                    item.code,
                    item.title,
                    Label(item.kind),
                    due,
                    Label(STATUS_LABELS.get(item.status, item.status)),
                    overdue,
                    submitted,
                    decided,
                ]
            )
    return section
