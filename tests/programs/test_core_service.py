"""ProgramService beneath the API: every change audited, nothing half-saved on a refusal,
the budget converted through a cross rate with the rates it used, roles from hubs and
agencies."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.builders import make_org
from tests.programs.world import ProgramWorld
from tests.projects.funding_helpers import add_rate
from vstid.audit.models import AuditEntry
from vstid.core.errors import Conflict, Forbidden, ValidationFailed
from vstid.core.settings import Settings
from vstid.programs.models import Program, ProgramHub
from vstid.programs.schemas import AgencyInput, ProgramCreate
from vstid.programs.service import ProgramService
from vstid.programs.states import AGENCY, STAFF


def _create(pw: ProgramWorld, funder: object = None, **kw: object) -> ProgramCreate:
    data = {"slug": "semi-2030", "title": "Bán dẫn 2030", "start_year": 2027, "end_year": 2036,
            "fields": ["semiconductors"],
            "agencies": [{"organization_id": pw.vn_agency_org.id},
                         {"organization_id": funder or pw.vn_agency_org.id, "role": "funder"}]}  # fmt: skip
    return ProgramCreate.model_validate(data | kw)


def test_changes_are_audited_and_refusals_leave_nothing(
    session: Session, settings: Settings, pw: ProgramWorld
) -> None:
    service = ProgramService(session, settings)
    fund = make_org(session, pw.w.hub, name="Korea Fund", kind="fund", country="KR")
    program = service.create(pw.w.coordinator, _create(pw, fund.id))
    assert [a.role for a in program.agencies] == ["owner", "funder"]
    # a funder does not make a joint program: owners from one country only
    with pytest.raises(Conflict):
        service.transition(pw.w.coordinator, program.id, "activate")
    service.add_agency(
        pw.w.coordinator, program.id, AgencyInput(organization_id=pw.jp_agency_org.id)
    )
    with pytest.raises(ValidationFailed):
        service.add_agency(pw.w.coordinator, program.id,
                           AgencyInput(organization_id=pw.jp_agency_org.id))  # fmt: skip
    session.refresh(program)
    service.transition(pw.w.coordinator, program.id, "activate")
    actions = list(session.scalars(
        select(AuditEntry.action).where(AuditEntry.entity_id == str(program.id))
        .order_by(AuditEntry.at)))  # fmt: skip
    assert actions == ["program.create", "program.agency_add", "program.activate"]
    bad = _create(pw, fund.id, slug="other-one", agencies=[{"organization_id": pw.w.org.id}])
    with pytest.raises(ValidationFailed) as refused:
        service.create(pw.w.coordinator, bad)
    assert refused.value.field == "agencies.0"
    assert session.scalars(select(Program).where(Program.slug == "other-one")).first() is None


def test_roles_come_from_the_hubs_and_the_owner_agencies(
    session: Session, settings: Settings, pw: ProgramWorld
) -> None:
    service = ProgramService(session, settings)
    program = service.get_visible(None, pw.program.id)
    assert service.roles_of(pw.w.coordinator, program) == {STAFF}
    assert service.roles_of(pw.vn_officer, program) == {AGENCY}
    assert service.roles_of(pw.w.foreign_coordinator, program) == set()
    # a coordinator of another hub taking part is staff too
    session.add(ProgramHub(program_id=program.id, hub_id=pw.w.foreign_coordinator.hub_id))
    session.flush()
    assert service.roles_of(pw.w.foreign_coordinator, program) == {STAFF}
    with pytest.raises(Forbidden):
        service.transition(pw.vn_officer, program.id, "close")


def test_the_budget_converts_through_a_cross_rate(
    session: Session, settings: Settings, pw: ProgramWorld
) -> None:
    service = ProgramService(session, settings)
    day = date(2026, 6, 1)
    add_rate(session, "JPY", "USD", "0.0066")
    add_rate(session, "USD", "VND", "25000")
    budget = service.budget(service.get_visible(None, pw.program.id), day)
    assert budget.problem is None
    assert budget.totals == {"VND": Decimal("50000000000"), "JPY": Decimal("300000000")}
    # JPY→VND has no direct rate: through USD; VND→USD is the inverse of USD→VND
    assert (
        budget.converted["VND"]
        == Decimal("50000000000") + Decimal("300000000") * Decimal("0.0066") * 25000
    )
    assert budget.converted["USD"] == Decimal("2000000.00") + Decimal("1980000.00")
    assert {(r.currency, r.quote) for r in budget.rates} == {("JPY", "USD"), ("USD", "VND")}
