"""The plan's rules in the service: month-N due dates follow the start date, what is overdue,
reminders once per period per deliverable, the plan's report section."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.projects.plan_world import add_item, make_plan_project
from tests.world import World
from vstid.core.errors import ValidationFailed
from vstid.core.models import utcnow
from vstid.core.settings import Settings
from vstid.notifications import messages as msg
from vstid.notifications.models import Notification
from vstid.projects.months import add_months, end_of
from vstid.projects.plan.models import PlanItemKind
from vstid.projects.plan.schemas import PlanItemInput
from vstid.projects.plan.service import PlanService, report_section
from vstid.projects.sections import Label
from vstid.reminders.service import Reminders


def test_month_arithmetic() -> None:
    assert add_months(date(2027, 1, 31), 1) == date(2027, 2, 28)
    assert end_of(date(2027, 1, 1), 1) == date(2027, 1, 31)
    assert end_of(date(2027, 1, 1), 12) == date(2027, 12, 31)
    assert end_of(date(2027, 3, 15), 1) == date(2027, 4, 14)


def test_a_due_month_moves_with_the_start_date(
    session: Session, world: World, settings: Settings
) -> None:
    pw = make_plan_project(session, world)
    item = add_item(session, pw, due_month=3)
    fixed = add_item(session, pw, code="D1.2", due_date=date(2030, 1, 1), position=1)
    service = PlanService(session, settings)
    start = pw.project.start_date
    assert start is not None
    view = service.item(world.requester, pw.project.id, item.id)
    assert view.effective_due_date == end_of(start, 3)
    pw.project.start_date = date(2031, 2, 15)
    pw.project.end_date = date(2033, 2, 14)
    session.commit()
    assert service.item(world.requester, pw.project.id, item.id).effective_due_date == date(
        2031, 5, 14
    )
    assert service.item(world.requester, pw.project.id, fixed.id).effective_due_date == date(
        2030, 1, 1
    )


def test_overdue_is_past_due_and_not_done(
    session: Session, world: World, settings: Settings
) -> None:
    pw = make_plan_project(session, world)
    yesterday, today = date.today() - timedelta(days=1), date.today()
    late = add_item(session, pw, code="D1", due_date=yesterday)
    late_submitted = add_item(session, pw, code="D2", due_date=yesterday, status="submitted")
    accepted = add_item(session, pw, code="D3", due_date=yesterday, status="accepted")
    due_today = add_item(session, pw, code="D4", due_date=today)
    reached = add_item(session, pw, code="M1", kind="milestone", due_date=yesterday,
                       status="reached")  # fmt: skip
    late_milestone = add_item(session, pw, code="M2", kind="milestone", due_month=1)
    views = {
        v.id: v for v in PlanService(session, settings).items(world.coordinator, pw.project.id)
    }
    assert views[late.id].overdue and views[late_submitted.id].overdue
    assert views[late_milestone.id].overdue
    assert not views[accepted.id].overdue and not views[due_today.id].overdue
    assert not views[reached.id].overdue


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"due_date": "2100-01-01"}, "due_date"),
        ({"due_month": 25}, "due_month"),
    ],
)
def test_a_due_date_after_the_end_is_refused_and_nothing_saved(
    session: Session, world: World, settings: Settings, values: dict, field: str
) -> None:
    pw = make_plan_project(session, world)
    data = PlanItemInput.model_validate(
        {
            "work_package_id": pw.package.id,
            "kind": "deliverable",
            "code": "D9",
            "title": "Muộn",
            **values,
        }
    )
    with pytest.raises(ValidationFailed) as refused:
        PlanService(session, settings).add_item(world.requester, pw.project.id, data)
    assert refused.value.field == field
    assert PlanService(session, settings).items(world.requester, pw.project.id) == []


def _reminders(session: Session, user_id: object) -> list[Notification]:
    stmt = select(Notification).where(
        Notification.user_id == user_id, Notification.kind == "reminder"
    )
    return list(session.scalars(stmt.order_by(Notification.created_at)))


def test_reminders_reach_the_consortium_once_per_period(
    session: Session, world: World, settings: Settings
) -> None:
    pw = make_plan_project(session, world)
    soon = add_item(session, pw, code="D1", due_date=date.today() + timedelta(days=5))
    late = add_item(session, pw, code="D2", due_date=date.today() - timedelta(days=3), position=1)
    add_item(session, pw, code="D3", due_date=date.today() + timedelta(days=40), position=2)
    add_item(session, pw, code="D4", due_date=date.today() + timedelta(days=2), position=3,
             status="submitted")  # fmt: skip
    add_item(session, pw, code="M1", kind=PlanItemKind.milestone.value, position=4,
             due_date=date.today() + timedelta(days=2))  # fmt: skip
    report = Reminders(session, settings).run()
    session.commit()
    # two deliverables, each to the two people acting for the partners
    assert report.deliverables == 4
    for person in (world.requester, world.expert_user):
        told = _reminders(session, person.id)
        assert sorted(n.message for n in told) == sorted(
            [msg.REMIND_PLAN_DUE, msg.REMIND_PLAN_OVERDUE]
        )
        assert {n.params["item"] for n in told} == {f"D1 {soon.title}", f"D2 {late.title}"}
    assert _reminders(session, world.coordinator.id) == []
    assert _reminders(session, world.outsider.id) == []
    assert Reminders(session, settings).run().deliverables == 0  # not again within the period
    later = utcnow() + timedelta(days=settings.reminder_after_days + 1)
    assert Reminders(session, settings).run(later).deliverables == 4  # the next period


def test_closed_projects_and_partners_who_left_hear_nothing(
    session: Session, world: World, settings: Settings
) -> None:
    pw = make_plan_project(session, world)
    add_item(session, pw, code="D1", due_date=date.today() + timedelta(days=1))
    pw.member.left_on = date.today()
    session.commit()
    assert Reminders(session, settings).run().deliverables == 1  # the lead's member only
    assert _reminders(session, world.expert_user.id) == []
    closed = make_plan_project(session, world, status="closed", title="Đã đóng")
    add_item(session, closed, code="D1", due_date=date.today() + timedelta(days=1))
    later = utcnow() + timedelta(days=settings.reminder_after_days + 1)
    assert Reminders(session, settings).run(later).deliverables == 1  # the first project again


def test_report_section_lists_items_due_or_decided_in_the_period(
    session: Session, world: World, settings: Settings
) -> None:
    pw = make_plan_project(session, world)
    start = date.today().replace(day=1)
    add_item(session, pw, code="D1", due_date=start + timedelta(days=3))
    add_item(session, pw, code="D2", due_date=start - timedelta(days=40), status="accepted",
             decided_at=utcnow(), position=1)  # fmt: skip
    add_item(session, pw, code="D3", due_date=start - timedelta(days=40), position=2)
    section = report_section(session, pw.project, start, add_months(start, 1))
    assert section.key == "plan"
    assert [row[1] for row in section.rows] == ["D1", "D2"]
    assert section.rows[1][5] == Label("accepted") and section.rows[0][4] == start + timedelta(
        days=3
    )
    assert len(section.columns) == len(section.rows[0])
