"""Accepting a finalist: the project form names what is missing and keeps what was typed."""

from __future__ import annotations

import re
from decimal import Decimal

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.web.helpers import login, post_form
from tests.world import World, open_order
from vstid.projects.funding.models import FundingLine
from vstid.proposals.models import Proposal


def test_accept_form_names_what_is_missing_and_keeps_input(
    client: TestClient, world: World, session: Session
) -> None:
    order = open_order(session, world)
    proposal = Proposal(
        order_id=order.id, expert_id=world.expert.id, approach="x" * 30, status="finalist"
    )
    session.add(proposal)
    session.commit()
    login(client, world.requester.email)
    path = f"/proposals/{proposal.id}/accept"
    assert "project-form" in client.get(path).text
    bad = post_form(
        client, path, {"title": "Dự án thử", "funding_source_0": "Quỹ A", "funding_amount_0": "-5"}
    )
    assert bad.status_code == 422
    assert 'id="milestones-error"' in bad.text and 'value="Quỹ A"' in bad.text
    good = post_form(
        client,
        path,
        {
            "title": "Dự án thử",
            "milestone_title_0": "Báo cáo",
            "milestone_due_date_0": "2031-01-01",
        },
    )
    assert good.status_code == 303 and good.headers["location"].startswith("/projects/")
    assert "Báo cáo" in client.get(good.headers["location"]).text


def test_funding_amounts_are_read_as_the_reader_writes_numbers(
    client: TestClient, world: World, session: Session
) -> None:
    """Defect 6 on the acceptance form: "1.200.000.000" in Vietnamese was refused."""
    order = open_order(session, world)
    proposal = Proposal(
        order_id=order.id, expert_id=world.expert.id, approach="x" * 30, status="finalist"
    )
    session.add(proposal)
    session.commit()
    login(client, world.requester.email)
    path = f"/proposals/{proposal.id}/accept"
    form = {"title": "Dự án thử", "milestone_title_0": "Báo cáo",
            "milestone_due_date_0": "2031-01-01", "funding_source_0": "Quỹ A",
            "funding_currency_0": "VND"}  # fmt: skip
    bad = post_form(client, path, form | {"funding_amount_0": "một tỷ"})
    assert bad.status_code == 422
    assert "Số tiền không phải là một số" in bad.text.split('id="funding-error"', 1)[1][:200]
    good = post_form(client, path, form | {"funding_amount_0": "1.200.000.000",
                                           "funding_share_percent_0": "12,5"})  # fmt: skip
    assert good.status_code == 303, re.findall('role="alert">([^<]*)', good.text)
    funding = session.scalars(select(FundingLine)).one()  # a funding line now
    assert (funding.funder_name, funding.amount) == ("Quỹ A", Decimal("1200000000"))
