"""Expert endpoints: a members-only profile is invisible (404) to visitors."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.builders import make_expert, make_hub, make_user
from tests.web.helpers import bearer


def test_members_only_expert_profiles_need_login(client: TestClient, session: Session) -> None:
    hub = make_hub(session)
    make_expert(session, hub, slug="hidden-pro", visibility="members")
    user = make_user(session)
    session.commit()
    assert client.get("/api/v1/experts/hidden-pro").status_code == 404
    assert (
        client.get("/api/v1/experts/hidden-pro", headers=bearer(client, user.email)).status_code
        == 200
    )
