"""Issue 10, item 6: opening "My profile" (page or API) created a public expert profile with
the visitor's name and e-mail, whatever their role. Reading creates nothing now; a profile is
an explicit choice and starts hidden."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.builders import make_user
from tests.web.helpers import bearer, login, start_profile
from vstid.accounts.models import Role
from vstid.experts.models import ExpertProfile
from vstid.hubs.models import Hub


def _profiles(session: Session, user_id: object) -> int:
    session.expire_all()
    stmt = select(func.count()).select_from(ExpertProfile).where(ExpertProfile.user_id == user_id)
    return int(session.scalar(stmt) or 0)


@pytest.mark.parametrize("role", [Role.requester, Role.coordinator, Role.admin, Role.expert])
def test_opening_my_profile_creates_nothing(
    client: TestClient, session: Session, hub: Hub, role: Role
) -> None:
    user = make_user(session, role, hub=hub, display_name="Hoàng Văn Kín")
    session.commit()
    headers = bearer(client, user.email)
    assert client.get("/api/v1/me/profile", headers=headers).status_code == 404
    login(client, user.email)
    page = client.get("/profile")
    assert page.status_code == 200 and 'data-testid="profile-start"' in page.text
    assert _profiles(session, user.id) == 0
    assert "Hoàng Văn Kín" not in TestClient(client.app).get("/experts").text


def test_a_profile_is_created_by_choice_and_starts_hidden(
    client: TestClient, session: Session, hub: Hub
) -> None:
    user = make_user(session, Role.expert, hub=hub, display_name="Hoàng Văn Kín")
    session.commit()
    login(client, user.email)
    start_profile(client)
    assert _profiles(session, user.id) == 1
    expert = session.scalars(select(ExpertProfile).where(ExpertProfile.user_id == user.id)).one()
    assert expert.visibility == "hidden"
    assert 'data-testid="completeness"' in client.get("/profile").text
    anonymous = TestClient(client.app)
    assert anonymous.get(f"/experts/{expert.slug}").status_code == 404
    assert anonymous.get(f"/api/v1/experts/{expert.slug}").status_code == 404
    start_profile(client)  # choosing twice keeps the one profile
    assert _profiles(session, user.id) == 1


def test_the_api_creates_the_profile_only_on_post(
    client: TestClient, session: Session, hub: Hub
) -> None:
    user = make_user(session, Role.expert, hub=hub)
    session.commit()
    headers = bearer(client, user.email)
    body = {"display_name": "Kín", "bio_language": "en", "capacity": 1}
    assert client.put("/api/v1/me/profile", json=body, headers=headers).status_code == 404
    created = client.post("/api/v1/me/profile", headers=headers)
    assert created.status_code == 201
    expert = session.scalars(select(ExpertProfile).where(ExpertProfile.user_id == user.id)).one()
    assert expert.visibility == "hidden"
    assert client.get("/api/v1/me/profile", headers=headers).status_code == 200
