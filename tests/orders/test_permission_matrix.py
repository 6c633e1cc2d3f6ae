"""Who may do what to an open order, for each confidentiality level. An order the caller may
not see does not exist for them (404, never 403); one they may see but not act on is 403."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from tests.world import Api, World, open_order, proposal_body
from vstid.accounts.models import User
from vstid.invitations.models import Invitation, InvitationStatus
from vstid.orders.models import Order

ROLES = (
    "anonymous",
    "outsider",
    "expert",
    "invited_expert",
    "requester",
    "coordinator",
    "foreign_coordinator",
    "admin",
)
LEVELS = ("public", "members", "invite_only")
ACTIONS = ("view", "list", "propose", "invite", "matches", "thread")

REVIEWERS = {"requester", "coordinator", "admin"}


def _sees(role: str, level: str) -> bool:
    if level == "public":
        return True
    if role == "anonymous":
        return False
    return level == "members" or role in REVIEWERS | {"invited_expert"}


def expected(role: str, action: str, level: str) -> int:
    sees = _sees(role, level)
    if action in ("view", "list"):
        return 200 if sees else 404
    if role == "anonymous":
        return 401
    if not sees:
        return 404
    if action == "propose":
        return 201 if role in ("expert", "invited_expert") else 403
    if action == "invite":
        return 201 if role in REVIEWERS else 403
    if action == "matches":
        return 200 if role in REVIEWERS else 403
    return 200 if role in REVIEWERS | {"invited_expert"} else 403  # thread


def _actor(w: World, role: str) -> User | None:
    return {
        "anonymous": None,
        "outsider": w.outsider,
        "expert": w.expert_user,
        "invited_expert": w.other_expert_user,
        "requester": w.requester,
        "coordinator": w.coordinator,
        "foreign_coordinator": w.foreign_coordinator,
        "admin": w.admin,
    }[role]


def _perform(api: Api, user: User | None, action: str, order: Order, w: World) -> int:
    if action == "view":
        return api.get(user, f"/orders/{order.slug}").status_code
    if action == "list":
        slugs = {o["slug"] for o in api.get(user, "/orders?size=100").json()["items"]}
        return 200 if order.slug in slugs else 404
    if action == "propose":
        return api.post(user, f"/orders/{order.slug}/proposals", proposal_body()).status_code
    if action == "invite":
        body = {"expert_id": str(w.expert.id), "invite": False}
        return api.post(user, f"/orders/{order.slug}/invitations", body).status_code
    if action == "matches":
        return api.get(user, f"/orders/{order.slug}/matches").status_code
    return api.get(user, f"/orders/{order.slug}/thread").status_code


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(
    api: Api, world: World, session: Session, role: str, action: str, level: str
) -> None:
    order = open_order(session, world, confidentiality=level)
    session.add(
        Invitation(
            order_id=order.id,
            expert_id=world.other_expert.id,
            status=InvitationStatus.invited.value,
        )
    )
    session.commit()
    status = _perform(api, _actor(world, role), action, order, world)
    assert status == expected(role, action, level), (role, action, level)


def test_shortlisting_alone_does_not_reveal_an_invite_only_order(
    api: Api, world: World, session: Session
) -> None:
    order = open_order(session, world, confidentiality="invite_only")
    api.post(
        world.requester,
        f"/orders/{order.slug}/invitations",
        {"expert_id": str(world.expert.id), "invite": False},
    )
    assert api.get(world.expert_user, f"/orders/{order.slug}").status_code == 404


def test_unpublished_orders_are_hidden_from_everyone_but_the_two_sides(
    api: Api, world: World, session: Session
) -> None:
    order = open_order(session, world, status="submitted")
    for user in (None, world.outsider, world.expert_user, world.foreign_coordinator):
        assert api.get(user, f"/orders/{order.slug}").status_code == 404
    for user in (world.requester, world.coordinator, world.admin):
        assert api.get(user, f"/orders/{order.slug}").status_code == 200
