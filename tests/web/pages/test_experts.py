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


def test_expert_page_names_country_and_languages_and_links_identifiers(
    client: TestClient, session: Session
) -> None:
    hub = make_hub(session)
    make_expert(session, hub, slug="names-jp", residence_country="JP", languages=["en", "ja"],
                orcid="0000-0002-1825-0097", openalex_id="A5023888391",
                publications=[{"title": "Spin waves", "doi": "10.1234/spin(2024)"}])  # fmt: skip
    session.commit()
    page = client.get("/experts/names-jp").text
    assert "Sinh sống tại Nhật Bản" in page and "Sinh sống tại JP" not in page
    assert "Tiếng Anh" in page and "Tiếng Nhật" in page
    assert '<a href="https://orcid.org/0000-0002-1825-0097" rel="noopener">' in page
    assert '<a href="https://doi.org/10.1234/spin(2024)" rel="noopener">' in page
    assert '<a href="https://openalex.org/A5023888391" rel="noopener">' in page
    client.cookies.set("vstid_lang", "ja")
    assert "日本" in client.get("/experts/names-jp").text
