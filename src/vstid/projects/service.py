"""Projects: opened from an accepted proposal, seen only by its two sides and the hub's staff.
Never commits."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from vstid.accounts.models import Role, User
from vstid.accounts.permissions import require_user
from vstid.audit.service import Auditor
from vstid.core.errors import NotFound, ValidationFailed
from vstid.core.i18n import N_
from vstid.core.pagination import Page, PageParams
from vstid.core.settings import Settings
from vstid.experts.models import ExpertProfile
from vstid.experts.repository import ExpertRepository
from vstid.notifications import messages as msg
from vstid.orders.models import Confidentiality, Order
from vstid.orders.service import OrderWorkflow
from vstid.organizations.repository import OrganizationRepository
from vstid.projects.funding.models import FiscalConvention, FundingKind, FundingLine
from vstid.projects.funding.repository import FundingLineRepository
from vstid.projects.models import (
    AmendmentKind,
    PartnerRole,
    PartnerSide,
    Project,
    ProjectAmendment,
    ProjectMilestone,
    ProjectOrigin,
    ProjectPartner,
    ProjectStatus,
)
from vstid.projects.plan.opening import opening_plan
from vstid.projects.plan.repository import WorkPackageRepository
from vstid.projects.repository import MilestoneRepository, ProjectRepository
from vstid.projects.schemas import ProjectInput
from vstid.projects.states import LEAD, MEMBER, MILESTONE_STATES, STAFF
from vstid.proposals.models import Proposal
from vstid.proposals.service import ProposalService

__all__ = ["ProjectService", "months_between"]


def _jsonable(values: dict[str, Any]) -> dict[str, Any]:
    """Dates, Decimals and ids as the strings the amendment's JSON keeps."""
    return {
        k: v if v is None or isinstance(v, (bool, int, str)) else str(v) for k, v in values.items()
    }


def months_between(start: date | None, end: date | None) -> int | None:
    """Whole months from the start to the end, a started month counting as one."""
    if start is None or end is None:
        return None
    months = (end.year - start.year) * 12 + end.month - start.month
    return months + (1 if end.day >= start.day else 0) or 1


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
            opening_plan(project.id, project.duration_months, project.end_date, data.milestones)
        )
        self._audit(actor, "project.open", project, {"order_id": str(order.id)})
        return project

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

    def complete_milestone(
        self, user: User | None, project_id: uuid.UUID, milestone_id: uuid.UUID
    ) -> ProjectMilestone:
        actor = require_user(user)
        project = self.get_inside(actor, project_id)
        milestone = MilestoneRepository(self.session).get(milestone_id)
        if milestone is None or milestone.project_id != project.id:
            raise NotFound(N_("milestone not found"))
        roles = self.roles_of(actor, project)
        milestone.status = MILESTONE_STATES.check("complete", milestone.status, roles).target
        self._audit(actor, "project.milestone_done", project, {"milestone": milestone.title})
        return milestone

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
