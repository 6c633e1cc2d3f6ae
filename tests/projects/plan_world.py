"""A running project for the plan's tests: the requester's organization leads it (the
requester is a lead), the expert is a partner (a member, not a lead), the hub's coordinator is
staff; the outsider and the other hub's coordinator are outside (404)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from tests.world import World
from vstid.projects.models import Project, ProjectPartner
from vstid.projects.months import add_months, end_of
from vstid.projects.plan.models import PlanItem, WorkPackage

__all__ = ["PlanWorld", "make_plan_project"]


@dataclass
class PlanWorld:
    project: Project
    lead: ProjectPartner
    member: ProjectPartner
    package: WorkPackage


def make_plan_project(
    session: Session, world: World, *, months_ago: int = 6, duration: int = 24, **kw: Any
) -> PlanWorld:
    start = add_months(date.today().replace(day=1), -months_ago)
    project = Project(
        origin="direct", hub_id=world.hub.id, title=kw.pop("title", "Đóng gói tiên tiến"),
        language="vi", translations={}, fields=[], status=kw.pop("status", "active"),
        start_date=start, duration_months=duration, end_date=end_of(start, duration), **kw,
    )  # fmt: skip
    lead = ProjectPartner(
        name=world.org.name, side="vietnam", role="lead", organization_id=world.org.id, position=0
    )
    member = ProjectPartner(
        name=world.expert.display_name, side="abroad", role="partner", expert_id=world.expert.id,
        position=1,
    )  # fmt: skip
    project.partners = [lead, member]
    session.add(project)
    session.flush()
    package = WorkPackage(
        project_id=project.id, code="WP1", title="Thiết kế", lead_partner_id=lead.id,
        start_month=1, end_month=12, position=0,
    )  # fmt: skip
    session.add(package)
    session.commit()
    return PlanWorld(project, lead, member, package)


def add_item(session: Session, pw: PlanWorld, **kw: Any) -> PlanItem:
    values: dict[str, Any] = {
        "project_id": pw.project.id, "work_package_id": pw.package.id, "kind": "deliverable",
        "code": "D1.1", "title": "Báo cáo thiết kế", "status": "pending", "position": 0,
    }  # fmt: skip
    values.update(kw)
    item = PlanItem(**values)
    session.add(item)
    session.commit()
    return item
