"""The mobility service on both databases: a planned record from an awarded mobility-call
application, who reads which record (query scoping), the counts and filters, the origin of a
record (call and application of the same program), and that nothing is half-saved."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.programs.mobility_helpers import TODAY
from tests.programs.world import ProgramWorld, make_call, make_program
from vstid.core.errors import Conflict, Forbidden, ValidationFailed
from vstid.core.settings import Settings
from vstid.experts.models import ExpertProfile
from vstid.programs.applications.models import ApplicationStatus
from vstid.programs.calls.models import CallKind
from vstid.programs.mobility.models import MobilityRecord
from vstid.programs.mobility.permissions import restrict_records
from vstid.programs.mobility.schemas import DepartInput, MobilityInput
from vstid.programs.mobility.service import MobilityService
from vstid.projects.months import end_of


def _input(**overrides: object) -> MobilityInput:
    data: dict[str, object] = {
        "person_name": "Hoàng Minh Đức", "sex": "male", "field": "semiconductors",
        "home_institution": "Viện Hàn lâm KH&CN Việt Nam", "host_institution": "Osaka University",
        "host_country": "JP", "planned_departure": TODAY - timedelta(days=10),
        "planned_return": TODAY + timedelta(days=800),
    }  # fmt: skip
    data.update(overrides)
    return MobilityInput.model_validate(data)


@pytest.fixture
def service(session: Session, settings: Settings) -> MobilityService:
    return MobilityService(session, settings)


def _awarded(session: Session, pw: ProgramWorld) -> None:
    pw.call.kind = CallKind.mobility.value
    pw.application.status = ApplicationStatus.awarded.value
    pw.application.career_stage = "phd_candidate"
    pw.application.start_date = date(2027, 4, 1)
    pw.application.duration_months = 36
    session.flush()


def test_an_awarded_mobility_application_becomes_a_planned_record(
    session: Session, pw: ProgramWorld, service: MobilityService
) -> None:
    _awarded(session, pw)
    record = service.plan_from_award(pw.w.coordinator, pw.application)
    assert record is not None and record.status == "planned"
    assert record.expert_id == pw.w.expert.id  # the lead applicant
    assert record.person_name == pw.w.expert_user.display_name
    assert (record.home_country, record.home_institution) == ("VN", pw.w.org.name)
    assert (record.host_country, record.host_institution) == ("JP", "Tohoku University")
    assert record.supervisor == "Sato Partner"
    assert record.planned_departure == date(2027, 4, 1)
    assert record.planned_return == date(2030, 3, 31)  # the last day of month 36
    assert (record.call_id, record.application_id) == (pw.call.id, pw.application.id)
    assert (record.field, record.career_stage) == ("semiconductors", "phd_candidate")
    again = service.plan_from_award(pw.w.coordinator, pw.application)
    assert again is not None and again.id == record.id
    count = session.scalar(select(func.count(MobilityRecord.id)))
    assert count == 1


def test_a_lead_without_a_profile_gets_an_unclaimed_one(
    session: Session, pw: ProgramWorld, service: MobilityService
) -> None:
    _awarded(session, pw)
    lead = pw.application.members[0]
    lead.expert_id = None
    session.flush()
    record = service.plan_from_award(pw.vn_officer, pw.application)
    assert record is not None and record.expert_id is not None
    profile = session.get(ExpertProfile, record.expert_id)
    assert profile is not None and not profile.claimed and profile.display_name == lead.name


def test_other_awards_make_no_record_and_an_unawarded_one_is_refused(
    session: Session, pw: ProgramWorld, service: MobilityService
) -> None:
    pw.application.status = ApplicationStatus.awarded.value
    session.flush()
    assert service.plan_from_award(pw.w.coordinator, pw.application) is None  # joint research
    pw.call.kind = CallKind.mobility.value
    pw.application.status = ApplicationStatus.in_review.value
    session.flush()
    with pytest.raises(Conflict):
        service.plan_from_award(pw.w.coordinator, pw.application)


def test_who_reads_which_record(
    session: Session, pw: ProgramWorld, service: MobilityService
) -> None:
    own = service.create(pw.w.coordinator, pw.program.slug, _input(expert_id=pw.w.expert.id))
    other = service.create(pw.w.coordinator, pw.program.slug, _input())
    everything = {own.id, other.id}

    def readable(user: object) -> set[object]:
        return set(session.scalars(restrict_records(select(MobilityRecord.id), user)))  # type: ignore[arg-type]

    assert readable(pw.w.coordinator) == everything
    assert readable(pw.w.admin) == everything
    assert readable(pw.jp_officer) == everything
    assert readable(pw.vn_officer) == everything
    assert readable(pw.w.expert_user) == {own.id}
    assert readable(pw.w.outsider) == set()
    assert readable(pw.w.foreign_coordinator) == set()
    assert readable(None) == set()


def test_counts_follow_the_filters_and_never_carry_a_name(
    session: Session, pw: ProgramWorld, service: MobilityService
) -> None:
    slug = pw.program.slug
    a = service.create(pw.w.coordinator, slug, _input())
    service.create(pw.w.coordinator, slug, _input(sex="undisclosed", host_country="KR"))
    service.create(pw.w.coordinator, slug, _input(sex="female", field="ai"))
    service.depart(pw.w.coordinator, a.id, DepartInput(departed_on=TODAY, evidence_url="https://x.org/p"))  # fmt: skip
    counts = service.aggregates(pw.program)
    assert counts.total == 3
    assert counts.by_status == {"planned": 2, "departed": 1}
    assert counts.by_host_country == {"JP": 2, "KR": 1}
    assert counts.by_field == {"semiconductors": 2, "ai": 1}
    assert service.aggregates(pw.program, {"sex": "undisclosed"}).by_host_country == {"KR": 1}
    assert service.aggregates(pw.program, {"year": TODAY.year}).total == 1
    assert service.aggregates(pw.program, {"year": TODAY.year - 1}).total == 0
    assert service.departure_years(pw.program) == [TODAY.year]


def test_the_origin_must_be_of_the_same_program(
    session: Session, pw: ProgramWorld, service: MobilityService
) -> None:
    other = make_program(session, pw.w, slug="korea-ai")
    foreign_call = make_call(session, other, reference="KR-AI-1")
    slug = pw.program.slug
    with pytest.raises(ValidationFailed) as bad_call:
        service.create(pw.w.coordinator, slug, _input(call_id=foreign_call.id))
    assert bad_call.value.field == "call_id"
    record = service.create(pw.w.coordinator, slug, _input(application_id=pw.application.id))
    assert record.call_id == pw.call.id  # taken from the application
    with pytest.raises(Conflict) as twice:
        service.create(pw.w.coordinator, slug, _input(application_id=pw.application.id))
    assert twice.value.field == "application_id"


def test_a_refused_record_leaves_no_profile_behind(
    session: Session, pw: ProgramWorld, service: MobilityService
) -> None:
    before = session.scalar(select(func.count(ExpertProfile.id)))
    with pytest.raises(ValidationFailed) as error:
        service.create(pw.w.coordinator, pw.program.slug, _input(field="alchemy"))
    assert error.value.field == "field"
    with pytest.raises(Forbidden):
        service.create(pw.jp_officer, pw.program.slug, _input())
    assert session.scalar(select(func.count(ExpertProfile.id))) == before


def test_a_closed_programs_records_no_longer_change(
    session: Session, pw: ProgramWorld, service: MobilityService
) -> None:
    record = service.create(pw.w.coordinator, pw.program.slug, _input())
    pw.program.status = "closed"
    session.flush()
    with pytest.raises(Conflict):
        service.create(pw.w.coordinator, pw.program.slug, _input())
    with pytest.raises(Conflict):
        service.depart(pw.w.coordinator, record.id, DepartInput(departed_on=TODAY, evidence_url="https://x.org/p"))  # fmt: skip
    with pytest.raises(Forbidden):  # an agency member never may, closed or not
        service.depart(pw.jp_officer, record.id, DepartInput(departed_on=TODAY, evidence_url="https://x.org/p"))  # fmt: skip
    assert service.get(pw.jp_officer, record.id).status == "planned"
    assert service.allowed_actions(pw.w.coordinator, record) == []
    assert not service.can_edit(pw.w.coordinator, record)


def test_an_award_without_dates_starts_next_month_for_the_calls_longest_stay(
    session: Session, pw: ProgramWorld, service: MobilityService
) -> None:
    _awarded(session, pw)
    pw.application.start_date = None
    pw.application.duration_months = None
    pw.application.members[1].status = "invited"  # an unconfirmed partner is no host
    session.flush()
    record = service.plan_from_award(pw.w.coordinator, pw.application)
    assert record is not None and record.planned_departure is not None
    assert record.planned_departure.day == 1 and record.planned_departure > date.today()
    assert record.planned_return == end_of(record.planned_departure, 36)  # the call's maximum
    assert (record.host_country, record.supervisor) == ("JP", "")  # the other owner agency
