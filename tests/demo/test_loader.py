"""Loading the demo into a database that already has its hubs adds the languages they lack
(a database loaded before the Korean texts existed), and keeps what is there."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.builders import make_hub, make_org
from vstid.demo.loader import DemoLoader
from vstid.organizations.models import Organization


def test_existing_hubs_gain_missing_languages_and_keep_their_own(session: Session) -> None:
    hub = make_hub(
        session, code="KR", name={"en": "Korea hub"}, description={"en": "Edited by an admin."}
    )
    session.commit()
    DemoLoader(session, "demo-password-123").load_all()
    assert hub.description["en"] == "Edited by an admin."
    assert "서울" in hub.description["ko"] and hub.name["ko"] == "한국 허브"


def test_existing_organizations_gain_korean_descriptions(session: Session) -> None:
    """Issue 9, defect 15: organizations' descriptions fell back to English for a Korean
    reader; the demo has them in every language and fills a database loaded before."""
    hub = make_hub(session, code="JP")
    org = make_org(session, hub, slug="ptit", description={"en": "Edited by an admin."})
    session.commit()
    DemoLoader(session, "demo-password-123").load_all()
    assert org.description["en"] == "Edited by an admin."
    assert "5G" in org.description["ko"] and "연구" in org.description["ko"]
    for loaded in session.scalars(select(Organization)):
        assert set(loaded.description) >= {"vi", "en", "ja", "ko"}, loaded.slug
