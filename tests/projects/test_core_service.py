"""The project core's service on SQLite and PostgreSQL: dates, direct creation, the lifecycle
read from the state table, the closing hook, the consortium's recipients and amendments."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.projects.core_helpers import direct_body
from tests.world import World
from vstid.audit.models import AuditEntry
from vstid.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from vstid.core.settings import Settings
from vstid.projects.models import Project, ProjectAmendment
from vstid.projects.months import add_months, end_of, months_between
from vstid.projects.results.schemas import OwnerInput, ResultInput
from vstid.projects.results.service import ResultService
from vstid.projects.schemas import EndDateInput, LeaveInput, PartnerAdd, ProjectCreate, ProjectPatch
from vstid.projects.service import ProjectService, shown_text
from vstid.projects.states import PROJECT_STATES


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (date(2027, 1, 1), 60, date(2031, 12, 31)),
        (date(2027, 1, 31), 1, date(2027, 2, 27)),
        (date(2028, 2, 29), 12, date(2029, 2, 27)),
        (date(2027, 3, 15), 120, date(2037, 3, 14)),
    ],
)
def test_the_end_is_the_last_day_of_the_duration(start: date, months: int, end: date) -> None:
    assert end_of(start, months) == end
    assert months_between(start, end) == months
    assert add_months(date(2027, 1, 31), 1) == date(2027, 2, 28)


def _create(session: Session, settings: Settings, w: World, **kw: object) -> Project:
    service = ProjectService(session, settings)
    project = service.create(w.coordinator, ProjectCreate.model_validate(direct_body(w, **kw)))
    session.flush()
    return project


def test_create_checks_before_it_writes(session: Session, settings: Settings, world: World) -> None:
    service = ProjectService(session, settings)
    bad = direct_body(world, abroad_lead={"name": "Viện Việt", "country": "VN"})
    with pytest.raises(ValidationFailed) as refused:
        service.create(world.coordinator, ProjectCreate.model_validate(bad))
    assert refused.value.field == "abroad_lead.country"
    assert session.scalars(select(Project)).all() == []
    with pytest.raises(Forbidden):
        service.create(world.requester, ProjectCreate.model_validate(direct_body(world)))
    project = _create(session, settings, world)
    assert project.status == "draft" and project.status_changed_at is not None
    audit = session.scalars(select(AuditEntry.action).where(AuditEntry.entity_type == "project"))
    assert list(audit) == ["project.create"]


def test_allowed_actions_are_the_state_tables(
    session: Session, settings: Settings, world: World
) -> None:
    service = ProjectService(session, settings)
    project = _create(session, settings, world)
    for status in ("draft", "agreement_pending", "active", "suspended", "closing", "closed"):
        project.status = status
        for user in (world.coordinator, world.requester, world.admin):
            roles = service.roles_of(user, project)
            assert service.allowed_actions(user, project) == PROJECT_STATES.allowed(status, roles)
    assert service.allowed_actions(world.outsider, project) == []


def test_a_result_without_owners_keeps_the_project_open(
    session: Session, settings: Settings, world: World
) -> None:
    """Closing waits until every result has its owners recorded: the close is a 409 naming
    why, the button is hidden and the header lists the reason; recording them lets it close."""
    service = ProjectService(session, settings)
    project = _create(session, settings, world)
    results = ResultService(session, settings)
    result = results.add(
        world.coordinator, project.id,
        ResultInput(kind="dataset", title="Bộ dữ liệu cong vênh", result_date=date(2027, 5, 1)),
    )  # fmt: skip
    project.status = "closing"
    blocker = "every result needs its owners recorded before the project closes"
    assert service.closing_blockers(project) == [blocker]
    assert "close" not in service.allowed_actions(world.coordinator, project)
    with pytest.raises(Conflict) as refused:
        service.close(world.coordinator, project.id)
    assert refused.value.message == blocker and project.status == "closing"
    owner = OwnerInput(partner_id=project.partners[0].id, share_percent=Decimal(100))
    results.set_owners(world.coordinator, project.id, result.id, [owner])
    assert service.closing_blockers(project) == []
    service.close(world.coordinator, project.id)
    assert project.status == "closed"


def test_each_transition_is_its_own_method(
    session: Session, settings: Settings, world: World
) -> None:
    service = ProjectService(session, settings)
    project = _create(session, settings, world)
    service.submit_agreement(world.requester, project.id)
    service.activate(world.coordinator, project.id)
    with pytest.raises(ValidationFailed):
        service.suspend(world.coordinator, project.id, " ")
    service.suspend(world.coordinator, project.id, "Chờ vốn")
    assert project.status_reason == "Chờ vốn"
    service.resume(world.coordinator, project.id)
    assert project.status_reason is None
    service.start_closing(world.requester, project.id)
    with pytest.raises(Forbidden):
        service.close(world.requester, project.id)
    service.terminate(world.coordinator, project.id, "Dừng")
    assert project.status == "terminated"
    with pytest.raises(Conflict):
        service.resume(world.coordinator, project.id)
    with pytest.raises(NotFound):
        service.activate(world.foreign_coordinator, project.id)


def test_edits_partners_and_amendments(session: Session, settings: Settings, world: World) -> None:
    service = ProjectService(session, settings)
    project = _create(session, settings, world)
    service.update(world.coordinator, project.id, ProjectPatch(start_date=date(2027, 7, 1)))
    assert project.end_date == date(2032, 6, 30)
    service.update(
        world.coordinator, project.id,
        ProjectPatch.model_validate({"translations": {"ko": {"title": "첨단 패키징"}}}),
    )  # fmt: skip
    assert project.translations == {"ko": {"title": "첨단 패키징"}}
    assert shown_text(project, "ko")[0] == "첨단 패키징"
    assert shown_text(project, "ja") == (project.title, project.summary, "vi")
    project.end_date = date(2032, 12, 31)  # as an end-date amendment leaves it
    same = ProjectPatch(title="Chỉ đổi tên", start_date=date(2027, 7, 1), duration_months=60)
    service.update(world.coordinator, project.id, same)  # what the edit form sends
    assert project.end_date == date(2032, 12, 31)  # a title alone does not move the end
    project.status = "active"
    partner = service.add_partner(
        world.coordinator, project.id,
        PartnerAdd(expert_id=world.expert.id, country="JP", reason="Thêm chuyên gia"),
    )  # fmt: skip
    assert partner.side == "abroad" and partner.joined_on == date.today()
    # the expert now acts in the project: a member
    assert service.roles_of(world.expert_user, project) == {"member"}
    assert world.expert_user in service.consortium_and_staff(project)
    with pytest.raises(ValidationFailed) as refused:
        service.partner_leaves(
            world.coordinator, project.id, partner.id,
            LeaveInput(left_on=date(2020, 1, 1), reason="x"),
        )  # fmt: skip
    assert refused.value.field == "left_on"
    service.partner_leaves(
        world.coordinator, project.id, partner.id, LeaveInput(left_on=date.today(), reason="Xong")
    )
    assert service.roles_of(world.expert_user, project) == set()
    with pytest.raises(NotFound):
        service.get_inside(world.expert_user, project.id)
    amendment = service.amend_end_date(
        world.requester, project.id, EndDateInput(end_date=date(2033, 6, 30), reason="Gia hạn")
    )
    assert amendment.before == {"end_date": "2032-12-31", "duration_months": 60}
    assert (project.duration_months, amendment.number) == (72, 3)
    kinds = session.scalars(select(ProjectAmendment.kind).order_by(ProjectAmendment.number))
    assert list(kinds) == ["partner", "partner", "end_date"]
