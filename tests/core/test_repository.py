"""The generic repository and the domain repositories' named queries, on both databases."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy.orm import Session

from tests.builders import make_expert, make_hub, make_order, make_org
from vstid.core.errors import NotFound
from vstid.core.pagination import PageParams
from vstid.experts.repository import ExpertRepository
from vstid.orders.repository import OrderRepository
from vstid.organizations.repository import OrganizationRepository


def test_add_get_count_delete(session: Session) -> None:
    hub = make_hub(session)
    repo = OrganizationRepository(session)
    org = make_org(session, hub, slug="vien-cong-nghe", name="Viện Công nghệ Bưu chính")
    assert repo.get(org.id) is org
    assert repo.by_slug("vien-cong-nghe") is org
    assert repo.get_by(name="Viện Công nghệ Bưu chính") is org
    before = repo.count()
    repo.delete(org)
    assert repo.count() == before - 1
    with pytest.raises(NotFound):
        repo.get_or_404(uuid.uuid4(), "organization")


def test_paginate_is_stable_and_counts_all(session: Session) -> None:
    hub = make_hub(session)
    for i in range(7):
        make_expert(session, hub, slug=f"page-{i}", display_name=f"Đặng Văn {i}")
    repo = ExpertRepository(session)
    stmt = repo.listing(q="Đặng Văn")
    first = repo.paginate(stmt, PageParams(page=1, size=3))
    third = repo.paginate(stmt, PageParams(page=3, size=3))
    assert first.total == 7 and first.pages == 3 and first.has_next and not first.has_prev
    assert [e.display_name for e in third.items] == ["Đặng Văn 6"]


def test_search_is_case_insensitive_and_keeps_diacritics(session: Session) -> None:
    hub = make_hub(session)
    make_expert(session, hub, slug="d1", display_name="Nguyễn Thị Ánh", headline="Vật liệu bán dẫn")
    repo = ExpertRepository(session)
    names = [e.display_name for e in repo.list(repo.listing(q="vật liệu"))]
    assert "Nguyễn Thị Ánh" in names


def test_orders_filter_by_field_and_status(session: Session) -> None:
    hub = make_hub(session)
    org = make_org(session, hub)
    make_order(session, hub, org, slug="f-ai", fields=["ai", "edge-ai"], status="open")
    make_order(session, hub, org, slug="f-semi", fields=["semiconductors"], status="draft")
    repo = OrderRepository(session)
    assert [o.slug for o in repo.list(repo.listing(field="edge-ai"))] == ["f-ai"]
    assert [o.slug for o in repo.list(repo.listing(field="ai", organization_id=org.id))] == ["f-ai"]
    assert [o.slug for o in repo.list(repo.listing(status="draft", organization_id=org.id))] == [
        "f-semi"
    ]


def test_vietnamese_text_round_trips_exactly(session: Session) -> None:
    hub = make_hub(session)
    title = "Ứng dụng AI phát hiện sớm bệnh võng mạc đái tháo đường — tỉnh Vĩnh Long"
    order = make_order(session, hub, make_org(session, hub), title=title)
    session.expire_all()
    assert OrderRepository(session).get(order.id).title == title  # type: ignore[union-attr]
