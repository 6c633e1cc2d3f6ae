"""Projects: opened from an accepted proposal, seen only by its two sides and the hub's staff.
Never commits."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from vstid.accounts.models import Role, User
from vstid.accounts.permissions import require_user
from vstid.audit.service import Auditor
from vstid.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from vstid.core.i18n import N_
from vstid.core.models import utcnow
from vstid.core.pagination import Page, PageParams
from vstid.core.queue.kinds import JobKind
from vstid.core.queue.service import enqueue
from vstid.core.settings import Settings
from vstid.experts.models import ExpertProfile
from vstid.experts.repository import ExpertRepository
from vstid.hubs.repository import HubRepository
from vstid.notifications import messages as msg
from vstid.notifications.service import Notifier
from vstid.orders.models import Confidentiality, Order
from vstid.orders.service import OrderWorkflow
from vstid.organizations.repository import OrganizationRepository
from vstid.projects.funding.models import FiscalConvention, FundingKind, FundingLine
from vstid.projects.funding.repository import FundingLineRepository
from vstid.projects.models import (
    MAX_DURATION_MONTHS,
    AmendmentKind,
    PartnerRole,
    PartnerSide,
    Project,
    ProjectAmendment,
    ProjectOrigin,
    ProjectPartner,
    ProjectStatus,
)
from vstid.projects.months import end_of, months_between
from vstid.projects.plan.opening import opening_plan
from vstid.projects.plan.repository import WorkPackageRepository
from vstid.projects.repository import PartnerRepository, ProjectRepository
from vstid.projects.results.repository import ResultRepository
from vstid.projects.schemas import (
    AwardPartner,
    EndDateInput,
    LeaveInput,
    PartnerAdd,
    ProjectAward,
    ProjectCreate,
    ProjectFilters,
    ProjectInput,
    ProjectPatch,
)
from vstid.projects.states import LEAD, MEMBER, PROJECT_STATES, STAFF
from vstid.proposals.models import Proposal
from vstid.proposals.service import ProposalService
from vstid.taxonomy.repository import FieldRepository

__all__ = [
    "CHANGEABLE",
    "EDITABLE",
    "REASON_REQUIRED",
    "ProjectService",
    "shown_text",
]

S = ProjectStatus
# Basics (title, summary, fields, dates) are edited until the project starts closing.
EDITABLE = frozenset({S.draft, S.agreement_pending, S.active, S.suspended})
# The consortium and the end date change (by amendment past the draft) until it is over.
CHANGEABLE = EDITABLE | {S.closing}
# Transitions that say why in `status_reason`.
REASON_REQUIRED = frozenset({"suspend", "terminate"})


def _jsonable(values: dict[str, Any]) -> dict[str, Any]:
    """Dates, Decimals and ids as the strings the amendment's JSON keeps."""
    return {
        k: v if v is None or isinstance(v, (bool, int, str)) else str(v) for k, v in values.items()
    }


def shown_text(project: Project, locale: str) -> tuple[str, str, str]:
    """Title, summary and their language as a reader of `locale` sees them: the reader's
    language when the project is translated into it, else the source language."""
    if locale != project.language:
        translated = (project.translations or {}).get(locale) or {}
        if translated.get("title"):
            return translated["title"], translated.get("summary") or project.summary, locale
    return project.title, project.summary, project.language


def _side_of(country: str | None) -> str:
    return PartnerSide.vietnam.value if country == "VN" else PartnerSide.abroad.value


def _funding(data: ProjectInput, project_id: uuid.UUID) -> list[FundingLine]:
    """The funding sources named when the proposal was accepted, as the project's first
    funding lines (cash, calendar fiscal years until someone says otherwise)."""
    return [
        FundingLine(
            project_id=project_id,
            funder_name=f.source,
            amount=f.amount,
            currency=f.currency.value,
            kind=FundingKind.cash.value,
            fiscal_convention=FiscalConvention.calendar.value,
            position=i,
        )
        for i, f in enumerate(data.funding)
    ]


class ProjectService:
    def __init__(self, session: Session, settings: Settings) -> None:
        self.session = session
        self.settings = settings
        self.repo = ProjectRepository(session)
        self.workflow = OrderWorkflow(session, settings)
        self.audit = Auditor(session, "project")

    def open_from_proposal(
        self, user: User | None, proposal_id: uuid.UUID, data: ProjectInput
    ) -> Project:
        """Accepting a finalist proposal opens its project: the proposal service checks who
        accepts what and awards the order; the expert hears with a link to the project."""
        proposals = ProposalService(self.session, self.settings)
        access = proposals.accept(user, proposal_id)
        project = self._open(require_user(user), access.order, access.proposal, data)
        proposals.tell_accepted(access, f"/projects/{project.id}")
        self._tell_opened(require_user(user), access.order, access.expert, project)
        return project

    def _tell_opened(
        self, actor: User, order: Order, expert: ExpertProfile, project: Project
    ) -> None:
        """The hub's coordinators and the requester's organization hear, except whoever
        accepted: they are looking at the project already."""
        recipients = self.workflow.recipients
        people = {u.id: u for u in recipients.organization_members(order.organization_id)}
        people |= {u.id: u for u in recipients.hub_coordinators(order.hub_id)}
        people.pop(actor.id, None)
        for person in people.values():
            self.workflow.tell(
                person, msg.PROJECT_OPENED, order, "project", f"/projects/{project.id}",
                expert=expert.display_name,
            )  # fmt: skip

    def _open(self, actor: User, order: Order, proposal: Proposal, data: ProjectInput) -> Project:
        expert = ExpertRepository(self.session).get_or_404(proposal.expert_id, "expert")
        project = Project(
            order_id=order.id,
            proposal_id=proposal.id,
            origin=ProjectOrigin.proposal.value,
            hub_id=order.hub_id,
            created_by_id=actor.id,
            title=(data.title or "").strip() or order.title,
            summary=order.description,
            language=order.language,
            translations={},
            fields=list(order.fields or []),
            confidential=order.confidentiality != Confidentiality.public.value,
            # the accepted proposal is the agreement in principle; the consortium agreement
            # is what the project waits for next
            status=ProjectStatus.agreement_pending.value,
            status_changed_at=utcnow(),
            start_date=data.start_date,
            duration_months=months_between(data.start_date, data.end_date),
            end_date=data.end_date,
        )
        project.partners = self._partners(order, expert, data)
        self.repo.add(project)
        for line in _funding(data, project.id):
            FundingLineRepository(self.session).add(line)
        # the milestones given on acceptance open the plan (projects.plan): "WP1 Work plan"
        WorkPackageRepository(self.session).add(
            opening_plan(
                project.id,
                project.duration_months,
                project.end_date,
                data.milestones,
                project.language,
            )
        )
        self._audit(actor, "project.open", project, {"order_id": str(order.id)})
        return project

    def open_from_award(self, actor: User, data: ProjectAward) -> Project:
        """A program call's joint decision awarded an application: its project opens waiting
        for the consortium agreement, with the consortium the decision names (one lead per
        side). The caller (programs) has checked that the actor decides for the program;
        funding lines and the report rule are added by their own parts afterwards."""
        if not actor.is_staff:
            raise Forbidden(N_("only the hub's coordinators create projects"))
        leads = [p for p in data.partners if p.role == PartnerRole.lead]
        if sorted(_side_of(p.country) for p in leads) != [PartnerSide.abroad, PartnerSide.vietnam]:
            raise ValidationFailed(
                N_("an awarded project needs one lead partner on each side"), field="partners"
            )
        end_date = end_of(data.start_date, data.duration_months)
        project = Project(
            origin=ProjectOrigin.call.value,
            hub_id=data.hub_id,
            created_by_id=actor.id,
            title=data.title.strip()[:300],
            summary=data.summary.strip(),
            language=data.language,
            translations=dict(data.translations),
            fields=list(dict.fromkeys(data.fields)),
            status=S.agreement_pending.value,
            confidential=False,
            start_date=data.start_date,
            duration_months=data.duration_months,
            end_date=end_date,
            status_changed_at=utcnow(),
        )
        project.partners = [
            self._award_partner(p, data.start_date, i) for i, p in enumerate(data.partners)
        ]
        self.repo.add(project)
        self._audit(actor, "project.open", project, {"origin": ProjectOrigin.call.value})
        return project

    @staticmethod
    def _award_partner(p: AwardPartner, joined_on: date, position: int) -> ProjectPartner:
        return ProjectPartner(
            name=p.name[:300],
            side=_side_of(p.country),
            country=p.country,
            role=p.role.value,
            organization_id=p.organization_id,
            expert_id=p.expert_id,
            contact_name=p.contact_name,
            contact_email=p.contact_email,
            joined_on=joined_on,
            position=position,
        )

    def get_visible(self, user: User | None, project_id: uuid.UUID) -> Project:
        """The project if the user may open its page (its public summary, at least)."""
        project = self.repo.visible(project_id, user)
        if project is None:
            raise NotFound(N_("project not found"))
        return project

    def get_inside(self, user: User | None, project_id: uuid.UUID) -> Project:
        """The project if the user reads its internals (consortium, hub staff, admins);
        a 404 for everyone else, as if it did not exist. Sub-domains start here."""
        project = self.repo.inside(project_id, user)
        if project is None:
            raise NotFound(N_("project not found"))
        return project

    def roles_of(self, user: User | None, project: Project) -> set[str]:
        """The user's words in this project's state tables: staff (the hub's coordinators,
        admins), lead (acting for a current lead partner, or the order's requester side),
        member (acting for any current partner)."""
        if user is None:
            return set()
        roles: set[str] = set()
        if user.has_role(Role.admin) or (
            user.has_role(Role.coordinator) and user.hub_id == project.hub_id
        ):
            roles.add(STAFF)
        partner_roles = self.repo.partner_roles_of(project.id, user.id)
        if partner_roles:
            roles.add(MEMBER)
        if PartnerRole.lead.value in partner_roles:
            roles.add(LEAD)
        return roles

    def mine(self, user: User | None, params: PageParams) -> Page[Project]:
        return self.repo.mine(require_user(user), params)

    def of_organization(
        self, user: User | None, organization_id: uuid.UUID, limit: int = 50
    ) -> list[Project]:
        return self.repo.of_organization(organization_id, user, limit)

    def for_order(self, user: User | None, order: Order) -> Project | None:
        return self.repo.visible_for_order(order.id, user)

    def _partners(
        self, order: Order, expert: ExpertProfile, data: ProjectInput
    ) -> list[ProjectPartner]:
        org = OrganizationRepository(self.session).get_or_404(order.organization_id)
        rows = [
            ProjectPartner(
                name=org.name,
                side=PartnerSide.vietnam.value,
                role=PartnerRole.lead.value,
                country=org.country,
                organization_id=org.id,
                share_percent=data.requester_share_percent,
                joined_on=data.start_date,
            ),
            ProjectPartner(
                name=expert.display_name
                + (f" ({expert.affiliation})" if expert.affiliation else ""),
                side=PartnerSide.abroad.value,
                role=PartnerRole.lead.value,
                country=expert.residence_country,
                expert_id=expert.id,
                share_percent=data.expert_share_percent,
                joined_on=data.start_date,
            ),
        ]
        rows += [
            ProjectPartner(
                name=p.name,
                side=p.side.value,
                country=p.country,
                share_percent=p.share_percent,
                joined_on=data.start_date,
            )
            for p in data.partners
        ]
        for i, row in enumerate(rows):
            row.position = i
        return rows

    # -- direct creation and editing ------------------------------------------------------
    def create(self, user: User | None, data: ProjectCreate) -> Project:
        """A coordinator (or an admin) records a project that began outside the platform: a
        draft with its two lead partners, one per side."""
        actor = require_user(user)
        if not actor.is_staff:
            raise Forbidden(N_("only the hub's coordinators create projects"))
        hub_id = self._hub_for(actor, data.hub_id)
        self._check_fields(data.fields)
        end_date = end_of(data.start_date, data.duration_months)
        # every check before anything is written: a refused project leaves nothing behind
        leads: list[ProjectPartner] = []
        for where, lead, side in (
            ("vietnam_lead", data.vietnam_lead, PartnerSide.vietnam),
            ("abroad_lead", data.abroad_lead, PartnerSide.abroad),
        ):
            row = self._partner_row(end_date, lead, where, joined_on=data.start_date)
            if row.side != side.value:
                raise ValidationFailed(
                    N_("this lead partner must be on the %(side)s side"),
                    field=f"{where}.country",
                    params={"side": side.value},
                )
            row.role, row.position = PartnerRole.lead.value, len(leads)
            leads.append(row)
        project = Project(
            origin=ProjectOrigin.direct.value,
            hub_id=hub_id,
            created_by_id=actor.id,
            title=data.title.strip(),
            summary=data.summary.strip(),
            language=data.language,
            translations=self._translations(data.language, data.translations),
            fields=list(dict.fromkeys(data.fields)),
            status=S.draft.value,
            confidential=data.confidential,
            start_date=data.start_date,
            duration_months=data.duration_months,
            end_date=end_date,
            status_changed_at=utcnow(),
        )
        project.partners = leads
        self.repo.add(project)
        self._audit(actor, "project.create", project, {"title": project.title})
        return project

    def update(self, user: User | None, project_id: uuid.UUID, data: ProjectPatch) -> Project:
        """The basics, by the project's lead or the hub's staff, until it starts closing. A new
        start date moves the end date (and the plan, due "month N" of the project); after the
        draft the duration changes only by an end-date amendment."""
        actor = require_user(user)
        project = self.get_inside(actor, project_id)
        self._require(actor, project, {STAFF, LEAD})
        if S(project.status) not in EDITABLE:
            raise Conflict(N_("a project that is closing or over can no longer be edited"))
        changes = data.model_dump(exclude_unset=True)
        duration = changes.get("duration_months")
        if duration not in (None, project.duration_months) and project.status != S.draft.value:
            raise Conflict(
                N_("after the draft, the duration changes by an end-date amendment"),
                field="duration_months",
            )
        for name in ("title", "start_date", "language", "confidential"):
            if name in changes and changes[name] is None:
                raise ValidationFailed(N_("this field cannot be emptied"), field=name)
        if changes.get("fields") is not None:
            self._check_fields(changes["fields"])
            project.fields = list(dict.fromkeys(changes["fields"]))
        for name in ("title", "summary"):
            if changes.get(name) is not None:
                setattr(project, name, changes[name].strip())
        if changes.get("language"):
            project.language = changes["language"]
        if changes.get("confidential") is not None:
            project.confidential = changes["confidential"]
        if data.translations is not None:
            project.translations = self._translations(project.language, data.translations)
        before = {"start_date": project.start_date, "end_date": project.end_date}
        new_start, new_duration = changes.get("start_date"), changes.get("duration_months")
        # only a new start or duration moves the end (an amended end stays where it was put)
        moved_dates = new_start not in (None, project.start_date) or new_duration not in (
            None, project.duration_months,
        )  # fmt: skip
        if new_start is not None:
            project.start_date = new_start
        if new_duration is not None:
            project.duration_months = new_duration
        if moved_dates and project.start_date and project.duration_months:
            project.end_date = end_of(project.start_date, project.duration_months)
        dates = {"start_date": project.start_date, "end_date": project.end_date}
        moved = _jsonable(dates) if dates != before else {}
        if moved:
            self._dates_moved(project)
        self._audit(
            actor, "project.update", project, {"changed": ",".join(sorted(changes)), **moved}
        )
        return project

    def _hub_for(self, actor: User, hub_id: uuid.UUID | None) -> uuid.UUID:
        if actor.has_role(Role.admin):
            if hub_id is None:
                raise ValidationFailed(N_("choose the project's hub"), field="hub_id")
            if HubRepository(self.session).get(hub_id) is None:
                raise ValidationFailed(N_("this hub does not exist"), field="hub_id")
            return hub_id
        if actor.hub_id is None:
            raise Forbidden(N_("only the hub's coordinators create projects"))
        if hub_id is not None and hub_id != actor.hub_id:
            raise ValidationFailed(
                N_("a coordinator creates projects in their own hub"), field="hub_id"
            )
        return actor.hub_id

    def _check_fields(self, codes: list[str]) -> None:
        known = set(FieldRepository(self.session).labels())
        unknown = [c for c in codes if c not in known]
        if unknown:
            raise ValidationFailed(
                N_("unknown field: %(codes)s"), field="fields", params={"codes": ", ".join(unknown)}
            )

    @staticmethod
    def _translations(source: str, given: Mapping[Any, Any]) -> dict[str, dict[str, str]]:
        """The other languages' title and summary; the source language lives in the columns,
        and an empty translation is no translation."""
        out: dict[str, dict[str, str]] = {}
        for language, text in given.items():
            values = text if isinstance(text, dict) else text.model_dump()
            kept = {k: str(v).strip() for k, v in values.items() if v and str(v).strip()}
            if language != source and kept:
                out[language] = kept
        return out

    # -- lifecycle -------------------------------------------------------------------------
    def allowed_actions(self, user: User | None, project: Project) -> list[str]:
        """Exactly the transitions the service would accept from this user now, read from
        the state table (the page's buttons and the API's `allowed_actions`)."""
        allowed = PROJECT_STATES.allowed(project.status, self.roles_of(user, project))
        if "close" in allowed and self.closing_blockers(project):
            allowed.remove("close")
        return allowed

    def can_edit(self, user: User | None, project: Project) -> bool:
        roles = self.roles_of(user, project)
        return bool(roles & {STAFF, LEAD}) and S(project.status) in EDITABLE

    def can_change(self, user: User | None, project: Project) -> bool:
        """Whether the user may change the consortium or amend the end date now."""
        roles = self.roles_of(user, project)
        return bool(roles & {STAFF, LEAD}) and S(project.status) in CHANGEABLE

    def submit_agreement(self, user: User | None, project_id: uuid.UUID) -> Project:
        return self.transition(user, project_id, "submit_agreement")

    def activate(self, user: User | None, project_id: uuid.UUID) -> Project:
        return self.transition(user, project_id, "activate")

    def suspend(self, user: User | None, project_id: uuid.UUID, reason: str) -> Project:
        return self.transition(user, project_id, "suspend", reason)

    def resume(self, user: User | None, project_id: uuid.UUID) -> Project:
        return self.transition(user, project_id, "resume")

    def start_closing(self, user: User | None, project_id: uuid.UUID) -> Project:
        return self.transition(user, project_id, "start_closing")

    def close(self, user: User | None, project_id: uuid.UUID) -> Project:
        return self.transition(user, project_id, "close")

    def terminate(self, user: User | None, project_id: uuid.UUID, reason: str) -> Project:
        return self.transition(user, project_id, "terminate", reason)

    def transition(
        self, user: User | None, project_id: uuid.UUID, action: str, reason: str = ""
    ) -> Project:
        """One step of the lifecycle: the role (403) and the state (409) from the table, a
        reason where the step needs one (422), the closing checks, then the audit and the
        consortium and the hub's coordinators told."""
        actor = require_user(user)
        project = self.get_inside(actor, project_id)
        if action not in PROJECT_STATES.transitions or not PROJECT_STATES[action].offered:
            raise NotFound(N_("the requested item was not found"))
        transition = PROJECT_STATES.check(action, project.status, self.roles_of(actor, project))
        reason = (reason or "").strip()
        if action in REASON_REQUIRED and not reason:
            raise ValidationFailed(N_("say why"), field="reason")
        if action == "close":
            blockers = self.closing_blockers(project)
            if blockers:
                raise Conflict(blockers[0])
        before = project.status
        project.status = transition.target.value
        project.status_changed_at = utcnow()
        project.status_reason = reason or None
        self._audit(
            actor, f"project.{action}", project,
            {"from": before, "to": project.status, **({"reason": reason} if reason else {})},
        )  # fmt: skip
        self._tell(actor, project, msg.PROJECT_TRANSITIONS[action], reason=reason)
        return project

    def closing_blockers(self, project: Project) -> list[str]:
        """What keeps the project from closing, as message ids (the first one is the 409;
        the page lists them all): every result needs its ownership recorded (the foreground
        IP is shared by the consortium agreement, and a closed project cannot change it)."""
        blockers: list[str] = []
        if ResultRepository(self.session).unowned_count(project.id):
            blockers.append(N_("every result needs its owners recorded before the project closes"))
        return blockers

    # -- the consortium ----------------------------------------------------------------------
    def add_partner(
        self, user: User | None, project_id: uuid.UUID, data: PartnerAdd
    ) -> ProjectPartner:
        """A new member of the consortium, at most one current lead per side. Past the draft
        it is an amendment (kind partner), which needs a reason."""
        actor = require_user(user)
        project = self.get_inside(actor, project_id)
        self._require_change(actor, project)
        # in a draft a partner is there from the start; later, from the day it is added
        joined = project.start_date if project.status == S.draft.value else date.today()
        row = self._partner_row(project.end_date, data, None, joined_on=data.joined_on or joined)
        partners = PartnerRepository(self.session)
        if row.role == PartnerRole.lead.value and partners.current_lead(project.id, row.side):
            raise ValidationFailed(
                N_("this side already has a lead partner; one leaves first"), field="role"
            )
        amended = project.status != S.draft.value
        if amended and not data.reason.strip():
            raise ValidationFailed(N_("an amendment needs a reason"), field="reason")
        row.project_id = project.id
        row.position = partners.next_position(project.id)
        partners.add(row)
        self.repo.reload_partners(project)
        if amended:
            self.record_amendment(
                actor, project, AmendmentKind.partner, data.reason,
                before={}, after=self._partner_facts(row, joined=True),
            )  # fmt: skip
            self._tell_amended(actor, project, data.reason)
        self._audit(actor, "project.partner_add", project, {"partner": row.name, "role": row.role})
        return row

    def partner_leaves(
        self, user: User | None, project_id: uuid.UUID, partner_id: uuid.UUID, data: LeaveInput
    ) -> ProjectPartner:
        """A partner leaves on a date; its row stays, so the history shows who was in when."""
        actor = require_user(user)
        project = self.get_inside(actor, project_id)
        self._require_change(actor, project)
        row = PartnerRepository(self.session).get(partner_id)
        if row is None or row.project_id != project.id:
            raise NotFound(N_("the requested item was not found"))
        if row.left_on is not None:
            raise Conflict(N_("this partner has already left the project"))
        if row.joined_on and data.left_on < row.joined_on:
            raise ValidationFailed(N_("a partner cannot leave before it joined"), field="left_on")
        if project.status != S.draft.value:
            self.record_amendment(
                actor, project, AmendmentKind.partner, data.reason,
                before=self._partner_facts(row, joined=True),
                after={**self._partner_facts(row, joined=True), "left_on": data.left_on},
            )  # fmt: skip
        if project.status != S.draft.value:
            # told while still a partner: the one who leaves hears of it too
            self._tell_amended(actor, project, data.reason)
        row.left_on = data.left_on
        self.repo.flush()
        self._audit(actor, "project.partner_leave", project, {"partner": row.name})
        return row

    def _partner_row(
        self, end_date: date | None, data: PartnerAdd, where: str | None, joined_on: date | None
    ) -> ProjectPartner:
        """The partner as given, checked (nothing is written here)."""
        prefix = f"{where}." if where else ""
        country = data.country.upper() if data.country else None
        name = (data.name or "").strip()
        if data.organization_id is not None:
            org = OrganizationRepository(self.session).get(data.organization_id)
            if org is None:
                raise ValidationFailed(
                    N_("this organization does not exist"), field=f"{prefix}organization_id"
                )
            name, country = name or org.name, country or org.country
        elif data.expert_id is not None:
            expert = ExpertRepository(self.session).get(data.expert_id)
            if expert is None:
                raise ValidationFailed(N_("this expert does not exist"), field=f"{prefix}expert_id")
            label = expert.display_name + (f" ({expert.affiliation})" if expert.affiliation else "")
            name, country = name or label, country or expert.residence_country
        if len(name) < 2:
            raise ValidationFailed(
                N_("name the partner, or choose an organization or an expert"),
                field=f"{prefix}name",
            )
        if not country:
            raise ValidationFailed(N_("give the partner's country"), field=f"{prefix}country")
        if joined_on and end_date and joined_on > end_date:
            raise ValidationFailed(
                N_("a partner cannot join after the project ends"), field=f"{prefix}joined_on"
            )
        return ProjectPartner(
            name=name[:300],
            side=_side_of(country),
            country=country,
            role=data.role.value,
            organization_id=data.organization_id,
            expert_id=data.expert_id if data.organization_id is None else None,
            contact_name=(data.contact_name or "").strip() or None,
            contact_email=(data.contact_email or "").strip() or None,
            joined_on=joined_on,
        )

    @staticmethod
    def _partner_facts(row: ProjectPartner, joined: bool) -> dict[str, Any]:
        facts: dict[str, Any] = {"partner": row.name, "role": row.role, "country": row.country}
        if joined:
            facts["joined_on"] = row.joined_on
        return facts

    # -- amendments ----------------------------------------------------------------------------
    def amend_end_date(
        self, user: User | None, project_id: uuid.UUID, data: EndDateInput
    ) -> ProjectAmendment:
        """A new end date, with a reason: the duration follows, before and after are kept."""
        actor = require_user(user)
        project = self.get_inside(actor, project_id)
        self._require_change(actor, project)
        if not data.reason.strip():
            raise ValidationFailed(N_("an amendment needs a reason"), field="reason")
        if project.start_date is None:
            raise Conflict(N_("give the project a start date first"), field="start_date")
        if data.end_date < project.start_date:
            raise ValidationFailed(N_("the project cannot end before it starts"), field="end_date")
        months = months_between(project.start_date, data.end_date) or 1
        if months > MAX_DURATION_MONTHS:
            raise ValidationFailed(
                N_("a project runs at most %(months)s months"), field="end_date",
                params={"months": MAX_DURATION_MONTHS},
            )  # fmt: skip
        before = {"end_date": project.end_date, "duration_months": project.duration_months}
        after = {"end_date": data.end_date, "duration_months": months}
        amendment = self.record_amendment(
            actor, project, AmendmentKind.end_date, data.reason, before, after
        )
        project.end_date, project.duration_months = data.end_date, months
        self._dates_moved(project)
        self._tell_amended(actor, project, data.reason)
        return amendment

    def _dates_moved(self, project: Project) -> None:
        """The report calendar follows a new start or end (projects.reports, a part above this
        module, reads it once this change has committed: one waiting job per project)."""
        enqueue(
            self.session, JobKind.projects_dates_moved, {"project_id": str(project.id)},
            dedupe_key=f"{JobKind.projects_dates_moved}:{project.id}",
        )  # fmt: skip

    def amendments(self, user: User | None, project_id: uuid.UUID) -> list[ProjectAmendment]:
        project = self.get_inside(user, project_id)
        return self.repo.amendments(project.id)

    def authors(self, amendments: list[ProjectAmendment]) -> dict[uuid.UUID, User]:
        return self.repo.users_by_ids({a.author_id for a in amendments if a.author_id})

    # -- reading ----------------------------------------------------------------------------
    def browse(
        self, user: User | None, filters: ProjectFilters, params: PageParams
    ) -> Page[Project]:
        """The projects this reader may open (inside, or a public summary), filtered."""
        return self.repo.browse(user, filters, params)

    def is_inside(self, user: User | None, project: Project) -> bool:
        return self.repo.is_inside(project.id, user)

    def consortium_and_staff(self, project: Project) -> list[User]:
        """Who follows a project: the people acting for a current partner and the hub's
        coordinators."""
        people = {u.id: u for u in self.repo.consortium_users(project.id)}
        people |= {u.id: u for u in self.repo.hub_staff(project.hub_id)}
        return list(people.values())

    # -- helpers -----------------------------------------------------------------------------
    def _require(self, actor: User, project: Project, allowed: set[str]) -> set[str]:
        roles = self.roles_of(actor, project)
        if not roles & allowed:
            raise Forbidden(N_("your role does not allow this action on this project"))
        return roles

    def _require_change(self, actor: User, project: Project) -> None:
        self._require(actor, project, {STAFF, LEAD})
        if S(project.status) not in CHANGEABLE:
            raise Conflict(N_("a closed or terminated project can no longer change"))

    def _tell(self, actor: User, project: Project, message: str, **params: str) -> None:
        notifier = Notifier(self.session, self.settings)
        for person in self.consortium_and_staff(project):
            if person.id != actor.id:
                notifier.notify(
                    person, message, {"project": project.title, **params},
                    kind="project", link=f"/projects/{project.id}",
                )  # fmt: skip

    def _tell_amended(self, actor: User, project: Project, reason: str) -> None:
        self._tell(actor, project, msg.PROJECT_AMENDED, reason=reason.strip())

    def record_amendment(
        self,
        actor: User,
        project: Project,
        kind: AmendmentKind,
        reason: str,
        before: dict[str, Any],
        after: dict[str, Any],
    ) -> ProjectAmendment:
        """Version a change to what was agreed (an end date, a budget, a partner): who, when,
        why, before and after. Every part of a project that changes such a thing calls this
        in the same unit of work as the change; a change without a reason is refused."""
        if not reason.strip():
            raise ValidationFailed(N_("an amendment needs a reason"), field="reason")
        amendment = ProjectAmendment(
            project_id=project.id,
            number=self.repo.amendment_count(project.id) + 1,
            kind=kind.value,
            reason=reason.strip(),
            before=_jsonable(before),
            after=_jsonable(after),
            author_id=actor.id,
        )
        self.repo.add_amendment(amendment)
        self._audit(actor, "project.amend", project, {"kind": kind.value, "reason": reason})
        return amendment

    def _audit(self, actor: User, action: str, project: Project, data: dict[str, str]) -> None:
        self.audit(actor.id, action, project.id, **data)
