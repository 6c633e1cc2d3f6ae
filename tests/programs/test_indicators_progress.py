"""Progress of an indicator: the cumulative value by year (baseline included) against the
yearly and overall targets, breakdowns, and what an outsider counts."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy.orm import Session

from tests.programs.world import ProgramWorld
from vstid.core.settings import Settings
from vstid.programs.applications.models import Application, ApplicationMember
from vstid.programs.indicators.service import IndicatorService
from vstid.programs.mobility.models import MobilityEvidence, MobilityRecord
from vstid.programs.models import Indicator, IndicatorReport, IndicatorTarget
from vstid.projects.models import Project


def _sent(session: Session, pw: ProgramWorld, day: date, sex: str) -> None:
    record = MobilityRecord(program_id=pw.program.id, person_name=f"NCS {day}", sex=sex,
                            home_institution="HUST", host_institution="Tohoku",
                            host_country="JP", departed_on=day, status="departed")  # fmt: skip
    record.evidence = [MobilityEvidence(kind="departure")]
    session.add(record)


def test_cumulative_by_year_against_targets(
    session: Session, settings: Settings, pw: ProgramWorld
) -> None:
    [phd] = [i for i in pw.program.indicators if i.code == "phd_sent"]
    phd.baseline = Decimal(2)
    for day, sex in ((date(2026, 3, 1), "female"), (date(2027, 5, 1), "male"),
                     (date(2027, 9, 1), "female"), (date(2028, 1, 2), "female")):  # fmt: skip
        _sent(session, pw, day, sex)
    session.flush()
    service = IndicatorService(session, settings)
    progress = service.progress(None, pw.program, phd, on=date(2027, 12, 31))
    years = {y.year: (y.value, y.target) for y in progress.years}
    assert years[2026] == (Decimal(3), None)
    assert years[2027] == (Decimal(5), Decimal(15))
    assert years[2028] == (None, Decimal(35))  # not begun on that day
    assert progress.value == 5 and progress.percent == Decimal("8.3")
    assert progress.breakdown["sex"] == {"female": 2, "male": 1}


def test_reported_values_count_once_verified(
    session: Session, settings: Settings, pw: ProgramWorld
) -> None:
    indicator = Indicator(program_id=pw.program.id, code="seminars", name="Hội thảo",
                          definition="Joint seminars", target=Decimal(10), source="reported",
                          breakdowns=["country"])  # fmt: skip
    indicator.targets = [IndicatorTarget(year=2027, value=Decimal(4))]
    indicator.reports = [
        IndicatorReport(period_start=date(2026, 1, 1), period_end=date(2026, 12, 31),
                        status="verified", value=Decimal(3), breakdown={"country": {"VN": "3"}}),
        IndicatorReport(period_start=date(2027, 1, 1), period_end=date(2027, 6, 30),
                        status="reported", value=Decimal(5)),
    ]  # fmt: skip
    session.add(indicator)
    session.flush()
    progress = IndicatorService(session, settings).progress(None, pw.program, indicator,
                                                            on=date(2027, 8, 1))  # fmt: skip
    assert progress.value == 3 and progress.pending == 1
    assert progress.breakdown == {"country": {"VN": Decimal(3)}}


def test_an_outsider_does_not_count_a_confidential_project(
    session: Session, settings: Settings, pw: ProgramWorld
) -> None:
    funded = Indicator(program_id=pw.program.id, code="projects", name="Dự án chung",
                       definition="Joint projects funded", target=Decimal(10),
                       source="computed", query="joint_projects_funded")  # fmt: skip
    session.add(funded)
    opened = datetime(2026, 2, 1, tzinfo=UTC)
    for confidential in (False, True):
        project = Project(hub_id=pw.w.hub.id, title=f"P {confidential}", origin="direct",
                          status="active", confidential=confidential, created_at=opened)  # fmt: skip
        session.add(project)
        session.flush()
        application = Application(call_id=pw.call.id, reference=f"R-{confidential}",
                                  lead_user_id=pw.w.expert_user.id, title="T", status="awarded",
                                  project_id=project.id)  # fmt: skip
        application.members = [ApplicationMember(name="L", email="l@example.org", country="VN",
                                                 institution="HUST", role="lead")]  # fmt: skip
        session.add(application)
    session.flush()
    service = IndicatorService(session, settings)
    day = date(2026, 12, 1)
    assert service.progress(pw.w.coordinator, pw.program, funded, on=day).value == 2
    assert service.progress(pw.jp_officer, pw.program, funded, on=day).value == 2
    outside = service.progress(pw.w.outsider, pw.program, funded, on=day)
    assert outside.value == 1 and [r.name for r in outside.records] == ["P False"]
    assert service.progress(None, pw.program, funded, on=day).value == 1
