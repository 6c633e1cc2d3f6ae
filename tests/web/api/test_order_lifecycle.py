"""Every order transition through the API, and every invalid one."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.world import Api, World, open_order, order_body
from vstid.audit.models import AuditEntry
from vstid.core.queue.models import Job
from vstid.notifications.models import EmailOutbox, Notification


def _post_draft(api: Api, w: World, **overrides: object) -> dict:
    response = api.post(w.requester, "/orders", order_body(**overrides))
    assert response.status_code == 201, response.text
    return response.json()


def test_requester_posts_a_draft_then_submits(api: Api, world: World, session: Session) -> None:
    order = _post_draft(api, world)
    assert order["status"] == "draft" and order["title"].startswith("Kiểm tra")
    response = api.post(world.requester, f"/orders/{order['slug']}/submit")
    assert response.status_code == 200 and response.json()["status"] == "submitted"
    note = session.scalars(
        select(Notification).where(Notification.user_id == world.coordinator.id)
    ).one()
    assert note.kind == "order.submitted"
    actions = set(
        session.scalars(select(AuditEntry.action).where(AuditEntry.entity_id == order["id"]))
    )
    assert {"order.create", "order.submit"} <= actions


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": "abc"}, "title"),
        ({"description": "too short"}, "description"),
        ({"currency": "EUR"}, "currency"),
        ({"language": "fr"}, "language"),
        ({"engagement_type": "hiring"}, "engagement_type"),
        ({"confidentiality": "secret"}, "confidentiality"),
        ({"budget_amount": "-1"}, "budget_amount"),
        ({"fields": ["no-such-field"]}, "fields"),
        ({"deadline": "2001-01-01"}, "deadline"),
    ],
)
def test_invalid_order_is_422_naming_the_field(
    api: Api, world: World, overrides: dict, field: str
) -> None:
    response = api.post(world.requester, "/orders", order_body(**overrides))
    assert response.status_code == 422, response.text
    assert response.json()["field"] == field


def test_experts_cannot_post_orders(api: Api, world: World) -> None:
    assert api.post(world.expert_user, "/orders", order_body()).status_code == 403
    assert api.post(None, "/orders", order_body()).status_code == 401


def test_coordinator_edits_approves_and_matching_is_queued(
    api: Api, world: World, session: Session
) -> None:
    order = _post_draft(api, world)
    api.post(world.requester, f"/orders/{order['slug']}/submit")
    edited = api.patch(
        world.coordinator, f"/orders/{order['slug']}", {"fields": ["ai", "semiconductors"]}
    )
    assert edited.status_code == 200 and edited.json()["fields"] == ["ai", "semiconductors"]
    response = api.post(world.coordinator, f"/orders/{order['slug']}/approve")
    assert response.status_code == 200 and response.json()["status"] == "open"
    job = session.scalars(select(Job).where(Job.kind == "matching.order")).one()
    assert job.payload == {"order_id": order["id"]}
    assert session.scalars(
        select(EmailOutbox).where(EmailOutbox.to_address == world.requester.email)
    ).first()


def test_reject_needs_a_reason_the_requester_sees(api: Api, world: World) -> None:
    order = _post_draft(api, world)
    slug = order["slug"]
    api.post(world.requester, f"/orders/{slug}/submit")
    short = api.post(world.coordinator, f"/orders/{slug}/reject", {"reason": "no"})
    assert short.status_code == 422 and short.json()["field"] == "reason"
    response = api.post(
        world.coordinator, f"/orders/{slug}/reject", {"reason": "Budget is missing a breakdown."}
    )
    assert response.status_code == 200 and response.json()["status"] == "rejected"
    seen = api.get(world.requester, f"/orders/{slug}").json()
    assert seen["rejection_reason"] == "Budget is missing a breakdown."
    # The requester edits and submits again.
    assert (
        api.patch(world.requester, f"/orders/{slug}", {"budget_amount": "900000000"}).status_code
        == 200
    )
    assert api.post(world.requester, f"/orders/{slug}/submit").json()["status"] == "submitted"


@pytest.mark.parametrize(
    ("status", "action", "actor"),
    [
        ("draft", "approve", "coordinator"),
        ("draft", "reject", "coordinator"),
        ("open", "submit", "requester"),
        ("open", "approve", "coordinator"),
        ("submitted", "submit", "requester"),
        ("awarded", "cancel", "requester"),
        ("open", "close", "requester"),
        ("cancelled", "submit", "requester"),
        ("closed", "cancel", "coordinator"),
    ],
)
def test_invalid_transitions_are_409(
    api: Api, world: World, session: Session, status: str, action: str, actor: str
) -> None:
    order = open_order(session, world, status=status)
    body = {"reason": "Not good enough yet."} if action == "reject" else None
    response = api.post(getattr(world, actor), f"/orders/{order.slug}/{action}", body)
    assert response.status_code == 409, response.text
    assert f"cannot {action}" in response.json()["message"]


@pytest.mark.parametrize(
    ("status", "action", "target"),
    [
        ("draft", "cancel", "cancelled"),
        ("open", "cancel", "cancelled"),
        ("awarded", "close", "closed"),
    ],
)
def test_cancel_and_close(
    api: Api, world: World, session: Session, status: str, action: str, target: str
) -> None:
    order = open_order(session, world, status=status)
    response = api.post(world.requester, f"/orders/{order.slug}/{action}")
    assert response.status_code == 200 and response.json()["status"] == target


def test_editing_is_409_once_open(api: Api, world: World, session: Session) -> None:
    order = open_order(session, world, status="open")
    assert (
        api.patch(
            world.requester, f"/orders/{order.slug}", {"title": "A new title here"}
        ).status_code
        == 409
    )


def test_approval_queue_shows_only_own_hub(api: Api, world: World) -> None:
    order = _post_draft(api, world)
    api.post(world.requester, f"/orders/{order['slug']}/submit")
    mine = api.get(world.coordinator, "/coordinator/queue").json()["items"]
    assert [o["slug"] for o in mine] == [order["slug"]]
    assert api.get(world.foreign_coordinator, "/coordinator/queue").json()["items"] == []
    assert api.get(world.requester, "/coordinator/queue").status_code == 403


def test_patch_with_nulls_clears_only_budget_and_deadline(api: Api, world: World) -> None:
    order = _post_draft(api, world)
    body = {"title": None, "fields": None, "budget_amount": None, "deadline": None}
    response = api.patch(world.requester, f"/orders/{order['slug']}", body)
    assert response.status_code == 200, response.text
    got = response.json()
    assert got["title"] == order["title"] and got["fields"] == ["ai"]
    assert got["budget_amount"] is None and got["deadline"] is None


def test_reject_without_a_body_names_the_reason(api: Api, world: World, session: Session) -> None:
    order = open_order(session, world, status="submitted")
    assert (
        api.post(world.expert_user, f"/orders/{order.slug}/reject").status_code == 404
    )  # unpublished
    response = api.post(world.coordinator, f"/orders/{order.slug}/reject")
    assert response.status_code == 422 and response.json()["field"] == "reason"
