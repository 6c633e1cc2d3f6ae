"""Invitations through the API: shortlist, invite, accept and decline, and the refused transitions."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.world import Api, World, notes, open_order
from vstid.invitations.models import Invitation
from vstid.notifications.models import EmailOutbox


def test_shortlist_then_invite_then_accept(api: Api, world: World, session: Session) -> None:
    order = open_order(session, world)
    path = f"/orders/{order.slug}/invitations"
    listed = api.post(world.requester, path, {"expert_id": str(world.expert.id), "invite": False})
    assert listed.status_code == 201 and listed.json()["status"] == "shortlisted"
    assert api.get(world.expert_user, "/invitations").json() == []  # the shortlist is private
    again = api.post(world.requester, path, {"expert_id": str(world.expert.id), "invite": False})
    assert again.status_code == 409
    invited = api.post(world.coordinator, path, {"expert_id": str(world.expert.id)})
    assert invited.status_code == 201 and invited.json()["status"] == "invited"
    assert notes(session, world.expert_user.id, "invitation")
    mail = session.scalars(
        select(EmailOutbox).where(EmailOutbox.to_address == world.expert_user.email)
    ).first()
    assert mail is not None and "http://127.0.0.1:8000/" in mail.body  # absolute link
    inv_id = invited.json()["id"]
    assert api.post(world.other_expert_user, f"/invitations/{inv_id}/accept").status_code == 404
    accepted = api.post(world.expert_user, f"/invitations/{inv_id}/accept")
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    assert api.post(world.expert_user, f"/invitations/{inv_id}/decline").status_code == 409
    assert notes(session, world.requester.id, "invitation.accepted")


def test_decline_and_invalid_invitations(api: Api, world: World, session: Session) -> None:
    order = open_order(session, world)
    path = f"/orders/{order.slug}/invitations"
    inv = api.post(world.requester, path, {"expert_id": str(world.expert.id)}).json()
    assert api.post(world.requester, path, {"expert_id": str(world.expert.id)}).status_code == 409
    assert (
        api.post(world.expert_user, f"/invitations/{inv['id']}/decline").json()["status"]
        == "declined"
    )
    assert api.post(world.expert_user, f"/invitations/{inv['id']}/accept").status_code == 409
    # Experts and outsiders cannot invite; drafts take no invitations.
    assert (
        api.post(world.expert_user, path, {"expert_id": str(world.other_expert.id)}).status_code
        == 403
    )
    assert (
        api.post(world.outsider, path, {"expert_id": str(world.other_expert.id)}).status_code == 403
    )
    draft = open_order(session, world, status="draft")
    response = api.post(
        world.requester, f"/orders/{draft.slug}/invitations", {"expert_id": str(world.expert.id)}
    )
    assert response.status_code == 409


def test_answering_an_invitation_to_a_closed_order_is_409(
    api: Api, world: World, session: Session
) -> None:
    order = open_order(session, world, status="awarded")
    invitation = Invitation(order_id=order.id, expert_id=world.expert.id, status="invited")
    session.add(invitation)
    session.commit()
    response = api.post(world.expert_user, f"/invitations/{invitation.id}/accept")
    assert response.status_code == 409 and "no longer open" in response.json()["message"]
