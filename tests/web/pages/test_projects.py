"""Accepting a finalist: the project form names what is missing and keeps what was typed."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.web.helpers import login, post_form
from tests.world import World, open_order


def test_accept_form_names_what_is_missing_and_keeps_input(
    client: TestClient, world: World, session: Session
) -> None:
    from vstid.proposals.models import Proposal

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
