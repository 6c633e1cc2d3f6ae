"""Invitations, proposals, accepting one (-> project), threads, notifications: every transition
through the API and the invalid ones."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.workflow.conftest import Api, World, open_order, project_body, proposal_body
from vstid.core.db import Database
from vstid.core.settings import Settings
from vstid.invitations.models import Invitation
from vstid.jobs.worker import run_pending
from vstid.notifications.models import EmailOutbox, Notification
from vstid.orders.models import Order


def _notes(session: Session, user_id: object, kind: str) -> list[Notification]:
    stmt = select(Notification).where(Notification.user_id == user_id, Notification.kind == kind)
    return list(session.scalars(stmt))


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
    assert _notes(session, world.expert_user.id, "invitation")
    mail = session.scalars(
        select(EmailOutbox).where(EmailOutbox.to_address == world.expert_user.email)
    ).first()
    assert mail is not None and "http://127.0.0.1:8000/" in mail.body  # absolute link
    inv_id = invited.json()["id"]
    assert api.post(world.other_expert_user, f"/invitations/{inv_id}/accept").status_code == 404
    accepted = api.post(world.expert_user, f"/invitations/{inv_id}/accept")
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    assert api.post(world.expert_user, f"/invitations/{inv_id}/decline").status_code == 409
    assert _notes(session, world.requester.id, "invitation.accepted")


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


def _propose(api: Api, w: World, order: Order, user: object = None) -> dict:
    response = api.post(user or w.expert_user, f"/orders/{order.slug}/proposals", proposal_body())
    assert response.status_code == 201, response.text
    return response.json()


def test_proposal_send_withdraw_and_resend(api: Api, world: World, session: Session) -> None:
    order = open_order(session, world)
    proposal = _propose(api, world, order)
    assert proposal["status"] == "submitted" and proposal["trl"] == 4
    assert _notes(session, world.requester.id, "proposal.received")
    assert (
        api.post(world.expert_user, f"/orders/{order.slug}/proposals", proposal_body()).status_code
        == 409
    )
    assert api.post(world.requester, f"/proposals/{proposal['id']}/withdraw").status_code == 403
    withdrawn = api.post(world.expert_user, f"/proposals/{proposal['id']}/withdraw")
    assert withdrawn.json()["status"] == "withdrawn"
    assert api.post(world.expert_user, f"/proposals/{proposal['id']}/withdraw").status_code == 409
    assert _propose(api, world, order)["status"] == "submitted"  # a withdrawn one can be re-sent


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"trl": 10}, "trl"),
        ({"trl": 0}, "trl"),
        ({"approach": "short"}, "approach"),
        ({"currency": "EUR"}, "currency"),
    ],
)
def test_invalid_proposal_is_422(
    api: Api, world: World, session: Session, overrides: dict, field: str
) -> None:
    order = open_order(session, world)
    response = api.post(
        world.expert_user, f"/orders/{order.slug}/proposals", proposal_body(**overrides)
    )
    assert response.status_code == 422 and response.json()["field"] == field


def test_proposals_only_to_open_orders_and_not_by_requesters(
    api: Api, world: World, session: Session
) -> None:
    awarded = open_order(session, world, status="awarded")
    assert (
        api.post(
            world.expert_user, f"/orders/{awarded.slug}/proposals", proposal_body()
        ).status_code
        == 409
    )
    order = open_order(session, world)
    assert (
        api.post(world.requester, f"/orders/{order.slug}/proposals", proposal_body()).status_code
        == 403
    )


def test_stages_forward_only_then_accept_opens_project(
    api: Api, world: World, session: Session
) -> None:
    order = open_order(session, world)
    chosen = _propose(api, world, order)
    other = _propose(api, world, order, world.other_expert_user)
    stage = f"/proposals/{chosen['id']}/stage"
    early = api.post(world.requester, f"/proposals/{chosen['id']}/accept", project_body())
    assert early.status_code == 409 and "finalist" in early.json()["message"]
    assert api.post(world.expert_user, stage, {"stage": "screen"}).status_code == 403
    for step in ("screen", "assess", "finalist"):
        assert api.post(world.requester, stage, {"stage": step}).json()["status"] == step
    assert api.post(world.requester, stage, {"stage": "screen"}).status_code == 409
    assert api.post(world.requester, stage, {"stage": "accepted"}).status_code == 422
    comment = api.post(
        world.requester, f"/proposals/{chosen['id']}/comments", {"body": "Strong team."}
    )
    assert comment.status_code == 201
    assert api.get(world.expert_user, f"/proposals/{chosen['id']}/comments").status_code == 403
    project = api.post(world.requester, f"/proposals/{chosen['id']}/accept", project_body())
    assert project.status_code == 201, project.text
    body = project.json()
    assert [p["side"] for p in body["partners"]] == ["vietnam", "abroad"]
    assert len(body["milestones"]) == 1 and len(body["funding"]) == 2
    assert api.get(world.requester, f"/orders/{order.slug}").json()["status"] == "awarded"
    assert api.get(world.expert_user, f"/proposals/{chosen['id']}").json()["status"] == "accepted"
    assert (
        api.get(world.other_expert_user, f"/proposals/{other['id']}").json()["status"] == "declined"
    )
    assert _notes(session, world.other_expert_user.id, "proposal")
    assert api.get(world.expert_user, f"/projects/{body['id']}").status_code == 200
    assert api.get(world.other_expert_user, f"/projects/{body['id']}").status_code == 404
    assert (
        api.post(world.requester, f"/proposals/{other['id']}/accept", project_body()).status_code
        == 409
    )


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"milestones": []}, "milestones"),
        ({"requester_share_percent": "80", "expert_share_percent": "40"}, "partners"),
        ({"end_date": "2000-01-01"}, "end_date"),
    ],
)
def test_invalid_project_is_422(
    api: Api, world: World, session: Session, overrides: dict, message: str
) -> None:
    order = open_order(session, world)
    proposal = _propose(api, world, order)
    for step in ("screen", "assess", "finalist"):
        api.post(world.requester, f"/proposals/{proposal['id']}/stage", {"stage": step})
    response = api.post(
        world.requester, f"/proposals/{proposal['id']}/accept", project_body(**overrides)
    )
    assert response.status_code == 422 and message in response.text


def test_thread_between_requester_coordinator_and_invited_expert(
    api: Api, world: World, session: Session
) -> None:
    order = open_order(session, world)
    path = f"/orders/{order.slug}/thread"
    assert api.post(world.expert_user, path, {"body": "Question?"}).status_code == 403
    api.post(
        world.requester, f"/orders/{order.slug}/invitations", {"expert_id": str(world.expert.id)}
    )
    assert api.post(world.expert_user, path, {"body": "What camera do you use?"}).status_code == 201
    assert api.post(world.requester, path, {"body": "A 12 MP line camera."}).status_code == 201
    assert api.post(world.coordinator, path, {"body": "   "}).status_code == 422
    bodies = [m["body"] for m in api.get(world.coordinator, path).json()]
    assert bodies == ["What camera do you use?", "A 12 MP line camera."]
    assert _notes(session, world.expert_user.id, "thread")
    assert api.get(world.other_expert_user, path).status_code == 403


def test_notifications_are_listed_in_the_users_language(
    api: Api, world: World, session: Session
) -> None:
    order = open_order(session, world)
    api.post(
        world.requester, f"/orders/{order.slug}/invitations", {"expert_id": str(world.expert.id)}
    )
    page = api.get(world.expert_user, "/notifications").json()
    assert page["total"] == 1 and order.title in page["items"][0]["text"]


def test_thread_news_stops_when_the_invitation_is_declined(
    api: Api, world: World, session: Session
) -> None:
    order = open_order(session, world, confidentiality="invite_only")
    inv = api.post(
        world.requester, f"/orders/{order.slug}/invitations", {"expert_id": str(world.expert.id)}
    ).json()
    api.post(world.expert_user, f"/orders/{order.slug}/thread", {"body": "A first question"})
    api.post(world.expert_user, f"/invitations/{inv['id']}/decline")
    assert api.get(world.expert_user, f"/orders/{order.slug}").status_code == 404
    api.post(world.requester, f"/orders/{order.slug}/thread", {"body": "An answer"})
    assert _notes(session, world.expert_user.id, "thread") == []


def _proposal_in(session: Session, w: World, order: Order, status: str) -> str:
    from vstid.proposals.models import Proposal

    row = Proposal(order_id=order.id, expert_id=w.expert.id, approach="x" * 30, status=status)
    session.add(row)
    session.commit()
    return str(row.id)


@pytest.mark.parametrize(
    ("order_status", "proposal_status", "actor", "path", "body"),
    [
        ("open", "accepted", "expert_user", "withdraw", None),
        ("open", "declined", "expert_user", "withdraw", None),
        ("open", "withdrawn", "expert_user", "withdraw", None),
        ("open", "withdrawn", "requester", "stage", {"stage": "screen"}),
        ("open", "finalist", "requester", "stage", {"stage": "finalist"}),
        ("open", "withdrawn", "requester", "accept", "project"),
        ("open", "assess", "requester", "accept", "project"),
        ("awarded", "submitted", "requester", "stage", {"stage": "screen"}),
        ("cancelled", "finalist", "requester", "accept", "project"),
    ],
)
def test_invalid_proposal_transitions_are_409(
    api: Api,
    world: World,
    session: Session,
    order_status: str,
    proposal_status: str,
    actor: str,
    path: str,
    body: object,
) -> None:
    order = open_order(session, world, status=order_status)
    proposal_id = _proposal_in(session, world, order, proposal_status)
    payload = project_body() if body == "project" else body
    response = api.post(getattr(world, actor), f"/proposals/{proposal_id}/{path}", payload)
    assert response.status_code == 409, response.text


def test_answering_an_invitation_to_a_closed_order_is_409(
    api: Api, world: World, session: Session
) -> None:
    order = open_order(session, world, status="awarded")
    invitation = Invitation(order_id=order.id, expert_id=world.expert.id, status="invited")
    session.add(invitation)
    session.commit()
    response = api.post(world.expert_user, f"/invitations/{invitation.id}/accept")
    assert response.status_code == 409 and "no longer open" in response.json()["message"]


def test_requester_declines_one_proposal_politely(api: Api, world: World, session: Session) -> None:
    order = open_order(session, world)
    proposal = _propose(api, world, order)
    assert api.post(world.expert_user, f"/proposals/{proposal['id']}/decline").status_code == 403
    response = api.post(world.requester, f"/proposals/{proposal['id']}/decline")
    assert response.status_code == 200 and response.json()["status"] == "declined"
    assert api.post(world.requester, f"/proposals/{proposal['id']}/decline").status_code == 409
    assert _notes(session, world.expert_user.id, "proposal")


def test_cancelling_an_open_order_tells_engaged_experts(
    api: Api, world: World, session: Session, database: Database, settings: Settings
) -> None:
    order = open_order(session, world)
    api.post(
        world.requester, f"/orders/{order.slug}/invitations", {"expert_id": str(world.expert.id)}
    )
    _propose(api, world, order, world.other_expert_user)
    assert api.post(world.requester, f"/orders/{order.slug}/cancel").json()["status"] == "cancelled"
    run_pending(database, settings)  # the proposals domain tells them, once the cancel committed
    for user in (world.expert_user, world.other_expert_user):
        assert _notes(session, user.id, "order.cancelled"), user.email
