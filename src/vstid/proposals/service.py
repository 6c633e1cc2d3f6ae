"""Proposals: the expert sends and withdraws; the requester side moves them through the review
stages, comments internally and accepts one (the projects service then opens the project).
Never commits."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from vstid.accounts.models import User
from vstid.accounts.permissions import require_user
from vstid.audit.service import Auditor
from vstid.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from vstid.core.i18n import N_
from vstid.core.settings import Settings
from vstid.experts.models import ExpertProfile
from vstid.experts.repository import ExpertRepository
from vstid.invitations.models import Invitation
from vstid.invitations.repository import InvitationRepository
from vstid.invitations.service import expert_of
from vstid.notifications import messages as msg
from vstid.orders.models import Order, OrderStatus
from vstid.orders.service import OrderQueries, OrderWorkflow
from vstid.proposals.models import ACTIVE_STAGES, Proposal, ProposalComment, ProposalStatus
from vstid.proposals.repository import CommentRepository, ProposalRepository
from vstid.proposals.schemas import ProposalInput
from vstid.proposals.states import EXPERT, PROPOSAL_STATES, REVIEWERS

__all__ = ["EXPERT", "CommentEntry", "ExpertSide", "ProposalAccess", "ProposalService"]

P = ProposalStatus


@dataclass
class ProposalAccess:
    proposal: Proposal
    order: Order
    expert: ExpertProfile
    roles: set[str] = field(default_factory=set)

    @property
    def is_reviewer(self) -> bool:
        return bool(self.roles & REVIEWERS)


@dataclass(frozen=True)
class CommentEntry:
    """An internal comment with who wrote it: reviewers weigh a note by its author."""

    comment: ProposalComment
    author: User


@dataclass(frozen=True)
class ExpertSide:
    """What an order page shows an expert: their invitation and their own proposal."""

    expert: ExpertProfile | None = None
    invitation: Invitation | None = None
    my_proposal: Proposal | None = None


class ProposalService:
    def __init__(self, session: Session, settings: Settings) -> None:
        self.session = session
        self.settings = settings
        self.workflow = OrderWorkflow(session, settings)
        self.repo = ProposalRepository(session)
        self.comments = CommentRepository(session)
        self.experts = ExpertRepository(session)
        self.audit = Auditor(session, "proposal")

    # -- expert side -------------------------------------------------------------------------
    def submit(self, user: User | None, order: Order, data: ProposalInput) -> Proposal:
        expert = expert_of(self.session, user)
        if self.workflow.roles_of(user, order):
            raise Forbidden(N_("the requester side cannot send a proposal to its own order"))
        if order.status != OrderStatus.open.value:
            raise Conflict(N_("proposals are taken only while the order is open"))
        row = self.repo.find(order.id, expert.id)
        if row is not None:
            PROPOSAL_STATES.check("resubmit", row.status, {EXPERT})
        row = row or self.repo.add(Proposal(order_id=order.id, expert_id=expert.id, approach=""))
        for key, value in data.model_dump().items():
            setattr(row, key, getattr(value, "value", value))
        self._apply(require_user(user), row, P.submitted.value, "proposal.submit")
        self._tell_requesters(order, msg.PROPOSAL_RECEIVED, expert, "proposal.received")
        return row

    def withdraw(self, user: User | None, proposal_id: uuid.UUID) -> Proposal:
        access = self.access(user, proposal_id)
        if EXPERT not in access.roles:
            raise Forbidden(N_("only the expert who sent a proposal can withdraw it"))
        self._transition(user, access, "withdraw")
        self._tell_requesters(
            access.order, msg.PROPOSAL_WITHDRAWN, access.expert, "proposal.withdrawn"
        )
        return access.proposal

    def resend(self, user: User | None, proposal_id: uuid.UUID) -> Proposal:
        """Undoes a withdrawal: the proposal goes back to the requester as it was sent."""
        access = self.access(user, proposal_id)
        if EXPERT not in access.roles:
            raise Forbidden(N_("only the expert who sent a proposal can send it again"))
        if access.order.status != OrderStatus.open.value:
            raise Conflict(N_("proposals are taken only while the order is open"))
        PROPOSAL_STATES.check("resubmit", access.proposal.status, access.roles)
        self._apply(require_user(user), access.proposal, P.submitted.value, "proposal.resubmit")
        self._tell_requesters(
            access.order, msg.PROPOSAL_RECEIVED, access.expert, "proposal.received"
        )
        return access.proposal

    def mine(self, user: User | None) -> list[tuple[Proposal, Order]]:
        expert = expert_of(self.session, user)
        rows = []
        for proposal in self.repo.for_expert(expert.id):
            try:
                rows.append(
                    (
                        proposal,
                        OrderQueries(self.session).get_visible_by_id(proposal.order_id, user),
                    )
                )
            except NotFound:
                continue
        return rows

    def expert_side(self, user: User | None, order: Order) -> ExpertSide:
        expert = self.experts.by_user(user.id) if user else None
        if expert is None:
            return ExpertSide()
        invitation = InvitationRepository(self.session).find(order.id, expert.id)
        return ExpertSide(expert, invitation, self.repo.find(order.id, expert.id))

    # -- requester side ----------------------------------------------------------------------
    def count_for_order(self, user: User | None, order: Order) -> int:
        """How many proposals the order has, told to its requester side only."""
        return len(self.repo.for_order(order.id)) if self.workflow.roles_of(user, order) else 0

    def comments_by_proposal(
        self, user: User | None, order: Order
    ) -> dict[uuid.UUID, list[CommentEntry]]:
        """The internal comments on each of the order's proposals, with their authors, for
        its reviewers."""
        return {
            p.id: [CommentEntry(c, a) for c, a in self.comments.with_authors(p.id)]
            for p, _e in self.for_order(user, order)
        }

    def for_order(self, user: User | None, order: Order) -> list[tuple[Proposal, ExpertProfile]]:
        self.workflow.require(user, order, REVIEWERS)
        rows = self.repo.for_order(order.id)
        return [(p, self.experts.get_or_404(p.expert_id, "expert")) for p in rows]

    def move(self, user: User | None, proposal_id: uuid.UUID, stage: ProposalStatus) -> Proposal:
        access = self._reviewable(user, proposal_id)
        if stage not in ACTIVE_STAGES[1:]:
            raise ValidationFailed(N_("stage must be screen, assess or finalist"), field="stage")
        self._require_active(access.proposal)
        return self._transition(user, access, stage.value)

    def decline(self, user: User | None, proposal_id: uuid.UUID) -> Proposal:
        """The requester side turns one proposal down; the expert is thanked politely."""
        access = self._reviewable(user, proposal_id)
        self._transition(user, access, "decline")
        self._tell_expert(access.expert, access.order, msg.PROPOSAL_NOT_CHOSEN, "/proposals/mine")
        return access.proposal

    def comment(self, user: User | None, proposal_id: uuid.UUID, body: str) -> ProposalComment:
        access = self._reviewable(user, proposal_id, need_open=False)
        actor = require_user(user)
        if not body.strip():
            raise ValidationFailed(N_("write a comment first"), field="body")
        row = self.comments.add(
            ProposalComment(proposal_id=access.proposal.id, author_id=actor.id, body=body.strip())
        )
        self._log(actor, "proposal.comment", access.proposal)
        return row

    def comments_of(self, user: User | None, proposal_id: uuid.UUID) -> list[CommentEntry]:
        access = self._reviewable(user, proposal_id, need_open=False)
        return [CommentEntry(c, a) for c, a in self.comments.with_authors(access.proposal.id)]

    def accept(self, user: User | None, proposal_id: uuid.UUID) -> ProposalAccess:
        """Marks the finalist accepted, awards the order and thanks the other proposers. The
        project is opened by ProjectService.open_from_proposal, which calls this first."""
        access = self._reviewable(user, proposal_id)
        actor, proposal, order = require_user(user), access.proposal, access.order
        self._transition(actor, access, "accept")
        self.workflow.transition(actor, order, "award")
        self._decline_others(actor, order, proposal)
        return access

    def tell_order_cancelled(self, order_id: uuid.UUID) -> None:
        """Experts invited to or proposing for a withdrawn order are thanked for their time."""
        order = self.workflow.repo.get(order_id)
        if order is None:
            return
        for account in self.repo.engaged_expert_accounts(order.id):
            self.workflow.tell(
                account, msg.ORDER_CANCELLED, order, "order.cancelled", "/proposals/mine"
            )

    def tell_accepted(self, access: ProposalAccess, link: str) -> None:
        self._tell_expert(access.expert, access.order, msg.PROPOSAL_ACCEPTED, link)

    # -- access ------------------------------------------------------------------------------
    def access(self, user: User | None, proposal_id: uuid.UUID) -> ProposalAccess:
        """A proposal exists for its expert and the order's requester side only (else 404)."""
        proposal = self.repo.visible(proposal_id, user)
        if proposal is None or user is None:
            raise NotFound(N_("proposal not found"))
        order = OrderQueries(self.session).get_visible_by_id(proposal.order_id, user)
        expert = self.experts.get_or_404(proposal.expert_id, "expert")
        roles = self.workflow.roles_of(user, order) | (
            {EXPERT} if expert.user_id == user.id else set()
        )
        if not roles:
            raise NotFound(N_("proposal not found"))
        return ProposalAccess(proposal, order, expert, roles)

    def _reviewable(
        self, user: User | None, proposal_id: uuid.UUID, need_open: bool = True
    ) -> ProposalAccess:
        access = self.access(user, proposal_id)
        if not access.is_reviewer:
            raise Forbidden(N_("only the requester side can review proposals"))
        if need_open and access.order.status != OrderStatus.open.value:
            raise Conflict(N_("the order is no longer open; its proposals can no longer change"))
        return access

    def _require_active(self, proposal: Proposal) -> None:
        if proposal.status not in {s.value for s in ACTIVE_STAGES}:
            raise Conflict(N_("this proposal is no longer under review"))

    def _decline_others(self, actor: User, order: Order, chosen: Proposal) -> None:
        for other in self.repo.for_order(order.id):
            if other.id == chosen.id or other.status not in {s.value for s in ACTIVE_STAGES}:
                continue
            self._apply(actor, other, P.declined.value, "proposal.decline")
            expert = self.experts.get_or_404(other.expert_id, "expert")
            self._tell_expert(expert, order, msg.PROPOSAL_NOT_CHOSEN, "/proposals/mine")

    def _tell_expert(self, expert: ExpertProfile, order: Order, message: str, link: str) -> None:
        account = self.workflow.recipients.user(expert.user_id)
        params = {"order": order.title}
        if account is not None:
            self.workflow.notifier.notify(account, message, params, kind="proposal", link=link)
        elif expert.email:
            self.workflow.notifier.email(expert.email, "en", message, params)

    def _tell_requesters(
        self, order: Order, message: str, expert: ExpertProfile, kind: str
    ) -> None:
        link = f"/orders/{order.slug}/proposals"
        for requester in self.workflow.requesters(order):
            self.workflow.tell(requester, message, order, kind, link, expert=expert.display_name)

    def _transition(self, user: User | None, access: ProposalAccess, action: str) -> Proposal:
        """Checks the lifecycle table for this user's roles, then applies and audits."""
        target = PROPOSAL_STATES.check(action, access.proposal.status, access.roles).target
        # the audit log keeps one verb for every move through the review stages
        verb = "proposal.stage" if P(target) in ACTIVE_STAGES else f"proposal.{action}"
        return self._apply(require_user(user), access.proposal, target.value, verb)

    def _apply(self, actor: User, proposal: Proposal, status: str, action: str) -> Proposal:
        previous, proposal.status = proposal.status, status
        self._log(actor, action, proposal, previous)
        return proposal

    def _log(
        self, actor: User, action: str, proposal: Proposal, previous: str | None = None
    ) -> None:
        extra = {"from": previous} if previous and previous != proposal.status else {}
        self.audit(
            actor.id,
            action,
            proposal.id,
            order_id=str(proposal.order_id),
            status=proposal.status,
            **extra,
        )
