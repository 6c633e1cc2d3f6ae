"""Review of a call's applications. The reviewer desk (`/reviews`: only the reviewer's own
assignments, 404 for any other), and for the program's coordinators the reviewers of a call
(`/calls/{reference}/reviewers`: suggestions with conflicts set apart, the assignment plan,
assignment by hand with an override reason, removal)."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request, Response, status
from pydantic import BaseModel

from vstid.matching.reviewers import Suggested, run_review_assignment, suggest_reviewers
from vstid.programs.reviews.schemas import (
    AgencyScoresOut,
    AssignInput,
    ConflictOut,
    ReasonInput,
    ReviewInput,
    ReviewOut,
    SuggestionOut,
)
from vstid.programs.reviews.service import ReviewService, ReviewView
from vstid.web.deps import CurrentUser, SessionDep, SettingsDep
from vstid.web.errors import Translate, _api_translate

__all__ = ["router"]

router = APIRouter(tags=["programs"])


def review_out(view: ReviewView) -> ReviewOut:
    r = view.review
    return ReviewOut(
        id=r.id, application_id=r.application_id, application_reference=view.application_reference,
        expert_id=r.expert_id, expert_name=view.expert_name, agency_id=r.agency_id,
        status=r.status, match_score=None if r.match_score is None else float(r.match_score),
        override_reason=r.override_reason, scores=dict(r.scores or {}),
        weighted_score=r.weighted_score, recommendation=r.recommendation, comment=r.comment,
        assigned_at=r.assigned_at, due_at=view.due_at, submitted_at=r.submitted_at,
        declined_reason=r.declined_reason, actions=view.actions,
    )  # fmt: skip


class ReadingOut(BaseModel):
    review: ReviewOut
    call_reference: str
    country: str | None  # the side of the application the reviewer's panel reads
    rubric: list[dict[str, Any]]
    application: dict[str, Any]  # the frozen copy: shared part + the panel's country


class ApplicationReviewersOut(BaseModel):
    application_id: uuid.UUID
    reference: str
    title: str
    status: str
    indexed: bool
    assignments: list[ReviewOut]
    suggested: list[SuggestionOut]
    excluded: list[SuggestionOut]
    scores: list[AgencyScoresOut]


class PlanOut(BaseModel):
    added: list[ReviewOut]
    unfilled: dict[str, int]  # application reference → seats left empty
    countries_unmet: dict[str, list[str]]  # application reference → countries with nobody


def _suggestion(s: Suggested, translate: Translate) -> SuggestionOut:
    return SuggestionOut(
        expert_id=s.expert.id, name=s.expert.display_name, country=s.expert.residence_country,
        score=round(s.score, 4), free_capacity=s.free_capacity, evidence=s.evidence,
        conflicts=[ConflictOut(kind=c.kind, reason=c.render(translate)) for c in s.conflicts],
    )  # fmt: skip


def _one(service: ReviewService, user: CurrentUser, review_id: uuid.UUID) -> ReviewOut:
    return review_out(service.views(user, [service.get(user, review_id)])[0])


@router.get("/reviews", response_model=list[ReviewOut])
def my_reviews(user: CurrentUser, session: SessionDep, settings: SettingsDep) -> Any:
    """The signed-in reviewer's assignments, newest first."""
    service = ReviewService(session, settings)
    return [review_out(v) for v in service.views(user, [d.review for d in service.desk(user)])]


@router.get("/reviews/{review_id}", response_model=ReadingOut)
def read_review(
    review_id: uuid.UUID, user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> Any:
    """The review and the frozen application its reviewer reads (404 for anyone else)."""
    service = ReviewService(session, settings)
    reading = service.reading(user, review_id)
    return ReadingOut(
        review=review_out(service.views(user, [reading.review])[0]),
        call_reference=reading.call.reference, country=reading.country,
        rubric=reading.rubric, application=reading.data,
    )  # fmt: skip


@router.put("/reviews/{review_id}", response_model=ReviewOut)
def save_review(
    review_id: uuid.UUID, data: ReviewInput, user: CurrentUser, session: SessionDep,
    settings: SettingsDep,
) -> Any:  # fmt: skip
    """Keeps a draft: scores in 1–5, not all needed yet."""
    service = ReviewService(session, settings)
    service.save(user, review_id, data)
    return _one(service, user, review_id)


@router.post("/reviews/{review_id}/submit", response_model=ReviewOut)
def submit_review(
    review_id: uuid.UUID, data: ReviewInput, user: CurrentUser, session: SessionDep,
    settings: SettingsDep,
) -> Any:  # fmt: skip
    """Every criterion scored 1–5 and a recommendation; the review is then frozen."""
    service = ReviewService(session, settings)
    service.submit(user, review_id, data)
    return _one(service, user, review_id)


@router.post("/reviews/{review_id}/decline", response_model=ReviewOut)
def decline_review(
    review_id: uuid.UUID, data: ReasonInput, user: CurrentUser, session: SessionDep,
    settings: SettingsDep,
) -> Any:  # fmt: skip
    service = ReviewService(session, settings)
    service.decline(user, review_id, data.reason)
    return _one(service, user, review_id)


@router.post("/reviews/{review_id}/conflict", response_model=ReviewOut)
def declare_conflict(
    review_id: uuid.UUID, data: ReasonInput, user: CurrentUser, session: SessionDep,
    settings: SettingsDep,
) -> Any:  # fmt: skip
    """The reviewer declares a conflict of interest: the review is declined with the reason
    and the pair is never proposed again."""
    service = ReviewService(session, settings)
    service.declare_conflict(user, review_id, data.reason)
    return _one(service, user, review_id)


@router.delete("/reviews/{review_id}", status_code=status.HTTP_204_NO_CONTENT)
def remove_review(
    review_id: uuid.UUID, user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> Response:
    """A coordinator removes an assignment not yet submitted."""
    ReviewService(session, settings).remove(user, review_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/calls/{reference}/reviewers", response_model=list[ApplicationReviewersOut])
def call_reviewers(
    request: Request, reference: str, user: CurrentUser, session: SessionDep,
    settings: SettingsDep,
) -> Any:  # fmt: skip
    """For the program's coordinators: each application under review with its reviewers, the
    engine's suggestions, the experts excluded for a conflict (with the reasons) and the
    scores per agency panel."""
    service = ReviewService(session, settings)
    call = service.staff_call(user, reference)
    applications = service.applications_under_review(call)
    reviews = service.views(user, service.assignments(applications))
    translate, out = _api_translate(request), []
    for application in applications:
        found = suggest_reviewers(session, settings, application)
        out.append(
            ApplicationReviewersOut(
                application_id=application.id, reference=application.reference,
                title=application.title, status=application.status, indexed=found.indexed,
                assignments=[review_out(v) for v in reviews
                             if v.review.application_id == application.id],
                suggested=[_suggestion(s, translate) for s in found.suggested],
                excluded=[_suggestion(s, translate) for s in found.excluded],
                scores=[AgencyScoresOut(**vars(s)) for s in service.scores_by_agency(application)],
            )
        )  # fmt: skip
    return out


@router.post(
    "/calls/{reference}/reviewers", response_model=ReviewOut, status_code=status.HTTP_201_CREATED
)
def assign_reviewer(
    reference: str, data: AssignInput, user: CurrentUser, session: SessionDep,
    settings: SettingsDep,
) -> Any:  # fmt: skip
    """Assign by hand. An expert with a conflict of interest is refused (409, the reasons
    named) unless `override_reason` is given: it is kept on the assignment and audited."""
    service = ReviewService(session, settings)
    review = service.assign(user, reference, data)
    return review_out(service.views(user, [review])[0])


@router.post("/calls/{reference}/reviewers/plan", response_model=PlanOut)
def run_assignment(
    reference: str, user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> Any:
    """Tops every application in review up to the call's number of reviews, within each
    expert's free capacity, conflicts excluded, one reviewer per owner agency's country."""
    plan, added = run_review_assignment(session, settings, user, reference)
    service = ReviewService(session, settings)
    unmet = plan.unmet()
    return PlanOut(
        added=[review_out(v) for v in service.views(user, added)],
        unfilled={a.reference: n for a, n in zip(plan.applications, plan.result.unfilled,
                                                  strict=True) if n},
        countries_unmet={a.reference: list(unmet[a.id]) for a in plan.applications
                         if a.id in unmet},
    )  # fmt: skip
