"""Plain builder functions for test records (no factories framework)."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from vstid.accounts.models import Role, User
from vstid.core.models import utcnow
from vstid.core.security import hash_password
from vstid.experts.models import ExpertProfile, Publication
from vstid.hubs.models import Hub
from vstid.orders.models import Order
from vstid.organizations.models import Membership, Organization

PASSWORD = "correct-horse-battery"
_HASH = hash_password(PASSWORD)


def _suffix() -> str:
    return uuid.uuid4().hex[:8]


def make_hub(session: Session, code: str | None = None, **kw: Any) -> Hub:
    hub = Hub(
        code=code or f"H{_suffix()[:6]}",
        country=kw.pop("country", "JP"),
        name=kw.pop("name", {"en": "Test hub", "vi": "Hub thử"}),
        **kw,
    )
    session.add(hub)
    session.flush()
    return hub


def make_user(
    session: Session, role: Role = Role.expert, hub: Hub | None = None, **kw: Any
) -> User:
    user = User(
        email=kw.pop("email", f"u-{_suffix()}@example.org"),
        display_name=kw.pop("display_name", "Nguyễn Thị Test"),
        password_hash=_HASH,
        role=role.value,
        hub_id=hub.id if hub else None,
        email_verified_at=kw.pop("email_verified_at", utcnow()),  # pass None: unconfirmed
        **kw,
    )
    session.add(user)
    session.flush()
    return user


def make_org(session: Session, hub: Hub, **kw: Any) -> Organization:
    org = Organization(
        slug=kw.pop("slug", f"org-{_suffix()}"),
        name=kw.pop("name", "Công ty Thử"),
        kind=kw.pop("kind", "enterprise"),
        country=kw.pop("country", "VN"),
        hub_id=hub.id,
        **kw,
    )
    session.add(org)
    session.flush()
    return org


def add_member(session: Session, user: User, org: Organization) -> None:
    session.add(Membership(user_id=user.id, organization_id=org.id))
    session.flush()


def make_expert(session: Session, hub: Hub, **kw: Any) -> ExpertProfile:
    pubs = kw.pop("publications", [])
    expert = ExpertProfile(
        slug=kw.pop("slug", f"expert-{_suffix()}"),
        display_name=kw.pop("display_name", "Trần Văn Chuyên"),
        headline=kw.pop("headline", "Edge AI engineer"),
        bio=kw.pop("bio", "Builds embedded vision systems."),
        hub_id=hub.id,
        **kw,
    )
    expert.publications = [Publication(**p) for p in pubs]
    session.add(expert)
    session.flush()
    return expert


def make_order(session: Session, hub: Hub, org: Organization, **kw: Any) -> Order:
    order = Order(
        slug=kw.pop("slug", f"order-{_suffix()}"),
        hub_id=hub.id,
        organization_id=org.id,
        title=kw.pop("title", "Hệ thống phát hiện lỗi sản phẩm"),
        description=kw.pop("description", "Cần chuyên gia thị giác máy tính."),
        engagement_type=kw.pop("engagement_type", "consulting"),
        status=kw.pop("status", "open"),
        budget_amount=kw.pop("budget_amount", Decimal("500000000")),
        deadline=kw.pop("deadline", date(2027, 6, 30)),
        **kw,
    )
    session.add(order)
    session.flush()
    return order
