"""Proposals through the API: send, withdraw, resend, review stages, decline, and the experts told
when an order is cancelled; every invalid transition is a 409."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from tests.world import Api, World, notes, open_order, project_body, proposal_body, propose
from vstid.core.db import Database
from vstid.core.settings import Settings
from vstid.jobs.worker import run_pending
from vstid.orders.models import Order


def _proposal_in(session: Session, w: World, order: Order, status: str) -> str:
    from vstid.proposals.models import Proposal

    row = Proposal(order_id=order.id, expert_id=w.expert.id, approach="x" * 30, status=status)
    session.add(row)
    session.commit()
    return str(row.id)


def test_proposal_send_withdraw_and_resend(api: Api, world: World, session: Session) -> None:
    order = open_order(session, world)
    proposal = propose(api, world, order)
    assert proposal["status"] == "submitted" and proposal["trl"] == 4
    assert notes(session, world.requester.id, "proposal.received")
    assert (
        api.post(world.expert_user, f"/orders/{order.slug}/proposals", proposal_body()).status_code
        == 409
    )
    assert api.post(world.requester, f"/proposals/{proposal['id']}/withdraw").status_code == 403
    withdrawn = api.post(world.expert_user, f"/proposals/{proposal['id']}/withdraw")
    assert withdrawn.json()["status"] == "withdrawn"
    assert api.post(world.expert_user, f"/proposals/{proposal['id']}/withdraw").status_code == 409
    assert propose(api, world, order)["status"] == "submitted"  # a withdrawn one can be re-sent


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


@pytest.mark.parametrize(
    ("order_status", "proposal_status", "actor", "path", "body"),
    [
        ("open", "accepted", "expert_user", "withdraw", None),
        ("open", "declined", "expert_user", "withdraw", None),
        ("open", "withdrawn", "expert_user", "withdraw", None),
        ("open", "withdrawn", "requester", "stage", {"stage": "screen"}),
        ("open", "finalist", "requester", "stage", {"stage": "finalist"}),
        # one stage at a time: no skipping screening or assessment
        ("open", "submitted", "requester", "stage", {"stage": "finalist"}),
        ("open", "submitted", "requester", "stage", {"stage": "assess"}),
        ("open", "screen", "requester", "stage", {"stage": "finalist"}),
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


def test_requester_declines_one_proposal_politely(api: Api, world: World, session: Session) -> None:
    order = open_order(session, world)
    proposal = propose(api, world, order)
    assert api.post(world.expert_user, f"/proposals/{proposal['id']}/decline").status_code == 403
    response = api.post(world.requester, f"/proposals/{proposal['id']}/decline")
    assert response.status_code == 200 and response.json()["status"] == "declined"
    assert api.post(world.requester, f"/proposals/{proposal['id']}/decline").status_code == 409
    assert notes(session, world.expert_user.id, "proposal")


def test_cancelling_an_open_order_tells_engaged_experts(
    api: Api, world: World, session: Session, database: Database, settings: Settings
) -> None:
    order = open_order(session, world)
    api.post(
        world.requester, f"/orders/{order.slug}/invitations", {"expert_id": str(world.expert.id)}
    )
    propose(api, world, order, world.other_expert_user)
    assert api.post(world.requester, f"/orders/{order.slug}/cancel").json()["status"] == "cancelled"
    run_pending(database, settings)  # the proposals domain tells them, once the cancel committed
    for user in (world.expert_user, world.other_expert_user):
        assert notes(session, user.id, "order.cancelled"), user.email
