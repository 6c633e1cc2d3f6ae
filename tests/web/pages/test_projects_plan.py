"""The plan and timeline pages: rendered in Vietnamese and Japanese, forms that name what is
wrong, the buttons of the state tables, overdue marked in words, 404 outside the project."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from babel.dates import format_skeleton
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.projects.plan_world import PlanWorld, add_item, make_plan_project
from tests.web.helpers import login, post_form
from tests.world import World, open_order
from vstid.projects.plan.models import PlanItem, WorkPackage


@pytest.fixture
def pw(session: Session, world: World) -> PlanWorld:
    return make_plan_project(session, world)


@pytest.mark.parametrize("locale", ["vi", "ja"])
def test_plan_and_timeline_render_in_the_readers_language(
    client: TestClient, world: World, session: Session, pw: PlanWorld, locale: str
) -> None:
    add_item(session, pw, code="D1.1", due_date=date.today() - timedelta(days=2))
    add_item(session, pw, code="M1", kind="milestone", due_month=12, position=1)
    login(client, world.requester.email)
    if locale != "vi":
        assert post_form(client, "/lang", {"locale": locale}).status_code == 303
    page = client.get(f"/projects/{pw.project.id}/plan")
    assert page.status_code == 200
    assert f'lang="{locale}"' in page.text
    assert 'data-testid="plan-item-D1.1"' in page.text and 'data-testid="overdue"' in page.text
    assert 'data-testid="overdue-summary"' in page.text
    assert 'data-testid="wp-form"' in page.text  # a lead edits the plan
    timeline = client.get(f"/projects/{pw.project.id}/timeline")
    assert timeline.status_code == 200
    start = pw.project.start_date
    assert start is not None
    assert format_skeleton("yMMM", start, locale=locale) in timeline.text  # Babel's month
    assert timeline.text.count('data-testid="gantt-row"') == 1
    assert 'data-testid="today"' in timeline.text
    overdue = timeline.text.split('data-testid="marker-D1.1"', 1)[1][:600]
    assert 'data-overdue="true"' in overdue and "D1.1 · " in overdue  # colour and words
    assert 'data-testid="marker-M1"' in timeline.text
    assert "<script" not in timeline.text.split('data-testid="timeline"', 1)[1]


def test_outsiders_get_404(client: TestClient, world: World, pw: PlanWorld) -> None:
    login(client, world.outsider.email)
    assert client.get(f"/projects/{pw.project.id}/plan").status_code == 404
    assert client.get(f"/projects/{pw.project.id}/timeline").status_code == 404


def test_forms_add_and_name_what_is_wrong(
    client: TestClient, world: World, session: Session, pw: PlanWorld
) -> None:
    login(client, world.coordinator.email)
    base = f"/projects/{pw.project.id}/plan"
    wrong = post_form(client, f"{base}/work-packages",
                      {"code": "WP2", "title": "Chế tạo", "start_month": "3", "end_month": "40"})  # fmt: skip
    assert wrong.status_code == 422 and 'id="end_month-error"' in wrong.text
    assert 'value="Chế tạo"' in wrong.text  # what was typed is kept
    good = post_form(client, f"{base}/work-packages",
                     {"code": "WP2", "title": "Chế tạo", "start_month": "3", "end_month": "9",
                      "lead_partner_id": str(pw.member.id)})  # fmt: skip
    assert good.status_code == 303
    due = (date.today() + timedelta(days=30)).strftime("%d/%m/%Y")  # as Vietnamese write dates
    item = {"work_package_id": str(pw.package.id), "kind": "deliverable", "code": "D1.1",
            "title": "Báo cáo", "due_date": due}  # fmt: skip
    both = post_form(client, f"{base}/items", item | {"due_month": "2"})
    assert both.status_code == 422 and 'id="due_date-error"' in both.text
    late = post_form(client, f"{base}/items", item | {"due_date": "01/01/2100"})
    assert late.status_code == 422 and 'id="due_date-error"' in late.text
    assert post_form(client, f"{base}/items", item).status_code == 303
    session.expire_all()
    saved = session.query(PlanItem).filter_by(project_id=pw.project.id).one()
    assert saved.due_date == date.today() + timedelta(days=30)
    assert session.query(WorkPackage).filter_by(project_id=pw.project.id).count() == 2


def test_buttons_follow_the_state_table_and_files_are_checked(
    client: TestClient, world: World, session: Session, pw: PlanWorld
) -> None:
    item = add_item(session, pw, due_month=5)
    path = f"/projects/{pw.project.id}/plan/items/{item.id}"
    login(client, world.expert_user.email)
    page = client.get(f"/projects/{pw.project.id}/plan").text
    assert 'data-testid="act-draft-D1.1"' in page and "act-accept" not in page
    assert 'data-testid="wp-form"' not in page  # a member does not edit the plan
    bad = post_form(client, f"{path}/draft", {"comment": ""}, files=[("file", ("r.pdf", b"no"))])
    assert bad.status_code == 422 and 'id="attachments-error"' in bad.text
    drafted = post_form(client, f"{path}/draft", {"comment": "Bản nháp"},
                        files=[("file", ("r.pdf", b"%PDF-1.4 draft"))])  # fmt: skip
    assert drafted.status_code == 303
    assert post_form(client, f"{path}/submit", {"comment": ""}).status_code == 303
    page = client.get(f"/projects/{pw.project.id}/plan").text
    assert 'data-testid="item-file"' in page and "“Bản nháp”" not in page  # the submit's
    assert client.get(f"{path}/file").content == b"%PDF-1.4 draft"
    client.cookies.clear()
    login(client, world.coordinator.email)
    page = client.get(f"/projects/{pw.project.id}/plan").text
    assert (
        'data-testid="act-accept-D1.1"' in page
        and 'data-testid="act-request_revision-D1.1"' in page
    )
    no_comment = post_form(client, f"{path}/request_revision", {"comment": ""})
    assert no_comment.status_code == 422 and 'id="comment-error"' in no_comment.text
    assert post_form(client, f"{path}/accept", {"comment": "Tốt"}).status_code == 303
    session.expire_all()
    assert session.get(PlanItem, item.id).status == "accepted"  # type: ignore[union-attr]


def test_the_project_page_links_the_plan(
    client: TestClient, world: World, session: Session
) -> None:
    pw = make_plan_project(session, world, order_id=open_order(session, world).id)
    add_item(session, pw, code="M1", kind="milestone", due_month=2)
    login(client, world.requester.email)
    page = client.get(f"/projects/{pw.project.id}")
    assert page.status_code == 200, page.text[:2000]
    assert 'data-testid="plan-summary"' in page.text and 'data-testid="reach-M1"' in page.text
    assert f'href="/projects/{pw.project.id}/timeline"' in page.text
