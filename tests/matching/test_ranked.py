"""Ranked experts of an order (requester side only) and the expert's feed of visible open orders."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from tests.world import Api, World, open_order, snapshot
from vstid.invitations.models import Invitation, InvitationStatus
from vstid.matching.models import MatchSnapshot


def test_ranked_experts_need_the_requester_side(api: Api, world: World, session: Session) -> None:
    order = open_order(session, world)
    assert api.get(world.requester, f"/orders/{order.slug}/matches").json() == {
        "ready": False,
        "state": "pending",
        "model_version": None,
        "matches": [],
    }
    snapshot(session, order.id, world)
    body = api.get(world.coordinator, f"/orders/{order.slug}/matches").json()
    assert [m["expert_id"] for m in body["matches"]] == [
        str(world.expert.id),
        str(world.other_expert.id),
    ]
    assert body["matches"][0]["evidence"][0]["text"] == "Edge AI"
    assert api.get(world.expert_user, f"/orders/{order.slug}/matches").status_code == 403


def test_ranked_experts_carry_their_score_parts_and_weak_mark(
    api: Api, world: World, session: Session
) -> None:
    """Issue 9, defect 10: the parts README promises, and the same weak mark as the page."""
    order = open_order(session, world)
    parts = {"dense": 0.3, "lexical": 0.4, "keywords": 0.2, "field_bonus": 0.03, "concept": 0.02,
             "language_bonus": 0.02, "availability_penalty": 0.05}  # fmt: skip
    results = [
        {"expert_id": str(world.expert.id), "score": 0.5, "rank": 1, "parts": parts, "evidence": []},
        {"expert_id": str(world.other_expert.id), "score": 0.1, "rank": 2, "parts": {},
         "evidence": []},
    ]  # fmt: skip
    session.add(MatchSnapshot(order_id=order.id, model_version="test", results=results))
    session.commit()
    first, second = api.get(world.requester, f"/orders/{order.slug}/matches").json()["matches"]
    assert first["parts"] == pytest.approx(
        {"meaning": 0.3, "keywords": 0.2, "fields": 0.05, "other": -0.03}
    )
    assert (first["weak"], second["weak"], second["parts"]) == (False, True, None)


def test_feed_ranks_visible_open_orders_only(api: Api, world: World, session: Session) -> None:
    public = open_order(session, world)
    secret = open_order(session, world, confidentiality="invite_only")
    draft = open_order(session, world, status="submitted")
    for order in (public, secret, draft):
        snapshot(session, order.id, world)
    feed = api.get(world.expert_user, "/feed").json()
    assert [item["order"]["slug"] for item in feed] == [public.slug]
    session.add(
        Invitation(
            order_id=secret.id, expert_id=world.expert.id, status=InvitationStatus.invited.value
        )
    )
    session.commit()
    assert {item["order"]["slug"] for item in api.get(world.expert_user, "/feed").json()} == {
        public.slug,
        secret.slug,
    }
    assert api.get(world.requester, "/feed").status_code == 403  # the feed is for experts


def test_feed_omits_orders_where_the_expert_fits_poorly(
    api: Api, world: World, session: Session
) -> None:
    """Issue 9, defect 10: a snapshot stores an order's top 20 whatever their fit; the feed
    must not recommend an order where this expert is in its noisy tail (fit 0.02)."""
    good, poor = open_order(session, world), open_order(session, world)
    snapshot(session, good.id, world)
    others = [{"expert_id": str(world.other_expert.id), "score": 0.4, "rank": 1, "parts": {},
               "evidence": []}]  # fmt: skip
    tail = [{"expert_id": f"00000000-0000-0000-0000-{i:012d}", "score": 0.05, "rank": i,
             "parts": {}, "evidence": []} for i in range(2, 18)]  # fmt: skip
    mine = {"expert_id": str(world.expert.id), "score": 0.02, "rank": 18, "parts": {},
            "evidence": []}  # fmt: skip
    session.add(MatchSnapshot(order_id=poor.id, model_version="test",
                              results=[*others, *tail, mine]))  # fmt: skip
    session.commit()
    feed = api.get(world.expert_user, "/feed").json()
    assert [item["order"]["slug"] for item in feed] == [good.slug]
