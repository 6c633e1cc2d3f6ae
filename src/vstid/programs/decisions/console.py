"""The coordinator console of a call, and its exports. The program's staff see every side; a
member of an owner agency sees the shared part and its own side only: its country's section,
what the application asks of its agency, its panel's reviews (never another country's
section or budget)."""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy.orm import Session

from vstid.accounts.models import User
from vstid.core.errors import NotFound
from vstid.core.i18n import N_
from vstid.core.settings import Settings
from vstid.experts.models import ExpertProfile
from vstid.programs.applications.models import Application, ApplicationStatus, MemberRole
from vstid.programs.calls.models import Call
from vstid.programs.decisions.repository import DecisionRepository
from vstid.programs.models import Program, ProgramAgency
from vstid.programs.reviews.models import (
    AgencyPosition,
    Conflict,
    JointDecision,
    ReviewAssignment,
    ReviewStatus,
)

__all__ = ["ConsoleRow", "ConsoleService", "ConsoleView", "PanelScores", "scores_by_agency"]

CENT = Decimal("0.01")


@dataclass
class PanelScores:
    """One agency panel's review of one application: how many reviews are assigned and
    submitted, the mean weighted score and the mean per rubric criterion."""

    assigned: int = 0
    submitted: int = 0
    mean: Decimal | None = None
    criteria: dict[str, Decimal] = field(default_factory=dict)


def _mean(values: list[Decimal]) -> Decimal | None:
    return (sum(values, Decimal(0)) / len(values)).quantize(CENT) if values else None


def scores_by_agency(reviews: list[ReviewAssignment]) -> dict[uuid.UUID | None, PanelScores]:
    """Review progress and mean scores per agency panel, from review rows already loaded for
    the whole call (one query for the console). ReviewService.scores_by_agency answers the
    same counts for one application, with recommendations instead of per-criterion means:
    the two should become one function over the rows."""
    panels: dict[uuid.UUID | None, list[ReviewAssignment]] = {}
    for review in reviews:
        panels.setdefault(review.agency_id, []).append(review)
    out: dict[uuid.UUID | None, PanelScores] = {}
    for agency_id, rows in panels.items():
        done = [r for r in rows if r.status == ReviewStatus.submitted.value]
        keys = sorted({k for r in done for k in (r.scores or {})})
        out[agency_id] = PanelScores(
            assigned=sum(1 for r in rows if r.status != ReviewStatus.declined.value),
            submitted=len(done),
            mean=_mean([Decimal(r.weighted_score) for r in done if r.weighted_score is not None]),
            criteria={
                k: m
                for k in keys
                if (m := _mean([Decimal(r.scores[k]) for r in done if k in (r.scores or {})]))
                is not None
            },
        )
    return out


@dataclass
class ConsoleRow:
    application: Application
    lead_name: str
    countries: list[str]
    requested: dict[uuid.UUID, list[tuple[Decimal, str]]]  # by agency (only the reader's sides)
    panels: dict[uuid.UUID | None, PanelScores]
    reviews: list[ReviewAssignment]
    positions: dict[uuid.UUID, AgencyPosition]
    decision: JointDecision | None


@dataclass
class ConsoleView:
    call: Call
    program: Program
    agencies: list[ProgramAgency]  # the sides the reader sees
    all_agencies: list[ProgramAgency]
    names: dict[uuid.UUID, str]
    rows: list[ConsoleRow]
    conflicts: list[tuple[Conflict, Application, ExpertProfile | None]]
    experts: dict[uuid.UUID, ExpertProfile]
    staff: bool
    counts: dict[str, int]

    @property
    def criteria(self) -> list[str]:
        return [str(c.get("key")) for c in (self.call.rubric or []) if c.get("key")]

    def criterion_label(self, key: str, locale: str) -> str:
        for c in self.call.rubric or []:
            if c.get("key") == key:
                labels = c.get("label") or {}
                return str(labels.get(locale) or labels.get("en") or key)
        return key


class ConsoleService:
    def __init__(self, session: Session, settings: Settings) -> None:
        self.repo = DecisionRepository(session)

    def console(self, user: User | None, reference: str) -> ConsoleView:
        call = self.repo.deciding_call(reference, user)
        if call is None:
            raise NotFound(N_("call not found"))
        program = self.repo.program(call.program_id)
        staff = self.repo.is_staff(user, program.id)
        mine = self.repo.agencies_of(user, program.id)
        every = self.repo.owner_agencies(program.id)
        seen = every if staff else [a for a in every if a.id in mine]
        seen_ids = {a.id for a in seen}
        applications = self.repo.applications_of_call(call.id)
        reviews = [
            r
            for r in self.repo.reviews_of(a.id for a in applications)
            if staff or r.agency_id in seen_ids
        ]
        positions = self.repo.positions_of_call(call.id)
        decisions = {d.application_id: d for d in self.repo.decisions_of_call(call.id)}
        conflicts = self.repo.conflicts_of_call(call.id)
        experts = self.repo.experts(
            {r.expert_id for r in reviews} | {c.expert_id for c in conflicts}
        )
        by_id = {a.id: a for a in applications}
        rows = [
            self._row(a, reviews, positions, decisions.get(a.id), seen_ids) for a in applications
        ]
        counts = Counter(a.status for a in applications)
        orgs = self.repo.organizations(a.organization_id for a in every)
        return ConsoleView(
            call=call, program=program, agencies=seen, all_agencies=every,
            names={a.id: orgs[a.organization_id].name for a in every if a.organization_id in orgs},
            rows=rows,
            conflicts=[(c, by_id[c.application_id], experts.get(c.expert_id)) for c in conflicts],
            experts=experts, staff=staff,
            counts={s.value: counts.get(s.value, 0) for s in ApplicationStatus},
        )  # fmt: skip

    @staticmethod
    def _row(
        application: Application, reviews: list[ReviewAssignment],
        positions: list[AgencyPosition], decision: JointDecision | None,
        seen: set[uuid.UUID],
    ) -> ConsoleRow:  # fmt: skip
        mine = [r for r in reviews if r.application_id == application.id]
        requested: dict[uuid.UUID, list[tuple[Decimal, str]]] = {}
        for line in application.budget_lines:
            if line.agency_id in seen:
                requested.setdefault(line.agency_id, []).append((line.amount, line.currency))
        lead = next((m.name for m in application.members if m.role == MemberRole.lead.value), "")
        return ConsoleRow(
            application=application, lead_name=lead,
            countries=sorted({m.country for m in application.members}),
            requested={k: _totals(v) for k, v in requested.items()},
            panels=scores_by_agency(mine), reviews=mine,
            positions={p.agency_id: p for p in positions if p.application_id == application.id},
            decision=decision,
        )  # fmt: skip


def _totals(lines: list[tuple[Decimal, str]]) -> list[tuple[Decimal, str]]:
    """What the application asks of one agency, summed per currency."""
    sums: dict[str, Decimal] = {}
    for amount, currency in lines:
        sums[currency] = sums.get(currency, Decimal(0)) + amount
    return [(amount, currency) for currency, amount in sums.items()]
