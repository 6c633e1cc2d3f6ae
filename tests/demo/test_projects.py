"""The demo's joint research projects (issue 11, item 12), loaded through the services on both
databases: the story as told, totals computable at the recorded rates, and a second load that
creates nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vstid.accounts.models import User
from vstid.audit.models import AuditEntry
from vstid.core.models import Base
from vstid.core.settings import Settings
from vstid.demo.loader import DemoLoader
from vstid.notifications.models import Notification
from vstid.projects.funding.models import FundingLine
from vstid.projects.funding.service import FundingService
from vstid.projects.models import Project, ProjectAmendment
from vstid.projects.plan.models import PlanItem
from vstid.projects.reports.models import ProjectReport
from vstid.projects.results.models import AgreementSignature, ProjectAgreement, ProjectResult
from vstid.projects.service import ProjectService

PASSWORD = "demo-password-123"
JP_TITLE = "Nghiên cứu chung Việt – Nhật về đóng gói tiên tiến cho chip bán dẫn công suất"
KR_TITLE = "Trung tâm R&D chung Việt Nam – Hàn Quốc về kiểm thử và độ tin cậy bán dẫn"


def _rows(session: Session) -> dict[str, int]:
    """Rows per table; the audit log without the loader's own "demo.load" line."""
    counts = {
        table.name: session.scalar(select(func.count()).select_from(table)) or 0
        for table in Base.metadata.sorted_tables
    }
    counts["audit_log"] = session.scalar(
        select(func.count()).select_from(AuditEntry).where(AuditEntry.action != "demo.load")
    ) or 0  # fmt: skip
    return counts


def _user(session: Session, email: str) -> User:
    user = session.scalar(select(User).where(User.email == email))
    assert user is not None, email
    return user


def _project(session: Session, title: str) -> Project:
    project = session.scalar(select(Project).where(Project.title == title))
    assert project is not None, title
    return project


@pytest.fixture
def loaded(session: Session, settings: Settings) -> Session:
    report = DemoLoader(session, PASSWORD, settings).load_all()
    session.commit()
    assert report.created["projects"] == 2 and report.created["exchange_rates"] >= 16
    return session


def test_the_story_as_told(loaded: Session, settings: Settings) -> None:
    """One load (the whole demo takes seconds), every part of the story checked on it."""
    check_two_active_projects_with_their_consortia(loaded)
    check_the_public_summary_shows_to_anyone(loaded, settings)
    check_funding_in_two_currencies_each_with_complete_totals(loaded, settings)
    check_reports_accepted_and_returned(loaded)
    check_results_owned_in_full_and_ip_filed(loaded)
    check_plan_agreements_and_the_end_date_amendment(loaded)


def test_a_second_load_creates_nothing(loaded: Session, settings: Settings) -> None:
    before = _rows(loaded)
    report = DemoLoader(loaded, PASSWORD, settings).load_all()
    loaded.commit()
    assert report.created == {}
    assert _rows(loaded) == before


def check_two_active_projects_with_their_consortia(loaded: Session) -> None:
    # the projects recorded directly; the programs' demo opens one more from a call's award
    direct = select(Project).where(Project.origin == "direct").order_by(Project.start_date)
    projects = loaded.scalars(direct).all()
    assert [p.title for p in projects] == [KR_TITLE, JP_TITLE]
    assert {p.status for p in projects} == {"active"} and {p.origin for p in projects} == {"direct"}
    jp, kr = _project(loaded, JP_TITLE), _project(loaded, KR_TITLE)
    assert {p.name for p in jp.partners} >= {"Japan Science and Technology Agency (JST)"}
    assert len(jp.partners) == 5 and len(kr.partners) == 5
    assert {"en", "ja", "ko"} <= set(jp.translations) and {"en", "ja", "ko"} <= set(kr.translations)
    # every lifecycle step went through the service: audited, and the consortium told
    actions = loaded.scalars(select(AuditEntry.action)).all()
    assert actions.count("project.create") == 2 and actions.count("project.activate") == 2
    trang = _user(loaded, "trang.dinh@example.vn")
    told = loaded.scalar(
        select(func.count()).select_from(Notification).where(Notification.user_id == trang.id)
    )
    assert told and told > 0


def check_the_public_summary_shows_to_anyone(loaded: Session, settings: Settings) -> None:
    for title in (JP_TITLE, KR_TITLE):
        project = _project(loaded, title)
        assert ProjectService(loaded, settings).get_visible(None, project.id).id == project.id


def check_funding_in_two_currencies_each_with_complete_totals(
    loaded: Session, settings: Settings
) -> None:
    service = FundingService(loaded, settings)
    for title, coordinator, currencies in (
        (JP_TITLE, "coordinator.tokyo@example.jp", {"VND", "JPY"}),
        (KR_TITLE, "coordinator.seoul@example.kr", {"VND", "KRW"}),
    ):
        project = _project(loaded, title)
        lines = loaded.scalars(select(FundingLine).where(FundingLine.project_id == project.id))
        assert {line.currency for line in lines} == currencies
        for day in (date(2025, 6, 30), date(2026, 6, 30)):
            totals = service.consolidated_or_refuse(_user(loaded, coordinator), project.id, day)
            assert totals.complete and totals.totals["amount"]["VND"] > 0
            assert totals.totals["spent"]["USD"] > 0
            assert all(line.periods for line in totals.lines)


def check_reports_accepted_and_returned(loaded: Session) -> None:
    jp, kr = _project(loaded, JP_TITLE), _project(loaded, KR_TITLE)

    def statuses(project: Project) -> list[str]:
        rows = loaded.scalars(
            select(ProjectReport)
            .where(ProjectReport.project_id == project.id)
            .order_by(ProjectReport.period_start)
        )
        return [r.status for r in rows]

    assert statuses(jp)[:2] == ["accepted", "open"]
    assert statuses(kr)[:4] == ["accepted", "accepted", "returned", "open"]
    returned = loaded.scalar(select(ProjectReport).where(ProjectReport.status == "returned"))
    assert returned is not None and returned.decision_comment and returned.snapshot is not None
    # the end-date amendment moved the Korean calendar: a report for early 2032
    assert max(r.period_end for r in kr_reports(loaded, kr)) == date(2032, 3, 31)


def kr_reports(session: Session, project: Project) -> list[ProjectReport]:
    return list(
        session.scalars(select(ProjectReport).where(ProjectReport.project_id == project.id))
    )


def check_results_owned_in_full_and_ip_filed(loaded: Session) -> None:
    results = loaded.scalars(select(ProjectResult)).all()
    assert len(results) == 5
    for result in results:
        assert sum((o.share_percent for o in result.owners), Decimal(0)) == 100, result.title
    patents = [r for r in results if r.kind == "patent"]
    assert {(r.ip_status, r.ip_office) for r in patents} == {("filed", "JPO"), ("filed", "KIPO")}


def check_plan_agreements_and_the_end_date_amendment(loaded: Session) -> None:
    statuses = {item.status for item in loaded.scalars(select(PlanItem))}
    assert statuses == {
        "pending",
        "draft",
        "submitted",
        "accepted",
        "revision_requested",
        "reached",
    }
    jp, kr = _project(loaded, JP_TITLE), _project(loaded, KR_TITLE)
    consortium = loaded.scalar(
        select(ProjectAgreement).where(
            ProjectAgreement.project_id == jp.id, ProjectAgreement.kind == "consortium"
        )
    )
    assert consortium is not None
    signed = loaded.scalars(
        select(AgreementSignature.status).where(AgreementSignature.agreement_id == consortium.id)
    ).all()
    assert signed == ["signed"] * 5  # Hoshizora, which joined later, signed too
    amendments = loaded.scalars(select(ProjectAmendment).order_by(ProjectAmendment.kind)).all()
    assert [(a.project_id, a.kind) for a in amendments] == [(kr.id, "end_date"), (jp.id, "partner")]
    assert amendments[0].before["end_date"] == "2031-12-31"
    assert amendments[0].after["end_date"] == "2032-03-31"
    assert kr.end_date == date(2032, 3, 31)
