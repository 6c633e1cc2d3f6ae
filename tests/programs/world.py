"""A program world shared by the programs tests, built from rows (not services), so each
part's tests stand on their own: an active Vietnam–Japan program owned by two agencies
(NAFOSTED-like in Vietnam, JST-like in Japan), each with a member who sits for the agency; an
open joint research call closing in 30 days (Asia/Tokyo); an application led by the world's
expert with a confirmed co-lead in Japan; and reviewers resident in both countries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from tests.builders import add_member, make_expert, make_org, make_user
from tests.world import World
from vstid.accounts.models import Role, User
from vstid.core.models import utcnow
from vstid.experts.models import ExpertProfile
from vstid.organizations.models import Organization
from vstid.programs.applications.models import (
    Application,
    ApplicationBudgetLine,
    ApplicationMember,
    ApplicationSection,
    ApplicationStatus,
    MemberRole,
    MemberStatus,
)
from vstid.programs.calls.models import Call, CallAgencyCeiling, CallKind, CallStatus
from vstid.programs.models import (
    AgencyRole,
    Indicator,
    IndicatorSource,
    IndicatorTarget,
    Program,
    ProgramAgency,
    ProgramBudgetLine,
    ProgramStatus,
)

RUBRIC = [
    {"key": "excellence", "label": {"en": "Excellence", "vi": "Chất lượng khoa học"}, "weight": 50},
    {"key": "impact", "label": {"en": "Impact", "vi": "Tác động"}, "weight": 30},
    {"key": "team", "label": {"en": "Team", "vi": "Đội ngũ"}, "weight": 20},
]
DOCUMENTS = [
    {"key": "cv", "label": {"en": "CVs of the leads", "vi": "Lý lịch của chủ nhiệm"}, "required": True},
    {"key": "letter", "label": {"en": "Letter of support", "vi": "Thư hỗ trợ"}, "required": False},
]  # fmt: skip


@dataclass
class ProgramWorld:
    w: World
    program: Program
    vn_agency_org: Organization
    jp_agency_org: Organization
    vn_agency: ProgramAgency
    jp_agency: ProgramAgency
    vn_officer: User  # a member of the Vietnamese agency's organization
    jp_officer: User  # a member of the Japanese agency's organization
    call: Call
    application: Application
    jp_partner_user: User  # the co-lead in Japan (confirmed)
    jp_partner: ExpertProfile
    reviewers_vn: list[ExpertProfile] = field(default_factory=list)
    reviewers_jp: list[ExpertProfile] = field(default_factory=list)


def make_program(session: Session, w: World, **kw: object) -> Program:
    program = Program(
        slug=str(kw.pop("slug", f"nexus-{utcnow().timestamp():.0f}-{id(kw)}")),
        hub_id=w.hub.id,
        title=str(kw.pop("title", "Chương trình hợp tác bán dẫn Việt Nam – Nhật Bản")),
        summary="Nghiên cứu chung về thiết kế chip, vật liệu và đóng gói tiên tiến.",
        language="vi",
        translations={"ja": {"title": "日越半導体共同研究プログラム"}},
        fields=["semiconductors"],
        start_year=2026,
        end_year=2032,
        status=str(kw.pop("status", ProgramStatus.active.value)),
        **kw,
    )
    session.add(program)
    session.flush()
    return program


def make_call(session: Session, program: Program, **kw: object) -> Call:
    now = utcnow()
    call = Call(
        program_id=program.id,
        reference=str(kw.pop("reference", f"SEMI-{program.slug[-12:]}")),
        kind=str(kw.pop("kind", CallKind.joint_research.value)),
        title=str(kw.pop("title", "Kêu gọi nghiên cứu chung: đóng gói tiên tiến")),
        summary="Thiết kế, vật liệu và đóng gói tiên tiến cho bán dẫn.",
        language="vi",
        fields=["semiconductors"],
        opens_at=kw.pop("opens_at", now - timedelta(days=10)),
        closes_at=kw.pop("closes_at", now + timedelta(days=30)),
        timezone="Asia/Tokyo",
        grace_minutes=30,
        eligibility={"countries": ["VN", "JP"], "applicant_types": [], "fields": [],
                     "career_stages": []},
        questions=[{"key": "industry", "label": {"en": "Industrial partner", "vi": "Đối tác doanh nghiệp"},
                    "kind": "text", "required": True, "max_length": 500}],
        documents=DOCUMENTS,
        languages=["vi", "en", "ja"],
        ceiling_amount=Decimal("30000000"),
        ceiling_currency="JPY",
        max_duration_months=36,
        reviews_per_application=2,
        rubric=RUBRIC,
        status=str(kw.pop("status", CallStatus.open.value)),
        **kw,
    )  # fmt: skip
    session.add(call)
    session.flush()
    return call


@pytest.fixture
def pw(session: Session, world: World) -> ProgramWorld:
    w = world
    program = make_program(session, w)
    vn_org = make_org(session, w.hub, name="Quỹ Phát triển KH&CN Quốc gia", kind="agency")
    jp_org = make_org(session, w.hub, name="Japan Science Agency", kind="agency", country="JP")
    vn_agency = ProgramAgency(
        program_id=program.id,
        organization_id=vn_org.id,
        country="VN",
        role=AgencyRole.owner.value,
        position=0,
    )
    jp_agency = ProgramAgency(program_id=program.id, organization_id=jp_org.id, country="JP",
                              role=AgencyRole.owner.value, position=1)  # fmt: skip
    session.add_all([vn_agency, jp_agency])
    session.flush()
    session.add_all(
        [
            ProgramBudgetLine(program_id=program.id, agency_id=vn_agency.id,
                              amount=Decimal("50000000000"), currency="VND"),
            ProgramBudgetLine(program_id=program.id, agency_id=jp_agency.id,
                              amount=Decimal("300000000"), currency="JPY", position=1),
        ]
    )  # fmt: skip
    indicator = Indicator(
        program_id=program.id, code="phd_sent", name="Nghiên cứu sinh được cử sang Nhật Bản",
        definition="Mobility records with a departure date and departure evidence.",
        unit="people", baseline=Decimal(0), target=Decimal(60),
        breakdowns=["sex", "institution"], source=IndicatorSource.computed.value,
        query="mobility_departed",
    )  # fmt: skip
    indicator.targets = [IndicatorTarget(year=y, value=Decimal(v))
                         for y, v in ((2027, 15), (2028, 35), (2029, 60))]  # fmt: skip
    session.add(indicator)
    vn_officer = make_user(session, Role.requester, hub=w.hub, display_name="Officer Việt")
    jp_officer = make_user(session, Role.requester, hub=w.hub, display_name="Officer Japan")
    add_member(session, vn_officer, vn_org)
    add_member(session, jp_officer, jp_org)
    call = make_call(session, program)
    session.add_all(
        [
            CallAgencyCeiling(call_id=call.id, agency_id=vn_agency.id,
                              amount=Decimal("3000000000"), currency="VND"),
            CallAgencyCeiling(call_id=call.id, agency_id=jp_agency.id,
                              amount=Decimal("15000000"), currency="JPY"),
        ]
    )  # fmt: skip
    jp_user = make_user(session, Role.expert, display_name="Sato Partner")
    jp_partner = make_expert(session, w.hub, user_id=jp_user.id, email=jp_user.email,
                             residence_country="JP", display_name="Sato Partner")  # fmt: skip
    w.expert.residence_country = "VN"
    application = make_application(session, w, call, vn_agency, jp_agency, jp_user, jp_partner)
    reviewers_vn = [
        make_expert(session, w.hub, display_name=f"Reviewer VN {i}", residence_country="VN",
                    headline="Semiconductor packaging", fields=["semiconductors"])
        for i in range(3)
    ]  # fmt: skip
    reviewers_jp = [
        make_expert(session, w.hub, display_name=f"Reviewer JP {i}", residence_country="JP",
                    headline="Advanced packaging materials", fields=["semiconductors"])
        for i in range(3)
    ]  # fmt: skip
    session.commit()
    return ProgramWorld(
        w=w, program=program, vn_agency_org=vn_org, jp_agency_org=jp_org, vn_agency=vn_agency,
        jp_agency=jp_agency, vn_officer=vn_officer, jp_officer=jp_officer, call=call,
        application=application, jp_partner_user=jp_user, jp_partner=jp_partner,
        reviewers_vn=reviewers_vn, reviewers_jp=reviewers_jp,
    )  # fmt: skip


def make_application(
    session: Session,
    w: World,
    call: Call,
    vn_agency: ProgramAgency,
    jp_agency: ProgramAgency,
    jp_user: User,
    jp_partner: ExpertProfile,
    status: str = ApplicationStatus.draft.value,
) -> Application:
    """A complete draft (every required answer, the partner confirmed, budget under the
    ceilings); the required CV document is NOT uploaded (tests upload it through the
    service, or set the status they need directly)."""
    application = Application(
        call_id=call.id,
        reference=f"{call.reference}-{utcnow().timestamp():.6f}"[-60:],
        lead_user_id=w.expert_user.id,
        lead_organization_id=w.org.id,
        title="Vật liệu đóng gói tiên tiến cho chip AI biên",
        summary="Nghiên cứu chung về vật liệu đóng gói cho chip AI biên.",
        language="vi",
        fields=["semiconductors"],
        start_date=(utcnow() + timedelta(days=120)).date(),
        duration_months=36,
        answers={"industry": "FPT Semiconductor"},
        status=status,
    )
    application.members = [
        ApplicationMember(user_id=w.expert_user.id, expert_id=w.expert.id,
                          organization_id=w.org.id, name=w.expert_user.display_name,
                          email=w.expert_user.email, country="VN", institution=w.org.name,
                          role=MemberRole.lead.value, status=MemberStatus.confirmed.value,
                          position=0),
        ApplicationMember(user_id=jp_user.id, expert_id=jp_partner.id, name=jp_user.display_name,
                          email=jp_user.email, country="JP", institution="Tohoku University",
                          role=MemberRole.co_lead.value, status=MemberStatus.confirmed.value,
                          answered_at=utcnow(), position=1),
    ]  # fmt: skip
    application.sections = [
        ApplicationSection(country="VN", agency_id=vn_agency.id, body="Phía Việt Nam.", language="vi"),
        ApplicationSection(country="JP", agency_id=jp_agency.id, body="日本側の計画。", language="ja"),
    ]  # fmt: skip
    application.budget_lines = [
        ApplicationBudgetLine(agency_id=vn_agency.id, category="staff", amount=Decimal("2000000000"),
                              currency="VND", position=0),
        ApplicationBudgetLine(agency_id=jp_agency.id, category="equipment", amount=Decimal("10000000"),
                              currency="JPY", position=1),
    ]  # fmt: skip
    session.add(application)
    session.flush()
    return application
