"""Reviewers for a call's applications: the matching engine's suggestions (cross-lingual, as
for orders) with conflicted experts set apart with their reasons, and the assignment plan
solved by `vstid.engine.assignment` (capacity, reviews per application, conflicts as missing
arcs, at least one reviewer resident in each owner agency's country)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from vstid.accounts.models import User
from vstid.core.errors import Conflict, ValidationFailed
from vstid.core.i18n import N_
from vstid.core.settings import Settings
from vstid.engine.assignment import AssignmentResult, assign
from vstid.experts.models import ExpertProfile
from vstid.matching.holder import IndexNotReady
from vstid.matching.service import MatchingService
from vstid.programs.applications.models import Application
from vstid.programs.calls.models import Call
from vstid.programs.reviews.conflicts import ConflictReason
from vstid.programs.reviews.models import ReviewAssignment, ReviewStatus
from vstid.programs.reviews.service import ReviewService

__all__ = [
    "ReviewPlan",
    "Suggested",
    "Suggestions",
    "application_text",
    "plan_review_assignment",
    "run_review_assignment",
    "suggest_reviewers",
]

SUGGEST_K = 30


@dataclass(frozen=True)
class Suggested:
    expert: ExpertProfile
    score: float
    free_capacity: int
    evidence: list[str]  # why the engine found them: shared fields, their headline
    conflicts: list[ConflictReason] = field(default_factory=list)


@dataclass(frozen=True)
class Suggestions:
    application: Application
    suggested: list[Suggested]  # conflict-free, best first
    excluded: list[Suggested]  # found by the engine but conflicted, with the reasons
    indexed: bool = True  # False while the matching index holds no expert


def application_text(application: Application) -> str:
    """Title and its translations first (the engine reads the first 500 characters), then
    the summary and its translations: the same text in several languages reaches reviewers
    who wrote their profile in any of them."""
    translations = application.translations or {}
    titles = [application.title, *(t.get("title", "") for t in translations.values())]
    summaries = [application.summary, *(t.get("summary", "") for t in translations.values())]
    return " ".join(s.strip() for s in [*titles, *summaries] if s and s.strip())


def _evidence(application: Application, expert: ExpertProfile) -> list[str]:
    shared = [f for f in expert.fields if f in set(application.fields or [])]
    return [*shared, *([expert.headline] if expert.headline else [])]


def suggest_reviewers(
    session: Session, settings: Settings, application: Application, k: int = SUGGEST_K
) -> Suggestions:
    """The engine's relevant experts for the application, conflicted ones set apart."""
    try:
        found = MatchingService(session, settings).relevant_experts(
            application_text(application), k
        )
    except IndexNotReady:
        found = None
    if found is None:
        return Suggestions(application, [], [], indexed=False)
    reviews = ReviewService(session, settings)
    experts = reviews.experts(e for e, _ in found)
    conflicts = reviews.conflicts(application, experts)
    free = reviews.free_capacity(experts.values())
    suggested: list[Suggested] = []
    excluded: list[Suggested] = []
    for expert_id, score in found:
        expert = experts.get(expert_id)
        if expert is None:
            continue
        row = Suggested(expert, score, free[expert_id], _evidence(application, expert),
                        conflicts.get(expert_id, []))  # fmt: skip
        (excluded if row.conflicts else suggested).append(row)
    return Suggestions(application, suggested, excluded)


@dataclass(frozen=True)
class ReviewPlan:
    call: Call
    applications: list[Application]
    experts: list[ExpertProfile]
    result: AssignmentResult
    countries: list[str]  # the owner agencies' countries each application needs a reviewer of

    def rows(self) -> list[tuple[Application, ExpertProfile, float]]:
        return [
            (self.applications[o], self.experts[e], s)
            for (o, e), s in zip(self.result.pairs, self.result.pair_scores, strict=True)
        ]

    def unmet(self) -> dict[uuid.UUID, tuple[str, ...]]:
        """Applications left without a reviewer of a required country."""
        groups = self.result.groups_unmet or ((),) * len(self.applications)
        return {a.id: g for a, g in zip(self.applications, groups, strict=True) if g}


def plan_review_assignment(session: Session, settings: Settings, call: Call) -> ReviewPlan:
    """Tops every application in review up to the call's reviews per application from its
    conflict-free suggestions, within each expert's free capacity, with one seat reserved for
    each owner country the application's current reviewers do not cover yet."""
    reviews = ReviewService(session, settings)
    countries = sorted({a.country for a in reviews.owner_agencies(call)})
    if call.reviews_per_application < len(countries):
        raise ValidationFailed(
            N_("a call needs at least one review per owner country (%(count)s)"),
            field="reviews_per_application", params={"count": len(countries)},
        )  # fmt: skip
    applications = reviews.applications_to_assign(call)
    current: dict[uuid.UUID, list[ReviewAssignment]] = {a.id: [] for a in applications}
    for review in reviews.assignments(applications):
        current[review.application_id].append(review)
    suggestions = [suggest_reviewers(session, settings, a) for a in applications]
    if not all(s.indexed for s in suggestions):
        raise Conflict(N_("the matching index is not ready yet: try again in a minute"))
    pool = {s.expert.id: s.expert for sug in suggestions for s in sug.suggested}
    pool |= reviews.experts(r.expert_id for rs in current.values() for r in rs)
    experts = list(pool.values())
    index = {e.id: i for i, e in enumerate(experts)}
    demand, required, lists = [], [], []
    for application, sug in zip(applications, suggestions, strict=True):
        active = [r for r in current[application.id] if r.status != ReviewStatus.declined.value]
        taken = {r.expert_id for r in current[application.id]}  # a declined pair is not retried
        need = max(0, call.reviews_per_application - len(active))
        covered = {pool[r.expert_id].residence_country for r in active}
        demand.append(need)
        required.append(sorted(c for c in countries if c not in covered)[:need])
        lists.append([(index[s.expert.id], s.score) for s in sug.suggested
                      if s.expert.id not in taken])  # fmt: skip
    free = reviews.free_capacity(experts)
    result = assign(
        demand, [free[e.id] for e in experts], lists,
        groups=[e.residence_country for e in experts], required_groups=required,
    )  # fmt: skip
    return ReviewPlan(call, applications, experts, result, countries)


def run_review_assignment(
    session: Session, settings: Settings, user: User | None, reference: str
) -> tuple[ReviewPlan, list[ReviewAssignment]]:
    """A coordinator's "run assignment": plans and writes the chosen pairs (audited)."""
    reviews = ReviewService(session, settings)
    call = reviews.staff_call(user, reference)
    plan = plan_review_assignment(session, settings, call)
    return plan, reviews.add_planned(user, call, plan.rows())
