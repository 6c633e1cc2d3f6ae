"""The decisions tests' starting point, built from rows: the world's application in review,
two reviews per agency panel already submitted with rubric scores (the reviews part builds
them through its service elsewhere), one declared conflict."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy.orm import Session

from tests.programs.world import ProgramWorld
from vstid.core.models import utcnow
from vstid.programs.applications.models import ApplicationStatus
from vstid.programs.reviews.models import Conflict, ReviewAssignment, ReviewStatus

# (excellence, impact, team) per reviewer, weights 50/30/20 -> weighted score out of 100
SCORES = {"vn": [(5, 4, 4), (4, 4, 3)], "jp": [(4, 3, 4), (5, 5, 4)]}


def weighted(scores: tuple[int, int, int]) -> Decimal:
    e, i, t = scores
    return (Decimal(e * 50 + i * 30 + t * 20) / 5).quantize(Decimal("0.01"))


def in_review(session: Session, pw: ProgramWorld, status: str = "in_review") -> ProgramWorld:
    application = pw.application
    application.status = status or ApplicationStatus.in_review.value
    application.submitted_at = utcnow()
    for side, agency, reviewers in (("vn", pw.vn_agency, pw.reviewers_vn),
                                    ("jp", pw.jp_agency, pw.reviewers_jp)):  # fmt: skip
        for expert, scores in zip(reviewers, SCORES[side], strict=False):
            session.add(
                ReviewAssignment(
                    application_id=application.id, expert_id=expert.id, agency_id=agency.id,
                    status=ReviewStatus.submitted.value,
                    scores=dict(zip(("excellence", "impact", "team"), scores, strict=True)),
                    weighted_score=weighted(scores), recommendation="fund",
                    comment=f"Solid {side} side.", submitted_at=utcnow(),
                )
            )  # fmt: skip
        session.add(ReviewAssignment(application_id=application.id, expert_id=reviewers[2].id,
                                     agency_id=agency.id))  # fmt: skip
    session.add(Conflict(application_id=application.id, expert_id=pw.w.other_expert.id,
                         reason="Co-author of the co-lead in 2025"))  # fmt: skip
    session.commit()
    return pw
