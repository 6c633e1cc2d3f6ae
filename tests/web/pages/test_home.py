"""The home page counts and lists what the visitor may see."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.builders import make_expert, make_hub, make_order, make_org
from vstid.demo.loader import DATA_DIR


def test_home_shows_live_counts(client: TestClient, session: Session) -> None:
    hub = make_hub(session)
    org = make_org(session, hub)
    make_expert(session, hub)
    make_order(session, hub, org, title="Giám sát chất lượng nước nuôi tôm")
    session.commit()
    page = client.get("/").text
    assert 'data-testid="count-experts"' in page
    assert "Giám sát chất lượng nước nuôi tôm" in page


def test_korean_home_shows_the_demo_hubs_in_korean(client: TestClient, session: Session) -> None:
    rows = json.loads((DATA_DIR / "hubs.json").read_text(encoding="utf-8"))
    for row in rows:
        make_hub(session, code=row["code"], name=row["name"], description=row["description"])
    session.commit()
    client.cookies.set("vstid_lang", "ko")
    page = client.get("/").text
    for row in rows:
        assert row["description"]["en"] not in page  # no fallback to English
        assert row["description"].get("ko", "—") in page
