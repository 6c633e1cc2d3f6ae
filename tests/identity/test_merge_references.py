"""A merge carries the merged profile's invitations, proposals and declared conflicts over
to the survivor, and undo carries them back; a clash is refused, not silently dropped."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from tests.builders import make_expert, make_hub, make_order, make_org
from vstid.core.errors import Conflict
from vstid.identity.service import IdentityService
from vstid.invitations.models import Invitation
from vstid.matching.models import ConflictDeclaration
from vstid.proposals.models import Proposal


def test_references_follow_the_merge_and_its_undo(session: Session) -> None:
    hub = make_hub(session)
    org = make_org(session, hub)
    order = make_order(session, hub, org)
    survivor = make_expert(session, hub, display_name="Nguyễn Văn An")
    merged = make_expert(session, hub, display_name="An Nguyen")
    invitation = Invitation(order_id=order.id, expert_id=merged.id)
    proposal = Proposal(order_id=order.id, expert_id=merged.id, approach="Thiết kế ADC")
    conflict = ConflictDeclaration(expert_id=merged.id, organization_id=org.id)
    session.add_all([invitation, proposal, conflict])
    session.flush()

    service = IdentityService(session)
    record = service.merge(survivor.id, merged.id, actor_id=None)
    session.expire_all()
    assert {invitation.expert_id, proposal.expert_id, conflict.expert_id} == {survivor.id}

    restored = service.undo(record.id, actor_id=None)
    session.expire_all()
    assert restored.id == merged.id
    assert {invitation.expert_id, proposal.expert_id, conflict.expert_id} == {merged.id}


def test_merge_refuses_when_both_profiles_answered_the_same_order(session: Session) -> None:
    hub = make_hub(session)
    order = make_order(session, hub, make_org(session, hub))
    a = make_expert(session, hub, display_name="Trần Bình")
    b = make_expert(session, hub, display_name="Binh Tran")
    session.add_all([Proposal(order_id=order.id, expert_id=e.id, approach="x") for e in (a, b)])
    session.flush()
    with pytest.raises(Conflict, match="proposals"):
        IdentityService(session).merge(a.id, b.id, actor_id=None)
