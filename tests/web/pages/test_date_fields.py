"""Date fields of the page forms are typed as the page's locale writes dates (issue 9, defect
15): no native date input (it shows mm/dd/yyyy whatever the page's language), the pattern as a
hint, the date read back in that order, and a wrong one named in the reader's language."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.web.helpers import login, post_form
from tests.world import World, open_order
from vstid.orders.models import Order
from vstid.projects.models import Project
from vstid.projects.plan.models import PlanItem as Milestone
from vstid.proposals.models import Proposal

TEMPLATES = Path(__file__).parents[3] / "src/vstid/web/templates"
ORDER = {
    "title": "Dự báo phụ tải điện cho khu công nghiệp",
    "description": "Cần mô hình dự báo phụ tải theo giờ cho khu công nghiệp Quế Võ.",
    "language": "vi", "fields": "ai", "currency": "VND", "engagement_type": "consulting",
    "confidentiality": "public", "intent": "draft",
}  # fmt: skip


def test_no_form_uses_the_browsers_date_input() -> None:
    found = [p.name for p in TEMPLATES.rglob("*.html") if 'type="date"' in p.read_text()]
    assert found == []


def test_the_order_deadline_in_vietnamese_then_in_japanese(
    client: TestClient, world: World, session: Session
) -> None:
    login(client, world.requester.email)
    form = client.get("/orders/new").text
    assert 'placeholder="dd/mm/yyyy"' in form
    wrong = post_form(client, "/orders/new", {**ORDER, "deadline": "12/31/2031"})
    assert wrong.status_code == 422
    assert "Thời hạn không phải là ngày. Hãy viết như 31/12/2031." in wrong.text
    assert 'value="12/31/2031"' in wrong.text  # what was typed stays
    saved = post_form(client, "/orders/new", {**ORDER, "deadline": "31/12/2031"})
    assert saved.status_code == 303, saved.text
    slug = saved.headers["location"].rsplit("/", 1)[-1]
    order = session.scalars(select(Order).where(Order.slug == slug)).one()
    assert order.deadline == date(2031, 12, 31)
    assert 'value="31/12/2031"' in client.get(f"/orders/{slug}/edit").text

    assert post_form(client, "/lang", {"locale": "ja"}).status_code == 303  # the header's switch
    edit = client.get(f"/orders/{slug}/edit").text
    assert 'placeholder="yyyy/mm/dd"' in edit and 'value="2031/12/31"' in edit
    wrong = post_form(client, f"/orders/{slug}/edit", {**ORDER, "deadline": "31/12/2031"})
    assert "締切が日付ではありません。2031/12/31 のように入力してください。" in wrong.text
    moved = post_form(client, f"/orders/{slug}/edit", {**ORDER, "deadline": "2032/01/15"})
    assert moved.status_code == 303, moved.text
    session.expire_all()
    assert session.get(Order, order.id).deadline == date(2032, 1, 15)  # type: ignore[union-attr]


def test_project_dates_and_milestones(client: TestClient, world: World, session: Session) -> None:
    order = open_order(session, world)
    proposal = Proposal(
        order_id=order.id, expert_id=world.expert.id, approach="x" * 30, status="finalist"
    )
    session.add(proposal)
    session.commit()
    login(client, world.requester.email)
    path = f"/proposals/{proposal.id}/accept"
    assert client.get(path).text.count('placeholder="dd/mm/yyyy"') >= 3
    base = {"title": "Dự án thử", "milestone_title_0": "Báo cáo"}
    wrong = post_form(client, path, {**base, "start_date": "2031-31-01",
                                     "milestone_due_date_0": "mai"})  # fmt: skip
    assert wrong.status_code == 422
    assert "Ngày bắt đầu không phải là ngày." in wrong.text
    assert "Hạn hoàn thành không phải là ngày." in wrong.text
    good = post_form(client, path, {**base, "start_date": "01/06/2031", "end_date": "31/05/2032",
                                    "milestone_due_date_0": "15/01/2032"})  # fmt: skip
    assert good.status_code == 303, good.text
    project = session.scalars(select(Project).where(Project.order_id == order.id)).one()
    assert (project.start_date, project.end_date) == (date(2031, 6, 1), date(2032, 5, 31))
    due = session.scalars(select(Milestone.due_date).where(Milestone.project_id == project.id))
    assert list(due) == [date(2032, 1, 15)]
