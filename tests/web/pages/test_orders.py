"""The order pages as the three users see them (TestClient): forms keep what was typed and
name the field, buttons drive the same service transitions, invisible orders are 404."""

from __future__ import annotations

import io
import re
import zipfile
from decimal import Decimal

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.web.helpers import csrf_from, login, post_form
from tests.world import World, open_order
from vstid.orders.models import Order, OrderAttachment


def _order_form(**overrides: str) -> dict[str, str]:
    form = {
        "title": "Dự báo phụ tải điện cho khu công nghiệp",
        "description": "Cần mô hình dự báo phụ tải theo giờ cho khu công nghiệp Quế Võ.",
        "language": "vi",
        "fields": "ai",
        "budget_amount": "1.200.000.000",  # as the Vietnamese pages write it
        "currency": "VND",
        "deadline": "2031-12-31",
        "engagement_type": "consulting",
        "confidentiality": "members",
        "intent": "submit",
    }
    form.update(overrides)
    return form


def _docx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


def test_posting_form_keeps_input_and_names_the_field(client: TestClient, world: World) -> None:
    login(client, world.requester.email)
    response = post_form(client, "/orders/new", _order_form(title="abc", deadline="2001-01-01"))
    assert response.status_code == 422
    assert 'id="title-error"' in response.text and 'id="deadline-error"' in response.text
    assert "Cần mô hình dự báo phụ tải" in response.text  # nothing typed is lost
    assert 'value="1.200.000.000"' in response.text


def test_posting_with_attachments_submits_for_approval(
    client: TestClient, world: World, session: Session
) -> None:
    login(client, world.requester.email)
    files = [
        ("attachments", ("spec.docx", _docx(), "application/octet-stream")),
        ("attachments", ("notes.txt", "Ghi chú".encode(), "text/plain")),
    ]
    response = post_form(client, "/orders/new", _order_form(), files)
    assert response.status_code == 303, response.text[:1000]
    order = session.scalars(select(Order).where(Order.title.startswith("Dự báo"))).one()
    assert order.status == "submitted" and order.budget_amount == 1_200_000_000
    names = sorted(
        a.filename
        for a in session.scalars(
            select(OrderAttachment).where(OrderAttachment.order_id == order.id)
        )
    )
    assert names == ["notes.txt", "spec.docx"]
    panel = client.get(f"/orders/{order.slug}/panel", headers={"HX-Request": "true"})
    assert "spec.docx" in panel.text and 'data-testid="order-cancel"' in panel.text


def test_a_renamed_file_is_refused_and_no_order_is_left(
    client: TestClient, world: World, session: Session
) -> None:
    login(client, world.requester.email)
    files = [("attachments", ("virus.pdf", b"MZ\x90\x00 not a pdf", "application/pdf"))]
    response = post_form(client, "/orders/new", _order_form(title="Một đơn có tệp giả mạo"), files)
    assert response.status_code == 422 and 'id="attachments-error"' in response.text
    assert (
        session.scalars(select(Order).where(Order.title == "Một đơn có tệp giả mạo")).first()
        is None
    )


def test_coordinator_approves_from_the_panel_and_queue(
    client: TestClient, world: World, session: Session
) -> None:
    order = open_order(session, world, status="submitted")
    login(client, world.coordinator.email)
    assert order.title in client.get("/coordinator").text
    panel = client.get(f"/orders/{order.slug}/panel", headers={"HX-Request": "true"}).text
    assert 'data-testid="order-approve"' in panel and 'data-testid="order-reject"' in panel
    response = post_form(client, f"/orders/{order.slug}/do/approve", {})
    assert response.status_code == 303
    session.refresh(order)
    assert order.status == "open"
    assert client.get(f"/orders/{order.slug}/experts").status_code == 200


def test_invalid_page_transition_shows_a_409_page(
    client: TestClient, world: World, session: Session
) -> None:
    order = open_order(session, world, status="open")
    login(client, world.coordinator.email)
    response = post_form(client, f"/orders/{order.slug}/do/approve", {})
    assert response.status_code == 409


def test_invite_only_order_pages_are_404_for_uninvited_experts(
    client: TestClient, world: World, session: Session
) -> None:
    order = open_order(session, world, confidentiality="invite_only")
    login(client, world.expert_user.email)
    for path in (
        f"/orders/{order.slug}",
        f"/orders/{order.slug}/panel",
        f"/orders/{order.slug}/propose",
    ):
        assert client.get(path).status_code == 404, path
    assert order.title not in client.get("/orders").text
    assert order.title not in client.get("/feed").text


def test_pages_need_sign_in(client: TestClient) -> None:
    for path in ("/orders/new", "/feed", "/invitations", "/notifications", "/coordinator"):
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"].startswith("/login"), (
            path
        )


def test_requester_in_two_organizations_chooses_one(
    client: TestClient, world: World, session: Session
) -> None:
    from tests.builders import add_member, make_org

    second = make_org(session, world.hub, name="Viện Thứ Hai")
    add_member(session, world.requester, second)
    session.commit()
    login(client, world.requester.email)
    assert "Viện Thứ Hai" in client.get("/orders/new").text
    response = post_form(
        client,
        "/orders/new",
        _order_form(title="Đơn của viện thứ hai", organization_id=str(second.id)),
    )
    assert response.status_code == 303
    order = session.scalars(select(Order).where(Order.title == "Đơn của viện thứ hai")).one()
    assert order.organization_id == second.id


def test_coordinator_edits_a_submitted_order(
    client: TestClient, world: World, session: Session
) -> None:
    order = open_order(session, world, status="submitted")
    login(client, world.coordinator.email)
    form = client.get(f"/orders/{order.slug}/edit").text
    assert order.title in form
    response = post_form(
        client,
        f"/orders/{order.slug}/edit",
        _order_form(title="Tiêu đề đã chỉnh sửa", fields="semiconductors"),
    )
    assert response.status_code == 303
    session.refresh(order)
    assert (order.title, order.fields) == ("Tiêu đề đã chỉnh sửa", ["semiconductors"])


def _posted_budget(client: TestClient, session: Session, title: str, budget: str) -> object:
    response = post_form(client, "/orders/new", _order_form(title=title, budget_amount=budget))
    assert response.status_code == 303, re.findall('role="alert">([^<]*)', response.text)
    return session.scalars(select(Order).where(Order.title == title)).one().budget_amount


def test_budget_is_read_as_the_reader_writes_numbers(
    client: TestClient, world: World, session: Session
) -> None:
    """Defect 6: "1.500.000.000", the way the Vietnamese pages show money, was refused."""
    login(client, world.requester.email)
    assert _posted_budget(client, session, "Đơn ngân sách kiểu Việt", "1.500.000.000") == Decimal(
        "1500000000"
    )
    assert _posted_budget(client, session, "Đơn ngân sách chỉ có số", "2500000") == 2_500_000
    token = csrf_from(client, "/")
    client.post("/lang", data={"locale": "en", "next": "/", "csrf_token": token})
    assert _posted_budget(client, session, "An English budget", "1,500,000.50") == Decimal(
        "1500000.50"
    )


def test_a_budget_that_is_not_a_number_says_so(client: TestClient, world: World) -> None:
    login(client, world.requester.email)
    response = post_form(client, "/orders/new", _order_form(budget_amount="abc", title="abc"))
    assert response.status_code == 422
    error = response.text.split('id="budget_amount-error"', 1)[1][:200]
    assert "Kinh phí không phải là một số. Hãy viết như 1.500.000,5." in error
    assert 'id="title-error"' in response.text  # the whole form is checked at once
    assert 'value="abc"' in response.text
    negative = post_form(client, "/orders/new", _order_form(budget_amount="-5"))
    assert negative.status_code == 422
    assert "Kinh phí phải là số dương." in negative.text.split('id="budget_amount-error"')[1][:200]


def test_edit_form_shows_the_budget_as_the_reader_writes_it(
    client: TestClient, world: World, session: Session
) -> None:
    order = open_order(session, world, status="submitted", budget_amount=Decimal("1500000000"))
    login(client, world.coordinator.email)
    assert 'value="1.500.000.000"' in client.get(f"/orders/{order.slug}/edit").text


def test_the_order_page_comes_with_its_workflow_panel(
    client: TestClient, world: World, session: Session
) -> None:
    """Defect 15: the panel was fetched after the page painted and shifted it; it is now in the
    first response, for the owner (buttons) as for a stranger (nothing to load later)."""
    order = open_order(session, world)
    page = client.get(f"/orders/{order.slug}").text
    assert 'data-testid="workflow-panel"' in page and 'hx-trigger="load"' not in page
    login(client, world.requester.email)
    page = client.get(f"/orders/{order.slug}").text
    assert 'data-testid="workflow-panel"' in page and 'data-testid="order-cancel"' in page
