"""The experts directory pages: paging, escaping, plural forms."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.builders import make_expert, make_hub, make_org


def test_list_and_detail_pages_paginate_and_escape(client: TestClient, session: Session) -> None:
    hub = make_hub(session)
    org = make_org(session, hub, name="<script>alert(1)</script> Corp")
    for i in range(25):
        make_expert(session, hub, slug=f"pg-expert-{i:02d}", display_name=f"Phạm Văn {i:02d}")
    session.commit()
    first = client.get("/experts?q=Phạm Văn").text
    assert "Phạm Văn 00" in first and 'rel="next"' in first
    second = client.get("/experts?q=Phạm Văn&page=2").text
    assert "Phạm Văn 24" in second
    org_page = client.get(f"/organizations/{org.slug}").text
    assert "<script>alert(1)</script>" not in org_page and "&lt;script&gt;" in org_page
    assert client.get("/experts/pg-expert-03").status_code == 200


def test_plural_messages_use_the_single_vietnamese_form(
    client: TestClient, session: Session
) -> None:
    hub = make_hub(session)
    for i in range(3):
        make_expert(session, hub, slug=f"plural-{i}", display_name=f"Vũ Thị Số {i}")
    session.commit()
    page = client.get("/experts?q=Vũ Thị Số").text
    assert "3 chuyên gia" in page and "3 experts" not in page
