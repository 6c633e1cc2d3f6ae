"""Loading the demo into a database that already has its hubs adds the languages they lack
(a database loaded before the Korean texts existed), and keeps what is there."""

from __future__ import annotations

from sqlalchemy.orm import Session

from tests.builders import make_hub
from vstid.demo.loader import DemoLoader


def test_existing_hubs_gain_missing_languages_and_keep_their_own(session: Session) -> None:
    hub = make_hub(
        session, code="KR", name={"en": "Korea hub"}, description={"en": "Edited by an admin."}
    )
    session.commit()
    DemoLoader(session, "demo-password-123").load_all()
    assert hub.description["en"] == "Edited by an admin."
    assert "서울" in hub.description["ko"] and hub.name["ko"] == "한국 허브"
