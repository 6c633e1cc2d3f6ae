"""The project core's pages: the browse list, the creation and edit forms (CSRF, field errors
that keep what was typed), the project page with its header, buttons and tabs, the public
summary, the consortium and amendments pages and the channel — in Vietnamese and Japanese."""

from __future__ import annotations

import re
from datetime import date

import pytest
from babel.dates import format_date
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.projects.core_helpers import create_direct, set_status
from tests.web.helpers import csrf_from, login, post_form
from tests.world import Api, World
from vstid.projects.models import Project, ProjectAmendment, ProjectPartner


def _create_form(world: World, **overrides: str) -> dict[str, str]:
    form = {
        "title": "Đóng gói tiên tiến",
        "summary": "Nghiên cứu chung",
        "language": "vi",
        "title_ja": "先端パッケージング",
        "start_date": "01/01/2027",
        "duration_months": "60",
        "fields": "semiconductors",
        "vietnam_lead_organization_id": str(world.org.id),
        "abroad_lead_name": "Tohoku University",
        "abroad_lead_country": "JP",
    }
    form.update(overrides)
    return form


def test_a_coordinator_records_a_project_through_the_form(
    client: TestClient, world: World, session: Session
) -> None:
    login(client, world.coordinator.email)
    page = client.get("/projects/new")
    assert page.status_code == 200 and 'name="csrf_token"' in page.text
    no_csrf = client.post("/projects/new", data=_create_form(world), follow_redirects=False)
    assert no_csrf.status_code in (400, 403)
    bad = post_form(client, "/projects/new", _create_form(world, duration_months="121",
                                                        abroad_lead_name="Tohoku Uni X"))  # fmt: skip
    assert bad.status_code == 422
    assert 'id="duration_months-error"' in bad.text
    assert 'value="Tohoku Uni X"' in bad.text and 'value="121"' in bad.text  # kept
    assert session.scalars(select(Project)).all() == []
    wrong_side = post_form(client, "/projects/new", _create_form(world, abroad_lead_country="VN"))
    assert wrong_side.status_code == 422 and 'id="abroad_lead.country-error"' in wrong_side.text
    assert session.scalars(select(Project)).all() == []  # nothing half-saved
    bad_date = post_form(client, "/projects/new", _create_form(world, start_date="31/02/2027"))
    assert bad_date.status_code == 422 and 'id="start_date-error"' in bad_date.text
    good = post_form(client, "/projects/new", _create_form(world))
    assert good.status_code == 303, re.findall('role="alert">([^<]*)', good.text)
    project = session.scalars(select(Project)).one()
    assert (project.status, project.origin, str(project.end_date)) == ("draft", "direct",
                                                                         "2031-12-31")  # fmt: skip
    assert project.translations == {"ja": {"title": "先端パッケージング"}}
    detail = client.get(good.headers["location"])
    assert 'data-testid="project-head"' in detail.text
    assert 'data-testid="action-submit_agreement"' in detail.text
    assert 'data-testid="action-activate"' not in detail.text
    assert f'href="/projects/{project.id}/partners"' in detail.text


def test_a_requester_is_not_offered_the_form(client: TestClient, world: World) -> None:
    login(client, world.requester.email)
    assert client.get("/projects/new").status_code == 403


def test_edit_form_keeps_input_and_names_the_field(
    client: TestClient, api: Api, world: World, session: Session
) -> None:
    project = create_direct(api, world)
    login(client, world.requester.email)
    path = f"/projects/{project['id']}/edit"
    assert 'value="Đóng gói tiên tiến cho bán dẫn"' in client.get(path).text
    bad = post_form(client, path, {"title": "Tên mới", "language": "vi", "start_date": "01/04/2027",
                                   "duration_months": "200"})  # fmt: skip
    assert bad.status_code == 422 and 'id="duration_months-error"' in bad.text
    assert 'value="Tên mới"' in bad.text
    good = post_form(client, path, {"title": "Tên mới", "language": "vi",
                                    "start_date": "01/04/2027", "duration_months": "60"})  # fmt: skip
    assert good.status_code == 303
    session.expire_all()
    row = session.get(Project, __import__("uuid").UUID(project["id"]))
    assert row is not None and str(row.end_date) == "2032-03-31" and row.title == "Tên mới"


def test_lifecycle_buttons_follow_the_state_table(
    client: TestClient, api: Api, world: World, session: Session
) -> None:
    project = create_direct(api, world)
    base = f"/projects/{project['id']}"
    login(client, world.coordinator.email)
    assert post_form(client, f"{base}/submit_agreement", {}).status_code == 303
    assert post_form(client, f"{base}/activate", {}).status_code == 303
    page = client.get(base).text
    for shown in ("suspend", "start_closing", "terminate"):
        assert f'data-testid="action-{shown}"' in page
    assert 'data-testid="action-resume"' not in page
    post_form(client, f"{base}/suspend", {"reason": ""})
    assert session.get(Project, __import__("uuid").UUID(project["id"])).status == "active"  # type: ignore[union-attr]
    post_form(client, f"{base}/suspend", {"reason": "Chờ giải ngân"})
    session.expire_all()
    page = client.get(base).text
    assert "Chờ giải ngân" in page and 'data-testid="action-resume"' in page
    assert post_form(client, f"{base}/close", {}).status_code == 409


def test_consortium_page_history_and_errors(
    client: TestClient, api: Api, world: World, session: Session
) -> None:
    project = create_direct(api, world)
    base = f"/projects/{project['id']}/partners"
    login(client, world.coordinator.email)
    assert 'data-testid="partner-form"' in client.get(base).text
    second = post_form(client, base, {"name": "Viện Hai", "country": "VN", "role": "lead"})
    assert second.status_code == 422 and 'id="role-error"' in second.text
    assert 'value="Viện Hai"' in second.text
    added = post_form(client, base, {"name": "JST", "country": "JP", "role": "funder",
                                     "joined_on": "01/02/2027"})  # fmt: skip
    assert added.status_code == 303
    jst = session.scalars(select(ProjectPartner).where(ProjectPartner.name == "JST")).one()
    leave = f"{base}/{jst.id}/leave"
    early = post_form(client, leave, {"left_on": "01/01/2027"})
    assert early.status_code == 422 and f'id="left_on_{jst.id}-error"' in early.text
    assert post_form(client, leave, {"left_on": "01/03/2028"}).status_code == 303
    page = client.get(base).text
    assert page.count('data-testid="partner-row"') == 3 and "JST" in page  # history kept


def test_amendments_page(client: TestClient, api: Api, world: World, session: Session) -> None:
    project = create_direct(api, world)
    set_status(session, project["id"], "active")
    base = f"/projects/{project['id']}/amendments"
    login(client, world.coordinator.email)
    assert 'data-testid="end-date-form"' in client.get(base).text
    bad = post_form(client, f"{base}/end-date", {"end_date": "31/12/2032", "reason": ""})
    assert bad.status_code == 422 and 'id="reason-error"' in bad.text
    assert 'value="31/12/2032"' in bad.text
    early = post_form(client, f"{base}/end-date", {"end_date": "31/12/2020", "reason": "x"})
    assert early.status_code == 422 and 'id="end_date-error"' in early.text
    good = post_form(client, f"{base}/end-date", {"end_date": "31/12/2032", "reason": "Dịch"})
    assert good.status_code == 303
    assert session.scalars(select(ProjectAmendment)).one().reason == "Dịch"
    page = client.get(base).text
    assert page.count('data-testid="amendment-row"') == 1 and "Dịch" in page
    assert world.coordinator.display_name in page
    # before and after as the reader reads dates (the record keeps ISO)
    assert "2032-12-31" not in page
    assert format_date(date(2032, 12, 31), "medium", locale="vi") in page


@pytest.mark.parametrize(("lang", "word"), [("vi", "Liên danh"), ("ja", "コンソーシアム")])
def test_pages_render_in_vietnamese_and_japanese(
    client: TestClient, api: Api, world: World, session: Session, lang: str, word: str
) -> None:
    project = create_direct(api, world)
    world.coordinator.locale = lang  # a signed-in reader's own language wins over the cookie
    session.commit()
    client.cookies.set("vstid_lang", lang)
    login(client, world.coordinator.email)
    for path in ("", "/partners", "/amendments", "/edit"):
        response = client.get(f"/projects/{project['id']}{path}")
        assert response.status_code == 200, path
    assert word in client.get(f"/projects/{project['id']}/partners").text
    assert client.get("/projects").status_code == 200
    assert client.get("/projects/new").status_code == 200
    assert client.get("/projects/mine").status_code == 200


def test_public_summary_and_confidential(
    client: TestClient, api: Api, world: World, session: Session
) -> None:
    public = create_direct(api, world)
    secret = create_direct(api, world, confidential=True, title="Dự án kín")
    assert client.get(f"/projects/{public['id']}").status_code == 404  # a draft
    for p in (public, secret):
        set_status(session, p["id"], "active")
    client.cookies.set("vstid_lang", "ja")
    summary = client.get(f"/projects/{public['id']}")
    assert summary.status_code == 200 and 'data-testid="project-summary"' in summary.text
    assert "半導体先端パッケージング" in summary.text  # the reader's language
    assert "lan@example.org" not in summary.text and 'data-testid="channel"' not in summary.text
    assert 'data-testid="public-results"' in summary.text
    client.cookies.set("vstid_lang", "ko")
    korean = client.get(f"/projects/{public['id']}").text
    assert "Đóng gói tiên tiến cho bán dẫn" in korean and 'data-testid="source-language"' in korean
    assert client.get(f"/projects/{secret['id']}").status_code == 404
    listing = client.get("/projects").text
    assert public["id"] in listing and secret["id"] not in listing
    internals = client.get(f"/projects/{public['id']}/partners", follow_redirects=False)
    assert internals.status_code in (303, 401, 404)
    login(client, world.outsider.email)
    assert client.get(f"/projects/{secret['id']}").status_code == 404
    assert client.get(f"/projects/{public['id']}/amendments").status_code == 404
    assert secret["id"] not in client.get("/projects").text


def test_the_channel_on_the_project_page(
    client: TestClient, api: Api, world: World, session: Session
) -> None:
    project = create_direct(api, world)
    login(client, world.requester.email)
    base = f"/projects/{project['id']}"
    token = csrf_from(client, base)
    sent = client.post(f"{base}/messages", data={"body": "Xin chào nhóm", "csrf_token": token},
                       follow_redirects=False)  # fmt: skip
    assert sent.status_code == 303
    page = client.get(base).text
    assert page.count('data-testid="channel-message"') == 1 and "Xin chào nhóm" in page
