from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import select

from vstid.accounts.models import User
from vstid.core.repository import Repository
from vstid.experts.models import ExpertProfile
from vstid.invitations.models import Invitation
from vstid.proposals.models import ACTIVE_STAGES, Proposal, ProposalComment, ProposalStatus
from vstid.proposals.permissions import restrict_proposals

__all__ = ["CommentRepository", "ProposalRepository"]


class ProposalRepository(Repository[Proposal]):
    model = Proposal

    def visible(self, proposal_id: uuid.UUID, user: User | None) -> Proposal | None:
        stmt = restrict_proposals(select(Proposal).where(Proposal.id == proposal_id), user)
        return self.session.scalars(stmt).first()

    def find(self, order_id: uuid.UUID, expert_id: uuid.UUID) -> Proposal | None:
        return self.get_by(order_id=order_id, expert_id=expert_id)

    def for_order(self, order_id: uuid.UUID) -> list[Proposal]:
        stmt = select(Proposal).where(Proposal.order_id == order_id)
        return list(self.list(stmt.order_by(Proposal.created_at, Proposal.id)))

    def for_expert(self, expert_id: uuid.UUID) -> list[Proposal]:
        stmt = select(Proposal).where(Proposal.expert_id == expert_id)
        return list(self.list(stmt.order_by(Proposal.created_at.desc())))

    def order_ids_of(self, expert_id: uuid.UUID) -> set[uuid.UUID]:
        stmt = select(Proposal.order_id).where(Proposal.expert_id == expert_id)
        return set(self.session.scalars(stmt).all())

    def waiting_since(self, before: datetime) -> list[Proposal]:
        stmt = select(Proposal).where(
            Proposal.status == ProposalStatus.submitted.value, Proposal.created_at < before
        )
        return list(self.list(stmt))

    def engaged_expert_accounts(self, order_id: uuid.UUID) -> list[User]:
        """Expert accounts invited to the order or with a proposal still under review."""
        invited = select(Invitation.expert_id).where(
            Invitation.order_id == order_id,
            Invitation.status.in_(["invited", "accepted"]),
        )
        proposing = select(Proposal.expert_id).where(
            Proposal.order_id == order_id,
            Proposal.status.in_([s.value for s in ACTIVE_STAGES]),
        )
        stmt = (
            select(User)
            .join(ExpertProfile, ExpertProfile.user_id == User.id)
            .where(ExpertProfile.id.in_(invited.union(proposing).scalar_subquery()))
        )
        return list(self.session.scalars(stmt.order_by(User.email)).all())


class CommentRepository(Repository[ProposalComment]):
    model = ProposalComment

    def with_authors(self, proposal_id: uuid.UUID) -> list[tuple[ProposalComment, User]]:
        stmt = (
            select(ProposalComment, User)
            .join(User, User.id == ProposalComment.author_id)
            .where(ProposalComment.proposal_id == proposal_id)
            .order_by(ProposalComment.created_at, ProposalComment.id)
        )
        return [(c, u) for c, u in self.session.execute(stmt).all()]
