"""Funding lines: the funder's fiscal year (April–March for a Japanese funder), the budget
amendment a change of amount is on a project past its draft, totals in VND and USD naming the
rates used, and the report section."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.projects.funding_helpers import add_rate, make_project
from tests.world import World
from vstid.audit.models import AuditEntry
from vstid.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from vstid.core.settings import Settings
from vstid.projects.funding.models import (
    FiscalConvention,
    FundingLine,
    convention_for,
    fiscal_year_bounds,
    fiscal_year_of,
)
from vstid.projects.funding.schemas import FundingLineInput, FundingPeriodInput
from vstid.projects.funding.service import FundingService, report_section
from vstid.projects.models import ProjectAmendment
from vstid.projects.sections import Money

D = Decimal


def _line(**kw: object) -> FundingLineInput:
    return FundingLineInput.model_validate({"amount": "1000000", "currency": "JPY"} | kw)


def test_fiscal_years_follow_the_funders_country() -> None:
    assert convention_for("JP") is FiscalConvention.japan_april
    assert convention_for("VN") is convention_for("KR") is convention_for(None)
    assert convention_for("KR") is FiscalConvention.calendar
    japan = FiscalConvention.japan_april.value
    assert fiscal_year_bounds(japan, 2026) == (date(2026, 4, 1), date(2027, 3, 31))
    assert fiscal_year_of(japan, date(2027, 3, 31)) == 2026
    assert fiscal_year_of(japan, date(2027, 4, 1)) == 2027
    assert fiscal_year_of(japan, date(2026, 4, 1)) == 2026
    assert fiscal_year_of("calendar", date(2027, 3, 31)) == 2027
    assert fiscal_year_bounds("calendar", 2026) == (date(2026, 1, 1), date(2026, 12, 31))


def test_a_japanese_funders_line_counts_april_to_march(
    session: Session, world: World, settings: Settings
) -> None:
    funded = make_project(session, world)
    service = FundingService(session, settings)
    line = service.add_line(
        world.requester, funded.project.id,
        _line(partner_id=str(funded.jst.id), reference="JST-SICORP-2026",
              periods=[{"fiscal_year": 2026, "committed": "500000"}]),
    )  # fmt: skip
    assert (line.funder_name, line.funder_country, line.organization_id) == (
        "JST", "JP", funded.jst.organization_id,
    )  # fmt: skip
    assert line.fiscal_convention == "japan_april"
    (period,) = line.periods
    assert (period.label, period.start_date, period.end_date) == (
        "FY2026", date(2026, 4, 1), date(2027, 3, 31),
    )  # fmt: skip
    named = service.add_line(world.coordinator, funded.project.id, _line(funder_name="FPT"))
    assert named.fiscal_convention == "calendar"  # no country: the calendar year
    set_ = service.set_period(
        world.requester, funded.project.id, named.id,
        FundingPeriodInput(fiscal_year=2027, spent=D("10")),
    )  # fmt: skip
    assert (set_.start_date, set_.end_date) == (date(2027, 1, 1), date(2027, 12, 31))


def test_who_may_write_and_who_may_read(session: Session, world: World, settings: Settings) -> None:
    funded = make_project(session, world)
    service = FundingService(session, settings)
    pid = funded.project.id
    line = service.add_line(world.requester, pid, _line(funder_name="NAFOSTED"))
    assert [x.id for x in service.lines(funded.member, pid)] == [line.id]  # members read
    with pytest.raises(Forbidden):
        service.add_line(funded.member, pid, _line(funder_name="x"))
    for outsider in (world.outsider, world.foreign_coordinator, world.expert_user):
        with pytest.raises(NotFound):
            service.lines(outsider, pid)
        with pytest.raises(NotFound):
            service.add_line(outsider, pid, _line(funder_name="x"))
    with pytest.raises(ValidationFailed) as nobody:
        service.add_line(world.requester, pid, _line())
    assert nobody.value.field == "funder_name"
    funded.project.status = "closed"
    session.commit()
    with pytest.raises(Conflict):
        service.add_line(world.admin, pid, _line(funder_name="late"))


def test_a_negative_amount_is_refused_naming_the_field() -> None:
    with pytest.raises(ValueError) as refused:
        _line(funder_name="x", amount="-1")
    assert refused.value.errors()[0]["loc"] == ("amount",)  # type: ignore[attr-defined]
    with pytest.raises(ValueError) as period:
        FundingPeriodInput(fiscal_year=2026, spent=D("-5"))
    assert period.value.errors()[0]["loc"] == ("spent",)  # type: ignore[attr-defined]


def test_a_budget_change_past_draft_is_an_amendment_with_a_reason(
    session: Session, world: World, settings: Settings
) -> None:
    funded = make_project(session, world, status="active")
    service = FundingService(session, settings)
    pid = funded.project.id
    line = service.add_line(world.requester, pid, _line(funder_name="JST"))
    session.commit()
    with pytest.raises(ValidationFailed) as refused:
        service.update_line(world.requester, pid, line.id, _line(funder_name="JST", amount="2"))
    assert refused.value.field == "reason"
    session.rollback()
    assert session.get(FundingLine, line.id).amount == D("1000000")  # type: ignore[union-attr]
    assert session.scalars(select(ProjectAmendment)).all() == []

    service.update_line(
        world.requester, pid, line.id,
        _line(funder_name="JST", amount="1200000", reason="JST raised its FY2027 budget"),
    )  # fmt: skip
    session.commit()
    amendment = session.scalars(select(ProjectAmendment)).one()
    assert (amendment.kind, amendment.reason, amendment.author_id) == (
        "budget", "JST raised its FY2027 budget", world.requester.id,
    )  # fmt: skip
    assert amendment.before == {"funder": "JST", "amount": "1000000.00", "currency": "JPY"}
    assert amendment.after == {"funder": "JST", "amount": "1200000.00", "currency": "JPY"}
    # changing the reference only is no amendment; removing a line is one
    service.update_line(
        world.requester, pid, line.id, _line(funder_name="JST", amount="1200000", reference="R")
    )
    with pytest.raises(ValidationFailed):
        service.remove_line(world.requester, pid, line.id)
    service.remove_line(world.requester, pid, line.id, "JST withdrew")
    session.commit()
    assert len(session.scalars(select(ProjectAmendment)).all()) == 2
    actions = set(session.scalars(select(AuditEntry.action)))
    assert {"project.funding.add", "project.funding.update", "project.amend"} <= actions


def test_a_draft_changes_its_amounts_freely(
    session: Session, world: World, settings: Settings
) -> None:
    funded = make_project(session, world)
    service = FundingService(session, settings)
    line = service.add_line(world.requester, funded.project.id, _line(funder_name="JST"))
    service.update_line(
        world.requester, funded.project.id, line.id, _line(funder_name="JST", amount="5")
    )
    assert line.amount == D("5")
    assert session.scalars(select(ProjectAmendment)).all() == []


def test_totals_in_vnd_and_usd_name_the_rates_used(
    session: Session, world: World, settings: Settings
) -> None:
    funded = make_project(session, world)
    service = FundingService(session, settings)
    pid = funded.project.id
    service.add_line(
        world.requester, pid,
        _line(partner_id=str(funded.jst.id), amount="1000000",
              periods=[{"fiscal_year": 2026, "committed": "1000000", "spent": "200000"}]),
    )  # fmt: skip
    service.add_line(world.requester, pid, _line(funder_name="NAFOSTED", amount="500000000",
                                                 currency="VND"))  # fmt: skip
    missing = service.consolidated(world.requester, pid, date(2026, 6, 30))
    assert not missing.complete
    assert str(missing.problems[0]) == "no JPY→VND rate recorded for 2026-06-30"
    with pytest.raises(ValidationFailed, match="JPY→VND"):
        service.consolidated_or_refuse(world.requester, pid, date(2026, 6, 30))

    jpy = add_rate(session, "JPY", "VND", "168.5", date(2026, 4, 1), date(2027, 3, 31),
                   source="JST budget rate")  # fmt: skip
    usd = add_rate(session, "USD", "VND", "25000")
    totals = service.consolidated_or_refuse(world.requester, pid, date(2026, 6, 30))
    assert totals.totals["amount"] == {"VND": D("668500000"), "USD": D("26740.00")}
    assert totals.totals["committed"] == {"VND": D("168500000"), "USD": D("6740.00")}
    assert totals.totals["spent"] == {"VND": D("33700000"), "USD": D("1348.00")}
    japan, vietnam = totals.lines
    assert [r.id for r in japan.rates] == [jpy.id, usd.id]
    assert [r.id for r in vietnam.rates] == [usd.id]


def test_the_report_section_lists_the_fiscal_periods_of_the_report(
    session: Session, world: World, settings: Settings
) -> None:
    funded = make_project(session, world)
    service = FundingService(session, settings)
    service.add_line(
        world.requester, funded.project.id,
        _line(partner_id=str(funded.jst.id), reference="JST-1",
              periods=[{"fiscal_year": y, "committed": "100", "disbursed": "50", "spent": "20"}
                       for y in (2025, 2026, 2027)]),
    )  # fmt: skip
    session.commit()
    section = report_section(session, funded.project, date(2026, 1, 1), date(2026, 12, 31))
    assert section.key == "funding"
    assert [row[2] for row in section.rows] == ["FY2025", "FY2026"]  # Apr 2025–Mar 2026 overlaps
    assert section.rows[1][:2] == ["JST", "JST-1"]
    assert section.rows[1][5:] == [Money(D("100"), "JPY"), Money(D("50"), "JPY"),
                                   Money(D("20"), "JPY")]  # fmt: skip
