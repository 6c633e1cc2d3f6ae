from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import select

from vstid.accounts.models import User
from vstid.core.repository import Repository
from vstid.experts.models import ExpertProfile
from vstid.experts.permissions import restrict_experts
from vstid.invitations.models import Invitation, InvitationStatus

__all__ = ["InvitationRepository"]


class InvitationRepository(Repository[Invitation]):
    model = Invitation

    def find(self, order_id: uuid.UUID, expert_id: uuid.UUID) -> Invitation | None:
        return self.get_by(order_id=order_id, expert_id=expert_id)

    def for_order(self, order_id: uuid.UUID) -> list[Invitation]:
        stmt = select(Invitation).where(Invitation.order_id == order_id)
        return list(self.list(stmt.order_by(Invitation.score.desc(), Invitation.created_at)))

    def for_expert(self, expert_id: uuid.UUID, *, shortlisted: bool = False) -> list[Invitation]:
        stmt = select(Invitation).where(Invitation.expert_id == expert_id)
        if not shortlisted:
            # Being on a shortlist is the requester's private note, not news for the expert.
            stmt = stmt.where(Invitation.status != InvitationStatus.shortlisted.value)
        return list(self.list(stmt.order_by(Invitation.created_at.desc())))

    def waiting_since(self, before: datetime) -> list[Invitation]:
        stmt = select(Invitation).where(
            Invitation.status == InvitationStatus.invited.value, Invitation.invited_at < before
        )
        return list(self.list(stmt))

    def experts_by_ids(
        self, ids: set[uuid.UUID], viewer: User | None = None, *, scoped: bool = False
    ) -> dict[uuid.UUID, ExpertProfile]:
        """With `scoped`, only profiles the viewer may see (a hidden profile stays hidden)."""
        if not ids:
            return {}
        stmt = select(ExpertProfile).where(ExpertProfile.id.in_(ids))
        if scoped:
            stmt = restrict_experts(stmt, viewer)
        return {e.id: e for e in self.session.scalars(stmt).all()}
