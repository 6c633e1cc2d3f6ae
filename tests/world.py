"""A small world for the workflow tests: one hub with a coordinator, a requesting
organization with its requester, two experts with accounts, an outsider requester, a
coordinator of another hub, and the taxonomy codes the orders use."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.builders import add_member, make_expert, make_hub, make_order, make_org, make_user
from tests.web.helpers import bearer
from vstid.accounts.models import Role, User
from vstid.experts.models import ExpertProfile
from vstid.hubs.models import Hub
from vstid.matching.models import MatchSnapshot
from vstid.notifications.models import Notification
from vstid.orders.models import Order
from vstid.organizations.models import Organization
from vstid.taxonomy.models import FieldOfScience


@dataclass
class World:
    hub: Hub
    org: Organization
    requester: User
    coordinator: User
    expert_user: User
    expert: ExpertProfile
    other_expert_user: User
    other_expert: ExpertProfile
    outsider: User
    foreign_coordinator: User
    admin: User


def ensure_fields(session: Session) -> None:
    for code in ("ai", "semiconductors"):
        if session.get(FieldOfScience, code) is None:
            session.add(FieldOfScience(code=code, labels={"en": code, "vi": code}))
    session.flush()


@pytest.fixture
def world(session: Session) -> World:
    ensure_fields(session)
    hub = make_hub(session)
    other_hub = make_hub(session)
    org = make_org(session, hub)
    requester = make_user(session, Role.requester, hub=hub, display_name="Requester Rin")
    add_member(session, requester, org)
    outsider = make_user(session, Role.requester, hub=hub, display_name="Outsider Oanh")
    add_member(session, outsider, make_org(session, hub))
    expert_user = make_user(session, Role.expert, display_name="Expert Em")
    other_user = make_user(session, Role.expert, display_name="Expert Khac")
    w = World(
        hub=hub,
        org=org,
        requester=requester,
        coordinator=make_user(session, Role.coordinator, hub=hub, display_name="Coord Co"),
        expert_user=expert_user,
        expert=make_expert(session, hub, user_id=expert_user.id, email=expert_user.email),
        other_expert_user=other_user,
        other_expert=make_expert(session, hub, user_id=other_user.id, email=other_user.email),
        outsider=outsider,
        foreign_coordinator=make_user(session, Role.coordinator, hub=other_hub),
        admin=make_user(session, Role.admin),
    )
    session.commit()
    return w


def order_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "title": "Kiểm tra lỗi bo mạch bằng thị giác máy",
        "description": "Chúng tôi cần một hệ thống phát hiện lỗi hàn trên bo mạch in.",
        "language": "vi",
        "fields": ["ai"],
        "budget_amount": "800000000",
        "currency": "VND",
        "deadline": (date.today() + timedelta(days=90)).isoformat(),
        "engagement_type": "joint_research",
        "confidentiality": "public",
    }
    body.update(overrides)
    return body


def proposal_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "approach": "Fine-tune a small detector on the line's images, then deploy at the edge.",
        "team": ["Expert Em", "Lab assistant"],
        "timeline": "6 months",
        "cost_amount": "600000000",
        "currency": "VND",
        "trl": 4,
    }
    body.update(overrides)
    return body


def project_body(**overrides: Any) -> dict[str, Any]:
    soon = date.today() + timedelta(days=30)
    body: dict[str, Any] = {
        "start_date": date.today().isoformat(),
        "end_date": (date.today() + timedelta(days=365)).isoformat(),
        "requester_share_percent": "60",
        "expert_share_percent": "40",
        "milestones": [{"title": "Dataset collected", "due_date": soon.isoformat()}],
        "funding": [
            {"source": "Company", "amount": "400000000", "currency": "VND", "share_percent": "50"},
            {"source": "NAFOSTED", "amount": "400000000", "currency": "VND", "share_percent": "50"},
        ],
    }
    body.update(overrides)
    return body


class Api:
    """Calls the API as one of the world's users (bearer tokens, cached per user)."""

    def __init__(self, client: TestClient) -> None:
        self.client = client
        self._tokens: dict[str, dict[str, str]] = {}

    def headers(self, user: User | None) -> dict[str, str]:
        if user is None:
            return {}
        if user.email not in self._tokens:
            self._tokens[user.email] = bearer(self.client, user.email)
        return self._tokens[user.email]

    def get(self, user: User | None, path: str) -> Any:
        return self.client.get(f"/api/v1{path}", headers=self.headers(user))

    def post(self, user: User | None, path: str, json: Any = None) -> Any:
        return self.client.post(f"/api/v1{path}", json=json, headers=self.headers(user))

    def patch(self, user: User | None, path: str, json: Any) -> Any:
        return self.client.patch(f"/api/v1{path}", json=json, headers=self.headers(user))


@pytest.fixture
def api(client: TestClient) -> Api:
    return Api(client)


def open_order(session: Session, w: World, **kw: Any) -> Order:
    order = make_order(session, w.hub, w.org, created_by_id=w.requester.id, fields=["ai"], **kw)
    session.commit()
    return order


@pytest.fixture
def hub(session: Session) -> Hub:
    """A committed pilot hub, for tests that need only a hub (imports, identity)."""
    hub = make_hub(session, is_pilot=True)
    session.commit()
    return hub


def snapshot(session: Session, order_id: Any, w: World) -> None:
    results = [
        {
            "expert_id": str(w.expert.id),
            "score": 0.8,
            "rank": 1,
            "parts": {},
            "evidence": [
                {
                    "kind": "profile",
                    "text": "Edge AI",
                    "language": "en",
                    "dense": 0.5,
                    "lexical": 0.4,
                    "terms": ["edge"],
                }
            ],
        },
        {"expert_id": str(w.other_expert.id), "score": 0.5, "rank": 2, "parts": {}, "evidence": []},
    ]
    session.add(MatchSnapshot(order_id=order_id, model_version="test", results=results))
    session.commit()


def notes(session: Session, user_id: object, kind: str) -> list[Notification]:
    stmt = select(Notification).where(Notification.user_id == user_id, Notification.kind == kind)
    return list(session.scalars(stmt))


def propose(api: Api, w: World, order: Order, user: object = None) -> dict:
    response = api.post(user or w.expert_user, f"/orders/{order.slug}/proposals", proposal_body())
    assert response.status_code == 201, response.text
    return response.json()
