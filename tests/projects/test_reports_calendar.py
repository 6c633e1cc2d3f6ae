"""The report calendar: generated from a rule (yearly, half-yearly, quarterly; from the
project's start or a fiscal year), due N days after each period, generated again
idempotently when the end date moves: only open, untouched reports move or go."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session

from tests.projects.reporting import Reporting, make_project
from tests.world import World
from vstid.core.errors import Forbidden, NotFound, ValidationFailed
from vstid.core.settings import Settings
from vstid.projects.reports.calendar import periods
from vstid.projects.reports.models import Anchor, Frequency
from vstid.projects.reports.schemas import NarrativeInput, ReportRuleInput
from vstid.projects.reports.service import ReportService


@pytest.fixture
def rep(session: Session, world: World) -> Reporting:
    return make_project(session, world)


Y, H, Q = Frequency.yearly, Frequency.half_yearly, Frequency.quarterly


def _spans(reports: list) -> list[tuple[date, date, date]]:
    return [(r.period_start, r.period_end, r.due_date) for r in reports]


@pytest.mark.parametrize(
    ("start", "end", "frequency", "anchor", "expected"),
    [
        (date(2026, 7, 15), date(2028, 7, 14), Y, Anchor.project_start,
         [(date(2026, 7, 15), date(2027, 7, 14)), (date(2027, 7, 15), date(2028, 7, 14))]),
        (date(2026, 7, 15), date(2028, 7, 14), Y, Anchor.april_march,
         [(date(2026, 7, 15), date(2027, 3, 31)), (date(2027, 4, 1), date(2028, 3, 31)),
          (date(2028, 4, 1), date(2028, 7, 14))]),
        (date(2026, 7, 15), date(2027, 12, 31), H, Anchor.calendar_year,
         [(date(2026, 7, 15), date(2026, 12, 31)), (date(2027, 1, 1), date(2027, 6, 30)),
          (date(2027, 7, 1), date(2027, 12, 31))]),
        (date(2026, 5, 1), date(2027, 3, 31), Q, Anchor.april_march,
         [(date(2026, 5, 1), date(2026, 6, 30)), (date(2026, 7, 1), date(2026, 9, 30)),
          (date(2026, 10, 1), date(2026, 12, 31)), (date(2027, 1, 1), date(2027, 3, 31))]),
        (date(2026, 1, 31), date(2026, 7, 30), Q, Anchor.project_start,
         [(date(2026, 1, 31), date(2026, 4, 29)), (date(2026, 4, 30), date(2026, 7, 30))]),
    ],
)  # fmt: skip
def test_periods(start: date, end: date, frequency: Frequency, anchor: Anchor,
                 expected: list) -> None:  # fmt: skip
    assert periods(start, end, frequency, anchor) == expected


def test_yearly_rule_generates_reports_due_thirty_days_after(
    session: Session, settings: Settings, rep: Reporting
) -> None:
    service = ReportService(session, settings)
    service.set_rule(rep.w.coordinator, rep.project.id, ReportRuleInput(frequency=Y))
    reports = service.calendar(rep.w.coordinator, rep.project.id).reports
    assert _spans(reports) == [
        (date(2026, 4, 1), date(2027, 3, 31), date(2027, 4, 30)),
        (date(2027, 4, 1), date(2028, 3, 31), date(2028, 4, 30)),
    ]
    assert [r.number for r in reports] == [1, 2] and {r.status for r in reports} == {"open"}


def test_half_yearly_on_the_japanese_fiscal_year_per_funder(
    session: Session, settings: Settings, rep: Reporting
) -> None:
    """A project starting mid-year: the first half is cut short at 30 September."""
    rep.project.start_date = date(2026, 6, 15)
    session.flush()
    service = ReportService(session, settings)
    rule = ReportRuleInput(frequency=H, anchor=Anchor.april_march,
                           funder_partner_id=rep.funder.id, due_days=60)  # fmt: skip
    saved = service.set_rule(rep.w.requester, rep.project.id, rule)  # a lead sets it too
    assert saved.funder_name == "JST"
    reports = service.calendar(rep.w.requester, rep.project.id).reports
    assert [(r.period_start, r.period_end) for r in reports] == [
        (date(2026, 6, 15), date(2026, 9, 30)),
        (date(2026, 10, 1), date(2027, 3, 31)),
        (date(2027, 4, 1), date(2027, 9, 30)),
        (date(2027, 10, 1), date(2028, 3, 31)),
    ]
    assert reports[0].due_date == date(2026, 11, 29)
    assert {r.funder_name for r in reports} == {"JST"}
    # setting it again changes that funder's rule, it adds none
    service.set_rule(rep.w.requester, rep.project.id, rule.model_copy(update={"due_days": 30}))
    again = service.calendar(rep.w.requester, rep.project.id)
    assert len(again.rules) == 1 and len(again.reports) == 4
    assert again.reports[0].due_date == date(2026, 10, 30)
    # a second rule for another funder, by name, adds its own calendar beside the first
    service.set_rule(rep.w.coordinator, rep.project.id,
                     ReportRuleInput(frequency=Y, funder_name="NAFOSTED"))  # fmt: skip
    calendar = service.calendar(rep.w.coordinator, rep.project.id)
    assert len(calendar.rules) == 2 and len(calendar.reports) == 6


def test_generating_again_is_idempotent_and_moves_only_untouched_reports(
    session: Session, settings: Settings, rep: Reporting
) -> None:
    service = ReportService(session, settings)
    pid, coordinator = rep.project.id, rep.w.coordinator
    service.set_rule(coordinator, pid, ReportRuleInput(frequency=H))
    first = service.calendar(coordinator, pid).reports
    assert len(first) == 4
    service.generate(coordinator, pid)
    assert [r.id for r in service.calendar(coordinator, pid).reports] == [r.id for r in first]
    # the consortium writes in the last report, then the end date moves a year earlier
    service.write(rep.member, pid, first[3].id, NarrativeInput(narratives={"vi": "Đã viết."}))
    rep.project.end_date = date(2027, 3, 31)
    session.flush()
    service.generate(coordinator, pid)
    kept = service.calendar(coordinator, pid).reports
    assert [r.id for r in kept] == [first[0].id, first[1].id, first[3].id]
    # and moves later: the untouched ones come back, the written one stays as it was
    rep.project.end_date = date(2028, 6, 30)
    session.flush()
    service.generate(coordinator, pid)
    spans = [(r.period_start, r.period_end) for r in service.calendar(coordinator, pid).reports]
    assert spans == [
        (date(2026, 4, 1), date(2026, 9, 30)), (date(2026, 10, 1), date(2027, 3, 31)),
        (date(2027, 4, 1), date(2027, 9, 30)), (date(2027, 10, 1), date(2028, 3, 31)),
        (date(2028, 4, 1), date(2028, 6, 30)),
    ]  # fmt: skip


def test_an_amendment_moving_the_end_regenerates_without_a_role_check(
    session: Session, settings: Settings, rep: Reporting
) -> None:
    service = ReportService(session, settings)
    service.set_rule(rep.w.coordinator, rep.project.id, ReportRuleInput(frequency=Y))
    rep.project.end_date = date(2029, 3, 31)
    session.flush()
    assert service.regenerate(rep.project) == (1, 0)
    assert service.regenerate(rep.project) == (0, 0)


def test_changing_the_end_moves_the_last_untouched_period(
    session: Session, settings: Settings, rep: Reporting
) -> None:
    service = ReportService(session, settings)
    pid, coordinator = rep.project.id, rep.w.coordinator
    service.set_rule(coordinator, pid, ReportRuleInput(frequency=Y, due_days=10))
    last = service.calendar(coordinator, pid).reports[-1]
    rep.project.end_date = date(2028, 1, 31)
    session.flush()
    service.generate(coordinator, pid)
    again = service.calendar(coordinator, pid).reports[-1]
    assert again.id == last.id
    assert (again.period_end, again.due_date) == (date(2028, 1, 31), date(2028, 2, 10))


def test_who_sets_the_rule_and_bad_rules(
    session: Session, settings: Settings, rep: Reporting
) -> None:
    service = ReportService(session, settings)
    pid = rep.project.id
    with pytest.raises(Forbidden):
        service.set_rule(rep.member, pid, ReportRuleInput(frequency=Y))
    with pytest.raises(Forbidden):
        service.generate(rep.member, pid)
    for outsider in (rep.w.outsider, rep.w.foreign_coordinator, rep.w.other_expert_user):
        with pytest.raises(NotFound):
            service.set_rule(outsider, pid, ReportRuleInput(frequency=Y))
    lead_partner = rep.project.partners[0]
    with pytest.raises(ValidationFailed) as bad:
        service.set_rule(rep.w.coordinator, pid,
                         ReportRuleInput(frequency=Y, funder_partner_id=lead_partner.id))  # fmt: skip
    assert bad.value.field == "funder_partner_id"
    rep.project.start_date = None
    session.flush()
    with pytest.raises(ValidationFailed) as undated:
        service.set_rule(rep.w.coordinator, pid, ReportRuleInput(frequency=Y))
    assert undated.value.field == "start_date"
    assert service.calendar(rep.w.coordinator, pid).rules == []  # nothing half-saved


def test_a_report_past_due_and_still_with_the_consortium_is_overdue(
    session: Session, settings: Settings, rep: Reporting
) -> None:
    rep.project.start_date, rep.project.end_date = date(2020, 1, 1), date(2021, 12, 31)
    session.flush()
    service = ReportService(session, settings)
    service.set_rule(rep.w.coordinator, rep.project.id, ReportRuleInput(frequency=Y))
    calendar = service.calendar(rep.w.coordinator, rep.project.id)
    assert all(r.is_overdue(calendar.today) for r in calendar.reports)
    report = calendar.reports[0]
    report.status = "submitted"
    assert not report.is_overdue(calendar.today)
    report.status = "returned"
    assert report.is_overdue(calendar.today)
