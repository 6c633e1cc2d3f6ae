"""A populated platform to look at the main pages: the demo data, an open order with a stored
ranking (a snapshot, so nothing waits for the index build) and an order whose finalist was
accepted, which opened a project. Shared by the page-weight test and the screenshot test."""

from __future__ import annotations

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
from vstid.projects.schemas import FundingInput, MilestoneInput, ProjectInput
from vstid.projects.service import ProjectService
from vstid.proposals.models import Proposal

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
    return Showcase(ranked_order=ranked.slug, project_id=str(project.id))


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
