"""Projects: opened from an accepted proposal, seen only by its two sides and the hub's staff.
Never commits."""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from vstid.accounts.models import User
from vstid.accounts.permissions import require_user
from vstid.audit.service import Auditor
from vstid.core.errors import NotFound
from vstid.core.i18n import N_
from vstid.core.pagination import Page, PageParams
from vstid.core.settings import Settings
from vstid.experts.models import ExpertProfile
from vstid.experts.repository import ExpertRepository
from vstid.notifications import messages as msg
from vstid.orders.models import Order
from vstid.orders.service import OWNER, STAFF, OrderWorkflow
from vstid.organizations.repository import OrganizationRepository
from vstid.projects.models import (
    PartnerSide,
    Project,
    ProjectFunding,
    ProjectMilestone,
    ProjectPartner,
)
from vstid.projects.repository import MilestoneRepository, ProjectRepository
from vstid.projects.schemas import ProjectInput
from vstid.projects.states import MILESTONE_STATES
from vstid.proposals.models import Proposal
from vstid.proposals.service import ProposalService

__all__ = ["ProjectService"]


def _milestones(data: ProjectInput) -> list[ProjectMilestone]:
    return [
        ProjectMilestone(title=m.title, due_date=m.due_date, deliverable=m.deliverable)
        for m in data.milestones
    ]


def _funding(data: ProjectInput) -> list[ProjectFunding]:
    return [
        ProjectFunding(
            source=f.source,
            amount=f.amount,
            currency=f.currency.value,
            share_percent=f.share_percent,
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
            hub_id=order.hub_id,
            title=(data.title or "").strip() or order.title,
            start_date=data.start_date,
            end_date=data.end_date,
        )
        project.partners = self._partners(order, expert, data)
        project.milestones = _milestones(data)
        project.funding = _funding(data)
        self.repo.add(project)
        self._audit(actor, "project.open", project, {"order_id": str(order.id)})
        return project

    def get_visible(self, user: User | None, project_id: uuid.UUID) -> Project:
        project = self.repo.visible(project_id, user)
        if project is None:
            raise NotFound(N_("project not found"))
        return project

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
        project = self.get_visible(user, project_id)
        order = self.workflow.repo.get_or_404(project.order_id, "order")
        actor = self.workflow.require(user, order, frozenset({OWNER, STAFF}))
        milestone = MilestoneRepository(self.session).get(milestone_id)
        if milestone is None or milestone.project_id != project.id:
            raise NotFound(N_("milestone not found"))
        roles = self.workflow.roles_of(actor, order)
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
                country=org.country,
                organization_id=org.id,
                share_percent=data.requester_share_percent,
            ),
            ProjectPartner(
                name=expert.display_name
                + (f" ({expert.affiliation})" if expert.affiliation else ""),
                side=PartnerSide.abroad.value,
                country=expert.residence_country,
                expert_id=expert.id,
                share_percent=data.expert_share_percent,
            ),
        ]
        rows += [
            ProjectPartner(
                name=p.name, side=p.side.value, country=p.country, share_percent=p.share_percent
            )
            for p in data.partners
        ]
        for i, row in enumerate(rows):
            row.position = i
        return rows

    def _audit(self, actor: User, action: str, project: Project, data: dict[str, str]) -> None:
        self.audit(actor.id, action, project.id, **data)
