"""The risk register: raised and changed by those inside (lead, member, staff), its state
recorded per report while the report is written; the register shows the latest state."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError
from sqlalchemy.orm import Session

from tests.projects.reporting import Reporting, make_project
from tests.world import World
from vstid.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from vstid.core.settings import Settings
from vstid.projects.reports.schemas import NarrativeInput, ReportRuleInput
from vstid.projects.reports.service import ReportService
from vstid.projects.risks.models import RiskState
from vstid.projects.risks.schemas import AssessmentInput, RiskInput
from vstid.projects.risks.service import RiskService, report_section
from vstid.projects.sections import Label


@pytest.fixture
def rep(session: Session, world: World) -> Reporting:
    return make_project(session, world)


def _risk(**kw: object) -> RiskInput:
    body: dict[str, object] = {"description": "Chậm nhập khẩu máy đóng gói", "likelihood": "high",
                               "impact": 5, "mitigation": "Đặt hàng sớm"}  # fmt: skip
    return RiskInput.model_validate(body | kw)


def test_levels_are_words_or_one_to_five() -> None:
    assert (_risk().likelihood, _risk(likelihood="LOW").likelihood) == (4, 2)
    for bad in (0, 6, "extreme"):
        with pytest.raises(ValidationError) as error:
            _risk(likelihood=bad)
        assert error.value.errors()[0]["loc"] == ("likelihood",)


def test_who_writes_the_register(session: Session, settings: Settings, rep: Reporting) -> None:
    service = RiskService(session, settings)
    pid = rep.project.id
    for writer in (rep.member, rep.w.requester, rep.w.expert_user, rep.w.coordinator):
        service.raise_risk(writer, pid, _risk())
    assert len(service.register(rep.w.admin, pid)) == 4
    for outsider in (rep.w.outsider, rep.w.foreign_coordinator, rep.w.other_expert_user):
        with pytest.raises(NotFound):
            service.raise_risk(outsider, pid, _risk())
        with pytest.raises(NotFound):
            service.register(outsider, pid)
    with pytest.raises(ValidationFailed) as bad:
        service.raise_risk(rep.member, pid, _risk(owner_partner_id=rep.w.org.id))
    assert bad.value.field == "owner_partner_id"
    row = service.raise_risk(rep.member, pid, _risk(owner_partner_id=rep.funder.id))
    assert row.owner_name == "JST" and row.state == "open" and row.risk.score == 20
    assert row.risk.raised_on == date.today()
    changed = service.update(rep.w.requester, pid, row.risk.id, _risk(impact="low"))
    assert changed.risk.impact == 2 and changed.owner_name is None


def test_state_per_report_and_the_latest_in_the_register(
    session: Session, settings: Settings, rep: Reporting
) -> None:
    reports, risks = ReportService(session, settings), RiskService(session, settings)
    pid = rep.project.id
    reports.set_rule(rep.w.coordinator, pid, ReportRuleInput(frequency="yearly"))
    first, second = reports.calendar(rep.member, pid).reports
    risk = risks.raise_risk(rep.member, pid, _risk(raised_on=date(2026, 5, 1))).risk
    assess = AssessmentInput(report_id=first.id, state=RiskState.mitigated, note="Đã đặt hàng")
    assert risks.assess(rep.member, pid, risk.id, assess).state == "mitigated"
    # recording again in the same report replaces the state
    again = assess.model_copy(update={"state": RiskState.occurred, "note": "Máy về trễ"})
    assert risks.assess(rep.w.coordinator, pid, risk.id, again).state == "occurred"
    later = AssessmentInput(report_id=second.id, state=RiskState.closed, note="Đã xong")
    risks.assess(rep.w.requester, pid, risk.id, later)
    [row] = risks.register(rep.member, pid)
    assert (row.state, row.note, row.report_id) == ("closed", "Đã xong", second.id)
    # each report's section shows the state as of its own period
    section = report_section(session, rep.project, first.period_start, first.period_end)
    assert section.rows[0][5:7] == [Label("occurred"), "Máy về trễ"]
    # a submitted report takes no new state; a report of another project is not one
    reports.write(rep.member, pid, first.id, NarrativeInput(narratives={"vi": "Xong."}))
    reports.submit(rep.member, pid, first.id)
    with pytest.raises(Conflict):
        risks.assess(rep.member, pid, risk.id, assess)
    other = AssessmentInput(report_id=rep.w.org.id, state=RiskState.open)
    with pytest.raises(ValidationFailed) as bad:
        risks.assess(rep.member, pid, risk.id, other)
    assert bad.value.field == "report_id"
    with pytest.raises(NotFound):
        risks.assess(rep.w.outsider, pid, risk.id, later)


def test_a_signed_in_stranger_to_the_project_may_not_write(
    session: Session, settings: Settings, rep: Reporting
) -> None:
    with pytest.raises(NotFound):
        RiskService(session, settings).raise_risk(rep.w.outsider, rep.project.id, _risk())
    with pytest.raises(Forbidden):
        ReportService(session, settings).set_rule(
            rep.member, rep.project.id, ReportRuleInput(frequency="yearly")
        )
