"""The program world made ready for review, from rows: the call in review, the application in
review with a frozen version (the applications part writes submission itself), an English
translation of its title (so the reviewers, who wrote their profiles in English, are found
across languages), and accounts for one reviewer on each side."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from tests.builders import make_user
from tests.programs.world import ProgramWorld
from vstid.accounts.models import Role, User
from vstid.core.db import Database
from vstid.core.models import utcnow
from vstid.core.settings import Settings
from vstid.experts.models import ExpertProfile
from vstid.jobs.worker import run_pending
from vstid.matching.service import MatchingService
from vstid.programs.applications.models import Application, ApplicationStatus, ApplicationVersion
from vstid.programs.calls.models import CallStatus
from vstid.programs.reviews.models import ReviewAssignment


@dataclass
class ReviewWorld:
    pw: ProgramWorld
    vn_user: User  # the account of pw.reviewers_vn[0]
    jp_user: User  # the account of pw.reviewers_jp[0]

    @property
    def coordinator(self) -> User:
        return self.pw.w.coordinator

    @property
    def application(self) -> Application:
        return self.pw.application


def frozen_copy(application: Application) -> dict[str, Any]:
    """The shape the applications part freezes (shared part, sections and budget by country)."""
    return {
        "reference": application.reference, "title": application.title,
        "summary": application.summary, "language": application.language,
        "translations": dict(application.translations or {}), "fields": list(application.fields),
        "answers": dict(application.answers or {}),
        "members": [{"name": m.name, "country": m.country, "institution": m.institution,
                     "role": m.role} for m in application.members],
        "sections": [{"country": s.country, "body": s.body, "language": s.language}
                     for s in sorted(application.sections, key=lambda s: s.country)],
        "budget": [{"country": "VN" if b.currency == "VND" else "JP", "category": b.category,
                    "description": b.description, "amount": str(b.amount),
                    "currency": b.currency} for b in application.budget_lines],
        "documents": [],
    }  # fmt: skip


def ready_for_review(session: Session, pw: ProgramWorld) -> ReviewWorld:
    pw.call.status = CallStatus.in_review.value
    a = pw.application
    a.translations = {"en": {"title": "Advanced packaging materials for edge AI chips",
                             "summary": "Joint research on semiconductor packaging materials."}}  # fmt: skip
    a.status = ApplicationStatus.in_review.value
    a.submitted_at, a.version = utcnow(), 1
    session.add(ApplicationVersion(application_id=a.id, number=1, snapshot=frozen_copy(a)))
    vn_user = _account(session, pw.reviewers_vn[0], "Reviewer VN 0")
    jp_user = _account(session, pw.reviewers_jp[0], "Reviewer JP 0")
    for expert in [*pw.reviewers_vn, *pw.reviewers_jp]:
        expert.capacity = 2
    session.commit()
    return ReviewWorld(pw=pw, vn_user=vn_user, jp_user=jp_user)


def _account(session: Session, expert: ExpertProfile, name: str) -> User:
    user = make_user(session, Role.expert, display_name=name)
    expert.user_id, expert.email = user.id, user.email
    return user


def build_index(database: Database, settings: Settings) -> None:
    with database.transaction() as s:
        MatchingService(s, settings).request_rebuild()
    run_pending(database, settings)


def add_review(
    session: Session, rw: ReviewWorld, expert: ExpertProfile, **kw: Any
) -> ReviewAssignment:
    agency = rw.pw.vn_agency if expert.residence_country == "VN" else rw.pw.jp_agency
    review = ReviewAssignment(application_id=rw.application.id, expert_id=expert.id,
                              agency_id=agency.id, assigned_by_id=rw.coordinator.id, **kw)  # fmt: skip
    session.add(review)
    session.commit()
    return review
