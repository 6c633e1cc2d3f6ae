"""A populated platform to look at the main pages: the demo data, an open order with a stored
ranking (a snapshot, so nothing waits for the index build) and an order whose finalist was
accepted, which opened a project with a little of every part (a work package with a deliverable
and a milestone, a funding line with a fiscal year and a recorded rate, results with owners,
background IP, an agreement, a report calendar, a risk). Shared by the page-weight test and
the screenshot test."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from vstid.accounts.models import User
from vstid.core.settings import Settings
from vstid.demo.loader import DemoLoader
from vstid.experts.models import ExpertProfile
from vstid.matching.models import MatchSnapshot
from vstid.orders.models import Order
from vstid.projects.funding.schemas import FundingLineInput, FundingPeriodInput
from vstid.projects.funding.service import FundingService
from vstid.projects.models import Project
from vstid.projects.plan.schemas import PlanItemInput, WorkPackageInput
from vstid.projects.plan.service import PlanService
from vstid.projects.reports.schemas import ReportRuleInput
from vstid.projects.reports.service import ReportService
from vstid.projects.results.schemas import (
    AgreementInput,
    BackgroundIPInput,
    OwnerInput,
    ResultInput,
)
from vstid.projects.results.service import ResultService
from vstid.projects.risks.schemas import RiskInput
from vstid.projects.risks.service import RiskService
from vstid.projects.schemas import FundingInput, MilestoneInput, ProjectInput
from vstid.projects.service import ProjectService
from vstid.proposals.models import Proposal
from vstid.rates.schemas import RateInput
from vstid.rates.service import RateService

PASSWORD = "demo-password-123"
REQUESTER = "trang.dinh@example.vn"  # Sao Khuê Semiconductor
PROJECT_REQUESTER = "hai.ngo@example.vn"  # Bắc Ninh Department of S&T
EXPERT = "thang.pham@example.jp"
ADMIN = "admin@example.org"
RANKED_ORDER = "saokhue-riscv-verification"
PROJECT_ORDER = "bac-ninh-uav-vai-thieu"


@dataclass(frozen=True)
class Showcase:
    ranked_order: str
    project_id: str
    report_id: str


def build(session: Session, settings: Settings) -> Showcase:
    DemoLoader(session, PASSWORD).load_all()
    ranked = _order(session, RANKED_ORDER)
    experts = _sharing_fields(session, ranked)
    session.add(
        MatchSnapshot(order_id=ranked.id, model_version="showcase", results=_ranking(experts))
    )
    project_order = _order(session, PROJECT_ORDER)
    expert = session.scalars(
        select(ExpertProfile)
        .join(User, User.id == ExpertProfile.user_id)
        .where(User.email == EXPERT)
    ).one()
    proposal = Proposal(
        order_id=project_order.id, expert_id=expert.id, status="finalist", cost_amount=Decimal("900000000"),
        approach="Khảo sát bằng UAV đa phổ, mô hình dự báo năng suất vải thiều theo lô.",
        team=[expert.display_name, "Nghiên cứu sinh viễn thám"], timeline="8 tháng", trl=4,
    )  # fmt: skip
    session.add(proposal)
    session.flush()
    requester = session.scalars(select(User).where(User.email == PROJECT_REQUESTER)).one()
    today = date.today()
    project = ProjectService(session, settings).open_from_proposal(
        requester, proposal.id,
        ProjectInput(
            title="Bản đồ năng suất vải thiều bằng UAV", start_date=today,
            end_date=today + timedelta(days=240), requester_share_percent=Decimal(60),
            expert_share_percent=Decimal(40),
            milestones=[
                MilestoneInput(title="Bay khảo sát mùa hoa", due_date=today + timedelta(days=60)),
                MilestoneInput(title="Mô hình dự báo năng suất", due_date=today + timedelta(days=180),
                               deliverable="Báo cáo và mã nguồn"),
            ],
            funding=[FundingInput(source="Ngân sách tỉnh Bắc Ninh", amount=Decimal("600000000"),
                                  currency="VND", share_percent=Decimal(100))],
        ),
    )  # fmt: skip
    session.flush()
    admin = session.scalars(select(User).where(User.email == ADMIN)).one()
    report_id = _fill_project(session, settings, requester, admin, project)
    return Showcase(ranked_order=ranked.slug, project_id=str(project.id), report_id=str(report_id))


def _fill_project(
    session: Session, settings: Settings, lead: User, admin: User, project: Project
) -> uuid.UUID:
    """Every part of the project through its service, as its people would; the id of the
    first report."""
    today = date.today()
    partners = [p for p in project.partners if p.left_on is None]
    plan = PlanService(session, settings)
    wp = plan.add_work_package(
        lead, project.id,
        WorkPackageInput(code="WP2", title="Khảo sát UAV và mô hình năng suất",
                         lead_partner_id=partners[0].id, start_month=2, end_month=7),
    )  # fmt: skip
    for kind, code, title, month in (
        ("deliverable", "D2.1", "Bộ ảnh đa phổ mùa hoa", 3),
        ("milestone", "M2.1", "Mô hình dự báo đã kiểm chứng", 7),
    ):
        plan.add_item(
            lead, project.id,
            PlanItemInput(work_package_id=wp.id, kind=kind, code=code, title=title,
                          due_month=month),
        )  # fmt: skip
    RateService(session).add(
        admin,
        RateInput(currency="VND", quote="USD", rate=Decimal("0.0000393"),
                  valid_from=date(today.year, 1, 1), valid_to=date(today.year + 1, 12, 31),
                  source="Ngân hàng Nhà nước Việt Nam"),
    )  # fmt: skip
    funding = FundingService(session, settings)
    line = funding.add_line(
        admin, project.id,
        FundingLineInput(funder_name="Sở KH&CN Bắc Ninh", funder_country="VN",
                         reference="BN-KHCN-2026-07", amount=Decimal("600000000"),
                         currency="VND"),
    )  # fmt: skip
    funding.set_period(
        admin, project.id, line.id,
        FundingPeriodInput(fiscal_year=today.year, committed=Decimal("400000000"),
                           disbursed=Decimal("250000000"), spent=Decimal("120000000")),
    )  # fmt: skip
    results = ResultService(session, settings)
    results.add(
        lead, project.id,
        ResultInput(kind="publication", title="Ước tính năng suất vải thiều từ ảnh UAV đa phổ",
                    language="vi", result_date=today, venue="Tạp chí Khoa học Nông nghiệp",
                    authors=["Ngô Hải", "Phạm Thắng"], public=True,
                    owners=[OwnerInput(partner_id=p.id, share_percent=Decimal(share))
                            for p, share in zip(partners, (60, 40), strict=False)]),
    )  # fmt: skip
    results.declare_background(
        lead, project.id,
        BackgroundIPInput(partner_id=partners[0].id, title="Bản đồ vùng trồng vải Lục Ngạn",
                          declared_on=today, restrictions="Chỉ dùng trong dự án"),
    )  # fmt: skip
    results.add_agreement(
        admin, project.id,
        AgreementInput(kind="consortium", title="Thỏa thuận hợp tác", dated=today),
    )  # fmt: skip
    reports = ReportService(session, settings)
    reports.set_rule(admin, project.id, ReportRuleInput(frequency="quarterly"))
    RiskService(session, settings).raise_risk(
        lead, project.id,
        RiskInput(description="Thời tiết mưa kéo dài làm lỡ mùa bay khảo sát", likelihood=3,
                  impact=4, mitigation="Lên lịch bay dự phòng tuần sau",
                  owner_partner_id=partners[0].id),
    )  # fmt: skip
    session.flush()
    calendar = reports.calendar(admin, project.id)
    return calendar.reports[0].id


def _order(session: Session, slug: str) -> Order:
    return session.scalars(select(Order).where(Order.slug == slug)).one()


def _sharing_fields(session: Session, order: Order) -> list[ExpertProfile]:
    """Six experts in the order's fields, most shared fields first: a plausible ranking to
    look at (the real one needs the model, which the screenshots do not wait for)."""
    wanted = set(order.fields)
    everyone = session.scalars(select(ExpertProfile).order_by(ExpertProfile.slug)).all()
    sharing = [e for e in everyone if wanted & set(e.fields)]
    return sorted(sharing, key=lambda e: -len(wanted & set(e.fields)))[:6]


def _ranking(experts: list[ExpertProfile]) -> list[dict[str, object]]:
    return [
        {
            "expert_id": str(e.id),
            "rank": i + 1,
            "score": round(0.82 - 0.07 * i, 2),
            "parts": {
                "dense": round(0.55 - 0.05 * i, 2),
                "keywords": round(0.2 - 0.02 * i, 2),
                "field_bonus": 0.07,
            },
            "evidence": [
                {
                    "kind": "profile",
                    "text": e.headline or e.display_name,
                    "language": e.bio_language,
                    "dense": 0.5,
                    "lexical": 0.3,
                    "terms": (e.expertise or [])[:4],
                }
            ],
        }
        for i, e in enumerate(experts)
    ]
