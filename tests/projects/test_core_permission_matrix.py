"""The permission matrix with project data (beside tests/orders/test_permission_matrix.py):
for each kind of reader and each project (public, confidential, draft), what the API, the
pages, the list and its count show. A project a reader may not see does not exist for them
(404, never 403); outside, a public project shows its summary and never its internals."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.builders import make_user
from tests.projects.core_helpers import create_direct, set_status
from tests.web.helpers import login
from tests.world import Api, World
from vstid.accounts.models import Role, User

ROLES = (
    "anonymous",
    "outsider",
    "expert",
    "partner_expert",
    "requester",
    "coordinator",
    "foreign_coordinator",
    "admin",
)
INSIDE = {"partner_expert", "requester", "coordinator", "admin"}
LEVELS = ("public", "confidential", "draft")


def _actor(w: World, role: str) -> User | None:
    return {
        "anonymous": None,
        "outsider": w.outsider,
        "expert": w.other_expert_user,
        "partner_expert": w.expert_user,
        "requester": w.requester,
        "coordinator": w.coordinator,
        "foreign_coordinator": w.foreign_coordinator,
        "admin": w.admin,
    }[role]


def _projects(api: Api, w: World, session: Session) -> dict[str, dict]:
    made = {
        "public": create_direct(api, w),
        "confidential": create_direct(api, w, confidential=True, title="Dự án kín"),
        "draft": create_direct(api, w, title="Bản nháp"),
    }
    for level, project in made.items():
        partner = {"expert_id": str(w.expert.id), "country": "JP"}
        assert (
            api.post(w.coordinator, f"/projects/{project['id']}/partners", partner).status_code
            == 201
        )
        if level != "draft":
            set_status(session, project["id"], "active")
    return made


@pytest.mark.parametrize("role", ROLES)
def test_project_matrix(
    client: TestClient, api: Api, world: World, session: Session, role: str
) -> None:
    projects = _projects(api, world, session)
    user = _actor(world, role)
    inside = role in INSIDE
    listed = api.get(user, "/projects?size=100").json()
    visible_ids = {p["id"] for p in listed["items"]}
    expected_ids = {p["id"] for level, p in projects.items() if inside or level == "public"}
    assert visible_ids == expected_ids, role
    assert listed["total"] == len(expected_ids)  # the count never betrays a hidden project
    for level, project in projects.items():
        path = f"/projects/{project['id']}"
        sees = inside or level == "public"
        view = api.get(user, path)
        assert view.status_code == (200 if sees else 404), (role, level)
        if sees:
            assert view.json()["visibility"] == ("inside" if inside else "public")
            assert ("lan@example.org" in view.text) is inside  # a contact: an internal
        for internal in ("/amendments", "/messages"):
            status = api.get(user, path + internal).status_code
            assert status == (200 if inside else 401 if user is None else 404), (role, internal)
        action = api.post(user, f"{path}/terminate", {"reason": "x"}).status_code
        if user is None or not inside:
            assert action == (401 if user is None else 404), (role, level)
        elif role in ("requester", "partner_expert"):
            assert action == 403, (role, level)  # inside, but not staff
        else:
            assert action == (409 if level == "draft" else 200), (role, level)
    if user is not None:
        login(client, user.email)
    for level, project in projects.items():
        page = client.get(f"/projects/{project['id']}", follow_redirects=False)
        sees = inside or level == "public"
        assert page.status_code == (200 if sees else 404), (role, level)
        if sees and not inside:
            assert 'data-testid="project-summary"' in page.text
            assert "lan@example.org" not in page.text and 'id="channel"' not in page.text
        internals = client.get(f"/projects/{project['id']}/partners", follow_redirects=False)
        assert internals.status_code == (200 if inside else 303 if user is None else 404)
    page_list = client.get("/projects?size=100").text
    for level, project in projects.items():
        assert (project["id"] in page_list) == (inside or level == "public"), (role, level)


def test_a_coordinator_of_another_hub_made_admin_sees_everything(
    api: Api, world: World, session: Session
) -> None:
    """Admins are inside every project; a plain expert with no partner row is outside."""
    projects = _projects(api, world, session)
    admin = make_user(session, Role.admin)
    session.commit()
    assert api.get(admin, "/projects?size=100").json()["total"] == len(projects)
