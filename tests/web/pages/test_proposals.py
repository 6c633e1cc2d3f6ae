"""The expert's proposal form: errors name the field; a good proposal is listed as submitted."""

from __future__ import annotations

from decimal import Decimal

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.web.helpers import login, post_form
from tests.world import World, open_order
from vstid.proposals.models import Proposal


def test_expert_sends_a_proposal_through_the_form(
    client: TestClient, world: World, session: Session
) -> None:
    order = open_order(session, world)
    login(client, world.expert_user.email)
    bad = post_form(client, f"/orders/{order.slug}/propose", {"approach": "short", "trl": "12"})
    assert bad.status_code == 422 and 'id="approach-error"' in bad.text
    good = post_form(
        client,
        f"/orders/{order.slug}/propose",
        {
            "approach": "A detailed approach with edge inference.",
            "trl": "5",
            "team": "A\nB",
            "currency": "VND",
        },
    )
    assert good.status_code == 303
    assert "submitted" in client.get("/proposals/mine").text


def test_cost_is_read_as_the_reader_writes_numbers(
    client: TestClient, world: World, session: Session
) -> None:
    """Defect 6 on the proposal form: "2.200.000.000" in Vietnamese was refused."""
    order = open_order(session, world)
    login(client, world.expert_user.email)
    path = f"/orders/{order.slug}/propose"
    form = {"approach": "A detailed approach with edge inference.", "currency": "VND"}
    bad = post_form(client, path, form | {"cost_amount": "hai tỷ"})
    assert bad.status_code == 422
    assert "Chi phí không phải là một số" in bad.text.split('id="cost_amount-error"', 1)[1][:200]
    assert post_form(client, path, form | {"cost_amount": "2.200.000.000"}).status_code == 303
    cost = session.scalars(select(Proposal.cost_amount).where(Proposal.order_id == order.id))
    assert cost.one() == Decimal("2200000000")


def test_proposal_text_keeps_its_lines_and_stays_escaped(
    client: TestClient, world: World, session: Session
) -> None:
    """Defect 15: the approach and timeline lost their line breaks on the review page."""
    order = open_order(session, world)
    approach = "Bước một: đo cong vênh.\nBước hai: <script>alert(1)</script>\n\nĐoạn thứ hai."
    session.add(
        Proposal(
            order_id=order.id, expert_id=world.expert.id, approach=approach,
            timeline="Tháng 1: khảo sát\nTháng 2: thử nghiệm", status="submitted",
        )
    )  # fmt: skip
    session.commit()
    login(client, world.requester.email)
    page = client.get(f"/orders/{order.slug}/proposals").text
    shown = page.split('data-testid="proposal-approach">', 1)[1].split("</div>", 1)[0]
    assert shown == (
        "<p>Bước một: đo cong vênh.<br>Bước hai: &lt;script&gt;alert(1)&lt;/script&gt;</p>"
        "<p>Đoạn thứ hai.</p>"
    )
    assert "<script>alert(1)" not in page
    assert "Tháng 1: khảo sát<br>Tháng 2: thử nghiệm" in page
