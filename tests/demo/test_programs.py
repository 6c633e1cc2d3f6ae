"""The demo's programs (issue 12, item 8), loaded through the services on both databases: the
story as told (a joint call's past round reviewed and decided, its award a joint project; an
open call with a draft and submitted applications; a forecast call), the indicators computed
from those records, the mobility indicator visibly partial and moving when a departure is
recorded, and a second load that creates nothing (tests/demo/test_projects.py compares every
table before and after)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from vstid.accounts.models import User
from vstid.core.models import as_utc, utcnow
from vstid.core.settings import Settings
from vstid.demo.files import demo_pdf
from vstid.demo.loader import DemoLoader
from vstid.programs.applications.models import Application
from vstid.programs.calls.deadlines import accepts_submissions
from vstid.programs.calls.models import Call
from vstid.programs.indicators.service import IndicatorService
from vstid.programs.mobility.models import MobilityRecord
from vstid.programs.mobility.schemas import DepartInput
from vstid.programs.mobility.service import MobilityService, Upload
from vstid.programs.models import Program
from vstid.programs.reviews.models import JointDecision, ReviewAssignment
from vstid.projects.funding.models import FundingLine
from vstid.projects.models import Project

PASSWORD = "demo-password-123"
NEXUS, PHD, KOREA = (
    "nexus-vj-semiconductors",
    "vj-phd-semiconductor-mobility",
    "vn-kr-strategic-technologies",
)


@pytest.fixture
def loaded(session: Session, settings: Settings) -> Session:
    report = DemoLoader(session, PASSWORD, settings).load_all()
    session.commit()
    created = report.created
    assert (created["programs"], created["calls"], created["applications"]) == (3, 4, 6)
    assert created["reviews"] == 7 and created["mobility_records"] == 30
    return session


def _user(session: Session, email: str) -> User:
    user = session.scalar(select(User).where(User.email == email))
    assert user is not None, email
    return user


def _program(session: Session, slug: str) -> Program:
    program = session.scalar(select(Program).where(Program.slug == slug))
    assert program is not None, slug
    return program


def _call(session: Session, reference: str) -> Call:
    call = session.scalar(select(Call).where(Call.reference == reference))
    assert call is not None, reference
    return call


def _progress(session: Session, settings: Settings, slug: str, code: str) -> Decimal:
    service = IndicatorService(session, settings)
    program = _program(session, slug)
    coordinator = _user(session, "coordinator.tokyo@example.jp")
    indicator = service.by_code(coordinator, program, code)
    return service.progress(coordinator, program, indicator).value


def test_the_story_as_told(loaded: Session, settings: Settings) -> None:
    """One load, every part of the story checked on it."""
    check_programs_active_with_two_countries_owning_them(loaded)
    check_calls_in_their_states_and_times(loaded)
    check_applications_reviews_and_the_joint_decisions(loaded)
    check_the_award_opened_a_joint_project_funded_in_two_currencies(loaded)
    check_indicators_computed_from_the_records(loaded, settings)


def check_programs_active_with_two_countries_owning_them(session: Session) -> None:
    for slug, currencies in ((NEXUS, {"VND", "JPY"}), (PHD, {"VND", "JPY"}),
                             (KOREA, {"VND", "KRW"})):  # fmt: skip
        program = _program(session, slug)
        assert program.status == "active"
        assert {a.country for a in program.agencies if a.role == "owner"} == {"VN"} | (
            {"KR"} if slug == KOREA else {"JP"}
        )
        assert {line.currency for line in program.budget_lines} == currencies
        assert {"vi", "en", "ja", "ko"} == set(program.translations) | {program.language}
        assert all(set(t) == {"title", "summary"} for t in program.translations.values())


def check_calls_in_their_states_and_times(session: Session) -> None:
    now = utcnow()
    past = _call(session, "NEXUS-VJ-SEMI-2026")
    assert past.status == "in_review" and as_utc(past.closes_at) < now
    assert as_utc(past.closes_at) == datetime(2026, 5, 29, 8, 0, tzinfo=UTC)  # 17:00 JST
    open_call = _call(session, "NEXUS-VJ-SEMI-2027")
    assert open_call.status == "open" and accepts_submissions(open_call, now)
    assert timedelta(days=7) < as_utc(open_call.closes_at) - now < timedelta(days=45)
    assert open_call.timezone == "Asia/Tokyo" and len(open_call.ceilings) == 2
    assert {c.currency for c in open_call.ceilings} == {"VND", "JPY"}
    assert _call(session, "VJ-PHD-SEMI-2027").status == "open"
    forecast = _call(session, "VKR-STRAT-2027")
    assert forecast.status == "forecast" and as_utc(forecast.opens_at) > now


def check_applications_reviews_and_the_joint_decisions(session: Session) -> None:
    by_status: dict[str, list[Application]] = {}
    for a in session.scalars(select(Application)):
        by_status.setdefault(a.status, []).append(a)
    assert {k: len(v) for k, v in by_status.items()} == {
        "awarded": 1, "rejected": 1, "in_review": 1, "draft": 1, "submitted": 2,
    }  # fmt: skip
    past_deadline = as_utc(_call(session, "NEXUS-VJ-SEMI-2026").closes_at)
    for status in ("awarded", "rejected", "in_review"):
        (a,) = by_status[status]
        assert a.version == 1 and a.submitted_at is not None
        assert as_utc(a.submitted_at) <= past_deadline, "submitted within the real window"
        assert {m.country for m in a.members} == {"VN", "JP"}
        assert {m.status for m in a.members} == {"confirmed"}
        reviews = session.scalars(
            select(ReviewAssignment).where(ReviewAssignment.application_id == a.id)
        ).all()
        done = [r for r in reviews if r.status == "submitted"]
        assert len(done) == 2 and all(r.weighted_score is not None for r in done)
        assert len({r.agency_id for r in done}) == 2, "each agency's panel scored"
    (draft,) = by_status["draft"]
    assert {m.status for m in draft.members if m.role != "lead"} == {"invited"}
    decisions = {d.decision: d for d in session.scalars(select(JointDecision))}
    assert set(decisions) == {"award", "reject"}
    assert decisions["award"].letter_language == "vi" and decisions["award"].letter
    assert decisions["reject"].reason


def check_the_award_opened_a_joint_project_funded_in_two_currencies(session: Session) -> None:
    awarded = session.scalar(select(Application).where(Application.status == "awarded"))
    assert awarded is not None and awarded.project_id is not None
    project = session.get(Project, awarded.project_id)
    assert project is not None and project.title == awarded.title
    lines = session.scalars(select(FundingLine).where(FundingLine.project_id == project.id))
    assert {(line.currency, line.amount) for line in lines} == {
        ("VND", Decimal("2700000000.00")),
        ("JPY", Decimal("13500000.00")),
    }


def check_indicators_computed_from_the_records(session: Session, settings: Settings) -> None:
    assert _progress(session, settings, NEXUS, "joint_projects_funded") == 1
    assert _progress(session, settings, NEXUS, "applications_received") == 5  # drafts aside
    assert _progress(session, settings, NEXUS, "industry_cofunding") == 38  # verified only
    assert _progress(session, settings, PHD, "phd_sent") == 23
    assert _progress(session, settings, PHD, "people_trained") == 6  # the returned stays
    assert _progress(session, settings, KOREA, "applications_received") == 0


def test_the_mobility_indicator_is_partial_and_moves_with_a_departure(
    loaded: Session, settings: Settings
) -> None:
    sent = _progress(loaded, settings, PHD, "phd_sent")
    assert 0 < sent < 60
    planned = loaded.scalars(
        select(MobilityRecord).where(MobilityRecord.status == "planned")
    ).first()
    assert planned is not None
    coordinator = _user(loaded, "coordinator.tokyo@example.jp")
    evidence = Upload("boarding-pass.pdf", demo_pdf("Boarding pass HAN-NRT"))
    departure = DepartInput(departed_on=date.today(), note="Boarding pass HAN-NRT")
    MobilityService(loaded, settings).depart(coordinator, planned.id, departure, evidence)
    assert _progress(loaded, settings, PHD, "phd_sent") == sent + 1
