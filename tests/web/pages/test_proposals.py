"""The expert's proposal form: errors name the field; a good proposal is listed as submitted."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.web.helpers import login, post_form
from tests.world import World, open_order


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
