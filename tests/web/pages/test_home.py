"""The home page counts and lists what the visitor may see."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.builders import make_expert, make_hub, make_order, make_org


def test_home_shows_live_counts(client: TestClient, session: Session) -> None:
    hub = make_hub(session)
    org = make_org(session, hub)
    make_expert(session, hub)
    make_order(session, hub, org, title="Giám sát chất lượng nước nuôi tôm")
    session.commit()
    page = client.get("/").text
    assert 'data-testid="count-experts"' in page
    assert "Giám sát chất lượng nước nuôi tôm" in page
