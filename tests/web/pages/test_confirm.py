"""Defect 8: destructive buttons asked nothing. Without JavaScript, the button's POST answers
with a page that says what will happen (nothing changes yet); the same POST with confirmed=1
does it. A withdrawn proposal can be sent again from the flash that reports the withdrawal."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.web.helpers import login, post_form
from tests.world import World, notes, open_order
from vstid.audit.models import AuditEntry
from vstid.core.models import utcnow
from vstid.invitations.models import Invitation
from vstid.orders.models import Order
from vstid.proposals.models import Proposal


def _proposal(session: Session, world: World, order: Order, status: str = "submitted") -> Proposal:
    proposal = Proposal(
        order_id=order.id, expert_id=world.expert.id, approach="x" * 30, status=status
    )
    session.add(proposal)
    session.commit()
    return proposal


def _asks(response: object, *, says: str) -> None:
    text = response.text  # type: ignore[attr-defined]
    assert response.status_code == 200, text[:500]  # type: ignore[attr-defined]
    assert 'data-testid="confirm-page"' in text and 'name="confirmed" value="1"' in text
    assert says in text


def test_cancel_asks_first_then_cancels(client: TestClient, world: World, session: Session) -> None:
    order = open_order(session, world, status="open")
    login(client, world.requester.email)
    path = f"/orders/{order.slug}/do/cancel"
    _asks(post_form(client, path, {}), says="không thể mở lại")
    session.refresh(order)
    assert order.status == "open"  # asking changed nothing
    done = post_form(client, path, {"confirmed": "1"})
    assert done.status_code == 303
    session.refresh(order)
    assert order.status == "cancelled"


def test_closing_an_awarded_order_asks_first_then_closes(
    client: TestClient, world: World, session: Session
) -> None:
    order = open_order(session, world, status="awarded")
    login(client, world.requester.email)
    path = f"/orders/{order.slug}/do/close"
    _asks(post_form(client, path, {}), says="không thể mở lại")
    session.refresh(order)
    assert order.status == "awarded"  # asking changed nothing
    assert post_form(client, path, {"confirmed": "1"}).status_code == 303
    session.refresh(order)
    assert order.status == "closed"


def test_a_cancel_the_state_refuses_is_refused_not_asked(
    client: TestClient, world: World, session: Session
) -> None:
    order = open_order(session, world, status="closed")
    login(client, world.requester.email)
    assert post_form(client, f"/orders/{order.slug}/do/cancel", {}).status_code == 409


def test_withdraw_asks_first_and_the_flash_offers_to_send_it_again(
    client: TestClient, world: World, session: Session
) -> None:
    order = open_order(session, world, status="open")
    proposal = _proposal(session, world, order)
    login(client, world.expert_user.email)
    path = f"/proposals/{proposal.id}/withdraw"
    _asks(post_form(client, path, {}), says=order.title)
    session.refresh(proposal)
    assert proposal.status == "submitted"
    assert post_form(client, path, {"confirmed": "1"}).status_code == 303
    session.refresh(proposal)
    assert proposal.status == "withdrawn"
    mine = client.get("/proposals/mine").text
    flash = mine.split('class="flash info"', 1)[1].split("</div>", 1)[0]
    assert f'action="/proposals/{proposal.id}/resend"' in flash and "Gửi lại" in flash
    assert post_form(client, f"/proposals/{proposal.id}/resend", {}).status_code == 303
    session.refresh(proposal)
    assert proposal.status == "submitted"
    again = post_form(client, f"/proposals/{proposal.id}/resend", {})
    assert again.status_code == 409  # only a withdrawn proposal is sent again


def test_requester_decline_asks_first_and_says_it_is_final(
    client: TestClient, world: World, session: Session
) -> None:
    order = open_order(session, world, status="open")
    proposal = _proposal(session, world, order, status="screen")
    login(client, world.requester.email)
    path = f"/proposals/{proposal.id}/decline"
    _asks(post_form(client, path, {}), says="Không thể hoàn tác: đề xuất đã bị từ chối")
    session.refresh(proposal)
    assert proposal.status == "screen"
    assert post_form(client, path, {"confirmed": "1"}).status_code == 303
    session.refresh(proposal)
    assert proposal.status == "declined"


def test_expert_decline_asks_first_and_says_it_cannot_be_undone(
    client: TestClient, world: World, session: Session
) -> None:
    order = open_order(session, world, status="open")
    invitation = Invitation(
        order_id=order.id, expert_id=world.expert.id, status="invited", invited_at=utcnow()
    )
    session.add(invitation)
    session.commit()
    login(client, world.expert_user.email)
    listed = client.get("/invitations").text
    assert re.search(r'action="/invitations/[^"]+/decline" class="inline" data-confirm="', listed)
    path = f"/invitations/{invitation.id}/decline"
    _asks(post_form(client, path, {}), says="không thể nhận lại")
    session.refresh(invitation)
    assert invitation.status == "invited"
    assert post_form(client, path, {"confirmed": "1"}).status_code == 303
    session.refresh(invitation)
    assert invitation.status == "declined"


def test_sending_again_is_audited_told_and_only_the_experts(
    client: TestClient, world: World, session: Session
) -> None:
    order = open_order(session, world, status="open")
    proposal = _proposal(session, world, order, status="withdrawn")
    login(client, world.other_expert_user.email)
    assert post_form(client, f"/proposals/{proposal.id}/resend", {}).status_code == 404
    login(client, world.expert_user.email)
    assert 'data-testid="proposal-resend"' in client.get("/proposals/mine").text
    assert post_form(client, f"/proposals/{proposal.id}/resend", {}).status_code == 303
    audited = select(AuditEntry.action).where(AuditEntry.action == "proposal.resubmit")
    assert session.scalars(audited).all() == ["proposal.resubmit"]
    assert notes(session, world.requester.id, "proposal.received")
