"""Review of a call's applications: coordinators assign reviewers (by the plan the matching
layer computes, or by hand, refused on a conflict of interest unless overridden with a reason),
reviewers read the frozen application and score it against the call's rubric, declare a
conflict or decline; the aggregates per agency panel feed the joint decision. Never commits."""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy.orm import Session

from vstid.accounts.models import User
from vstid.accounts.permissions import require_user
from vstid.audit.service import Auditor
from vstid.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from vstid.core.i18n import N_
from vstid.core.models import utcnow
from vstid.core.settings import Settings
from vstid.experts.models import ExpertProfile
from vstid.programs.applications.models import Application, ApplicationStatus
from vstid.programs.applications.views import within_countries
from vstid.programs.calls.models import Call
from vstid.programs.models import ProgramAgency
from vstid.programs.reviews.conflicts import ConflictReason, conflicts_of
from vstid.programs.reviews.models import Conflict as DeclaredConflict
from vstid.programs.reviews.models import Recommendation, ReviewAssignment, ReviewStatus
from vstid.programs.reviews.repository import UNDER_REVIEW, ReviewRepository
from vstid.programs.reviews.schemas import AssignInput, ReviewInput
from vstid.programs.reviews.states import REVIEW_STATES
from vstid.programs.states import REVIEWER

__all__ = [
    "REVIEW_DAYS",
    "AgencyScores",
    "ConflictOfInterest",
    "DeskRow",
    "ReviewService",
    "ReviewView",
    "ReviewerReading",
    "criterion_label",
    "weighted_score",
]

REVIEW_DAYS = 21  # a review is due three weeks after the assignment
SCORE_MIN, SCORE_MAX = 1, 5


class ConflictOfInterest(Conflict):
    """A pair forced by hand onto a conflict, without an override reason: the message lists
    the reasons, each translated for the reader."""

    def __init__(self, reasons: Sequence[ConflictReason]) -> None:
        self.reasons = list(reasons)
        super().__init__(
            N_("conflict of interest (%(reasons)s): give an override reason to assign anyway"),
            field="override_reason",
            params={"reasons": "; ".join(r.render() for r in self.reasons)},
        )

    def render(self, translate: Callable[[str], str] = str) -> str:
        reasons = "; ".join(r.render(translate) for r in self.reasons)
        return translate(self.message) % {"reasons": reasons}


def criterion_label(criterion: dict[str, Any], language: str = "en") -> str:
    label = criterion.get("label") or {}
    if isinstance(label, str):
        return label
    return str(label.get(language) or label.get("en") or next(iter(label.values()), None)
               or criterion["key"])  # fmt: skip


def weighted_score(rubric: Sequence[dict[str, Any]], scores: dict[str, int]) -> Decimal:
    """Σ weight×score / (5×Σ weight) × 100, to two decimals (equal weights if all are 0)."""
    weights = {c["key"]: Decimal(str(c.get("weight") or 0)) for c in rubric}
    if not any(weights.values()):
        weights = dict.fromkeys(weights, Decimal(1))
    total = sum((weights[k] * scores[k] for k in weights), Decimal(0))
    value = total / (SCORE_MAX * sum(weights.values())) * 100
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass
class DeskRow:
    review: ReviewAssignment
    application: Application
    call: Call
    due_at: datetime
    actions: list[str]


@dataclass
class ReviewView:
    """A review with what its lists show beside it."""

    review: ReviewAssignment
    application_reference: str
    expert_name: str
    due_at: datetime
    actions: list[str]


@dataclass
class ReviewerReading:
    """What a reviewer reads: the frozen copy cut to the shared part and their panel's side."""

    review: ReviewAssignment
    application: Application
    call: Call
    data: dict[str, Any]
    country: str | None
    due_at: datetime
    actions: list[str]
    rubric: list[dict[str, Any]]


@dataclass
class AgencyScores:
    agency_id: uuid.UUID | None
    country: str | None
    assigned: int  # reviews not declined
    done: int  # submitted
    mean_weighted_score: Decimal | None
    recommendations: dict[str, int] = field(default_factory=dict)


def _due(review: ReviewAssignment) -> datetime:
    return review.assigned_at + timedelta(days=REVIEW_DAYS)


def _reviewer_roles(user: User | None, expert: ExpertProfile | None) -> set[str]:
    """ "reviewer" for the account holding the assigned expert's profile, nothing otherwise."""
    if user is None or expert is None or expert.user_id != user.id:
        return set()
    return {REVIEWER}


class ReviewService:
    def __init__(self, session: Session, settings: Settings) -> None:
        self.session = session
        self.settings = settings
        self.repo = ReviewRepository(session)
        self.audit = Auditor(session, "program_review")

    # -- coordinators ---------------------------------------------------------------------------
    def staff_call(self, user: User | None, reference: str) -> Call:
        """The call, for one of its program's coordinators (403 for anyone else)."""
        actor = require_user(user)
        call = self.repo.call_by_reference(reference)
        if call is None:
            raise NotFound(N_("call not found"))
        if not self.repo.is_staff_of(actor, call.program_id):
            raise Forbidden(N_("only the program's coordinators may manage reviewers"))
        return call

    def owner_agencies(self, call: Call) -> list[ProgramAgency]:
        return self.repo.owner_agencies(call.program_id)

    def applications_under_review(self, call: Call) -> list[Application]:
        return self.repo.applications(call.id, UNDER_REVIEW)

    def applications_to_assign(self, call: Call) -> list[Application]:
        return self.repo.applications(call.id, [ApplicationStatus.in_review.value])

    def assignments(self, applications: Iterable[Application]) -> list[ReviewAssignment]:
        return self.repo.of_applications(a.id for a in applications)

    def experts(self, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, ExpertProfile]:
        return self.repo.experts(ids)

    def conflicts(
        self, application: Application, expert_ids: Iterable[uuid.UUID]
    ) -> dict[uuid.UUID, list[ConflictReason]]:
        return conflicts_of(self.repo, application, expert_ids)

    def free_capacity(self, experts: Iterable[ExpertProfile]) -> dict[uuid.UUID, int]:
        """Each expert's capacity minus their open (assigned, not yet submitted) reviews."""
        listed = list(experts)
        load = self.repo.open_load(e.id for e in listed)
        return {e.id: max(0, e.capacity - load.get(e.id, 0)) for e in listed}

    def panel_of(self, call: Call, expert: ExpertProfile) -> uuid.UUID | None:
        """The owner agency of the reviewer's country of residence, when there is one."""
        for agency in self.owner_agencies(call):
            if agency.country == expert.residence_country:
                return agency.id
        return None

    def _application_of(self, call: Call, application_id: uuid.UUID) -> Application:
        application = self.repo.application(application_id)
        if application is None or application.call_id != call.id:
            raise NotFound(N_("application not found"))
        if application.status != ApplicationStatus.in_review.value:
            raise Conflict(N_("only an application in review can get reviewers"))
        return application

    def assign(self, user: User | None, reference: str, data: AssignInput) -> ReviewAssignment:
        """A coordinator's pick by hand: refused on a conflict of interest unless an override
        reason is given, which is kept on the assignment and audited."""
        call = self.staff_call(user, reference)
        actor = require_user(user)
        application = self._application_of(call, data.application_id)
        expert = self.repo.experts([data.expert_id]).get(data.expert_id)
        if expert is None:
            raise ValidationFailed(N_("no such expert"), field="expert_id")
        if self.repo.pair(application.id, expert.id) is not None:
            raise Conflict(
                N_("this expert is already a reviewer of this application"), field="expert_id"
            )
        reasons = self.conflicts(application, [expert.id]).get(expert.id, [])
        override = (data.override_reason or "").strip() or None
        if reasons and override is None:
            raise ConflictOfInterest(reasons)
        review = self._add(actor, call, application, expert, None, override if reasons else None)
        self.audit(
            actor.id, "review.assigned", review.id, application=str(application.id),
            expert=str(expert.id), override_reason=review.override_reason,
            conflicts=[r.render() for r in reasons],
        )  # fmt: skip
        return review

    def add_planned(
        self, user: User | None, call: Call,
        rows: Sequence[tuple[Application, ExpertProfile, float]],
    ) -> list[ReviewAssignment]:  # fmt: skip
        """Writes the pairs the assignment plan chose (conflict-free by construction)."""
        actor = require_user(user)
        if not self.repo.is_staff_of(actor, call.program_id):
            raise Forbidden(N_("only the program's coordinators may manage reviewers"))
        added = []
        for application, expert, score in rows:
            review = self._add(actor, call, application, expert, score, None)
            self.audit(
                actor.id, "review.assigned_by_plan", review.id,
                application=str(application.id), expert=str(expert.id), score=round(score, 4),
            )  # fmt: skip
            added.append(review)
        return added

    def _add(
        self, actor: User, call: Call, application: Application, expert: ExpertProfile,
        score: float | None, override: str | None,
    ) -> ReviewAssignment:  # fmt: skip
        return self.repo.add(
            ReviewAssignment(
                application_id=application.id, expert_id=expert.id,
                agency_id=self.panel_of(call, expert), status=ReviewStatus.assigned.value,
                assigned_by_id=actor.id, assigned_at=utcnow(),
                match_score=None if score is None else round(score, 4),
                override_reason=override, scores={}, comment="",
            )
        )  # fmt: skip

    def remove(self, user: User | None, review_id: uuid.UUID) -> None:
        actor = require_user(user)
        review = self._visible(actor, review_id)
        application = self.repo.application(review.application_id)
        call = self.repo.call(application.call_id) if application else None
        if call is None or not self.repo.is_staff_of(actor, call.program_id):
            raise Forbidden(N_("only the program's coordinators may manage reviewers"))
        if review.status == ReviewStatus.submitted.value:
            raise Conflict(N_("a submitted review cannot be removed"))
        self.audit(
            actor.id, "review.removed", review.id, application=str(review.application_id),
            expert=str(review.expert_id), status=review.status,
        )  # fmt: skip
        self.repo.delete(review)

    # -- reviewers ------------------------------------------------------------------------------
    def _visible(self, user: User | None, review_id: uuid.UUID) -> ReviewAssignment:
        review = self.repo.visible(review_id, user)
        if review is None:
            raise NotFound(N_("review not found"))
        return review

    def roles_of(self, user: User | None, review: ReviewAssignment) -> set[str]:
        return _reviewer_roles(user, self.repo.experts([review.expert_id]).get(review.expert_id))

    def actions(self, user: User | None, review: ReviewAssignment) -> list[str]:
        return REVIEW_STATES.allowed(review.status, self.roles_of(user, review))

    def desk(self, user: User | None) -> list[DeskRow]:
        """The reviewer's own assignments, newest first."""
        actor = require_user(user)
        expert = self.repo.expert_of_user(actor.id)
        if expert is None:
            return []
        return [
            DeskRow(r, a, c, _due(r), REVIEW_STATES.allowed(r.status, {REVIEWER}))
            for r, a, c in self.repo.of_expert(expert.id)
        ]

    def views(self, user: User | None, reviews: Sequence[ReviewAssignment]) -> list[ReviewView]:
        experts = self.repo.experts(r.expert_id for r in reviews)
        references = {
            a.id: a.reference
            for a in (self.repo.application(i) for i in {r.application_id for r in reviews})
            if a is not None
        }
        return [
            ReviewView(
                r, references.get(r.application_id, ""),
                experts[r.expert_id].display_name if r.expert_id in experts else "",
                _due(r),
                REVIEW_STATES.allowed(r.status, _reviewer_roles(user, experts.get(r.expert_id))),
            )
            for r in reviews
        ]  # fmt: skip

    def get(self, user: User | None, review_id: uuid.UUID) -> ReviewAssignment:
        """A review its reviewer or the program's staff may read (404 for anyone else)."""
        return self._visible(require_user(user), review_id)

    def reading(self, user: User | None, review_id: uuid.UUID) -> ReviewerReading:
        review = self.get(user, review_id)
        application = self.repo.application(review.application_id)
        call = self.repo.call(application.call_id) if application else None
        if application is None or call is None:
            raise NotFound(N_("review not found"))
        version = self.repo.latest_version(application.id)
        country = next(
            (a.country for a in self.owner_agencies(call) if a.id == review.agency_id), None
        )
        # the shared part and the panel's country only (a reviewer without a panel: no side)
        sides = frozenset({country}) if country else frozenset()
        data = within_countries(version.snapshot, sides) if version else {}
        return ReviewerReading(
            review, application, call, data, country, _due(review),
            self.actions(user, review), list(call.rubric or []),
        )  # fmt: skip

    def _reviewer(self, user: User | None, review_id: uuid.UUID, action: str) -> tuple[
        User, ReviewAssignment
    ]:  # fmt: skip
        actor = require_user(user)
        review = self._visible(actor, review_id)
        REVIEW_STATES.check(action, review.status, self.roles_of(actor, review))
        return actor, review

    def declare_conflict(
        self, user: User | None, review_id: uuid.UUID, reason: str
    ) -> ReviewAssignment:
        """The reviewer finds a conflict: the review is declined with the reason, and the
        conflict is stored so no plan proposes the pair again."""
        actor, review = self._reviewer(user, review_id, "decline")
        reason = self._reason(reason)
        if self.repo.declared_pair(review.application_id, review.expert_id) is None:
            self.repo.add_conflict(
                DeclaredConflict(application_id=review.application_id, expert_id=review.expert_id,
                                 reason=reason, declared_by_id=actor.id)
            )  # fmt: skip
        self._decline(review, reason)
        self.audit(actor.id, "review.conflict_declared", review.id, reason=reason)
        return review

    def decline(self, user: User | None, review_id: uuid.UUID, reason: str) -> ReviewAssignment:
        actor, review = self._reviewer(user, review_id, "decline")
        reason = self._reason(reason)
        self._decline(review, reason)
        self.audit(actor.id, "review.declined", review.id, reason=reason)
        return review

    @staticmethod
    def _reason(reason: str) -> str:
        text = (reason or "").strip()
        if len(text) < 3:
            raise ValidationFailed(N_("give a reason"), field="reason")
        return text

    def _decline(self, review: ReviewAssignment, reason: str) -> None:
        review.status = REVIEW_STATES["decline"].target.value
        review.declined_reason = reason
        self.repo.flush()

    def save(self, user: User | None, review_id: uuid.UUID, data: ReviewInput) -> ReviewAssignment:
        """Keeps a draft of the review (scores in range; not all needed yet)."""
        actor, review = self._reviewer(user, review_id, "submit")
        rubric = self._rubric(review)
        self._write(review, rubric, data, complete=False)
        self.audit(actor.id, "review.saved", review.id)
        return review

    def submit(
        self, user: User | None, review_id: uuid.UUID, data: ReviewInput
    ) -> ReviewAssignment:
        """Every criterion scored 1–5 and a recommendation: the review is frozen."""
        actor, review = self._reviewer(user, review_id, "submit")
        rubric = self._rubric(review)
        self._write(review, rubric, data, complete=True)
        review.status = REVIEW_STATES["submit"].target.value
        review.submitted_at = utcnow()
        self.repo.flush()
        self.audit(
            actor.id, "review.submitted", review.id, weighted_score=str(review.weighted_score),
            recommendation=review.recommendation,
        )  # fmt: skip
        return review

    def _rubric(self, review: ReviewAssignment) -> list[dict[str, Any]]:
        application = self.repo.application(review.application_id)
        call = self.repo.call(application.call_id) if application else None
        rubric = list(call.rubric or []) if call else []
        if not rubric:
            raise ValidationFailed(N_("this call has no rubric to score against"), field="scores")
        return rubric

    def _write(
        self, review: ReviewAssignment, rubric: list[dict[str, Any]], data: ReviewInput,
        *, complete: bool,
    ) -> None:  # fmt: skip
        keys = {c["key"] for c in rubric}
        for key in data.scores:
            if key not in keys:
                raise ValidationFailed(
                    N_("%(criterion)s is not a criterion of this call's rubric"),
                    field=f"scores.{key}", params={"criterion": key},
                )  # fmt: skip
        for criterion in rubric:
            value = data.scores.get(criterion["key"])
            if (value is None and complete) or (
                value is not None and not SCORE_MIN <= value <= SCORE_MAX
            ):
                raise ValidationFailed(
                    N_("%(criterion)s: give a score from 1 to 5"),
                    field=f"scores.{criterion['key']}",
                    params={"criterion": criterion_label(criterion)},
                )
        if complete and data.recommendation is None:
            raise ValidationFailed(N_("choose a recommendation"), field="recommendation")
        review.scores = {c["key"]: data.scores[c["key"]] for c in rubric if c["key"] in data.scores}
        review.recommendation = data.recommendation.value if data.recommendation else None
        review.comment = data.comment.strip()
        review.weighted_score = (
            weighted_score(rubric, review.scores) if len(review.scores) == len(rubric) else None
        )
        self.repo.flush()

    # -- aggregates for the joint decision ------------------------------------------------------
    def scores_by_agency(self, application: Application) -> list[AgencyScores]:
        """Per owner agency's panel (then reviewers of no panel, if any): reviews assigned
        (not declined), done, the mean weighted score of those done and their recommendations."""
        call = self.repo.call(application.call_id)
        agencies = self.owner_agencies(call) if call else []
        reviews = [
            r for r in self.repo.of_applications([application.id])
            if r.status != ReviewStatus.declined.value
        ]  # fmt: skip
        panels: list[tuple[uuid.UUID | None, str | None]] = [(a.id, a.country) for a in agencies]
        known = {a.id for a in agencies}
        if any(r.agency_id not in known for r in reviews):
            panels.append((None, None))
        out = []
        for agency_id, country in panels:
            mine = [
                r for r in reviews if (r.agency_id if r.agency_id in known else None) == agency_id
            ]
            done = [r for r in mine if r.status == ReviewStatus.submitted.value]
            scores = [r.weighted_score for r in done if r.weighted_score is not None]
            mean = (
                (sum(scores, Decimal(0)) / len(scores)).quantize(Decimal("0.01"))
                if scores else None
            )  # fmt: skip
            counts = Counter(r.recommendation for r in done if r.recommendation)
            out.append(
                AgencyScores(
                    agency_id, country, len(mine), len(done), mean,
                    {k.value: counts.get(k.value, 0) for k in Recommendation},
                )
            )  # fmt: skip
        return out
