"""Issue 9, defect 11: the stored invitation score is the server's ranking, never the client's."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.builders import make_expert
from tests.web.helpers import login, post_form
from tests.world import Api, World, open_order, snapshot
from vstid.invitations.models import Invitation


def _score(session: Session, order_id: object, expert_id: object) -> float | None:
    session.expire_all()
    stmt = select(Invitation.score).where(
        Invitation.order_id == order_id, Invitation.expert_id == expert_id
    )
    return session.scalars(stmt).one()


def test_a_forged_score_on_the_invite_form_is_ignored(
    client: TestClient, world: World, session: Session
) -> None:
    order = open_order(session, world)
    snapshot(session, order.id, world)  # world.expert ranked at 0.8, other_expert at 0.5
    login(client, world.requester.email)
    form = {"expert_id": str(world.expert.id), "mode": "shortlist", "score": "0.999"}
    assert post_form(client, f"/orders/{order.slug}/invite", form).status_code == 303
    assert _score(session, order.id, world.expert.id) == 0.8
    form = {"expert_id": str(world.other_expert.id), "mode": "invite", "score": "0.999"}
    assert post_form(client, f"/orders/{order.slug}/invite", form).status_code == 303
    assert _score(session, order.id, world.other_expert.id) == 0.5
    page = client.get(f"/orders/{order.slug}/experts").text
    assert 'name="score"' not in page


def test_the_api_stores_the_ranked_score_or_none(api: Api, world: World, session: Session) -> None:
    order = open_order(session, world)
    snapshot(session, order.id, world)
    unranked = make_expert(session, world.hub)
    session.commit()
    path = f"/orders/{order.slug}/invitations"
    body = {"expert_id": str(world.other_expert.id), "invite": False, "score": 0.999}
    assert api.post(world.requester, path, body).json()["score"] == 0.5
    body = {"expert_id": str(unranked.id), "score": 0.999}
    assert api.post(world.requester, path, body).json()["score"] is None
