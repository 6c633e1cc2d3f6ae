"""All SQL of the decisions part: the call and its applications as its deciders read them,
the agencies and their ceilings, positions, decisions, reviews and conflicts, and the rows an
award writes (a planned mobility stay)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from vstid.accounts.models import User
from vstid.core.repository import Repository
from vstid.experts.models import ExpertProfile
from vstid.organizations.models import Organization
from vstid.programs.applications.models import Application
from vstid.programs.calls.models import Call, CallAgencyCeiling
from vstid.programs.decisions.permissions import deciding_calls
from vstid.programs.models import AgencyRole, Program, ProgramAgency
from vstid.programs.permissions import staff_programs, user_agencies
from vstid.programs.reviews.models import (
    AgencyPosition,
    Conflict,
    JointDecision,
    ReviewAssignment,
)

__all__ = ["DecisionRepository"]


class DecisionRepository(Repository[AgencyPosition]):
    model = AgencyPosition

    # -- the call, the program and who decides ------------------------------------------------
    def call_by_reference(self, reference: str) -> Call | None:
        return self.session.scalars(select(Call).where(Call.reference == reference)).first()

    def deciding_call(self, reference: str, user: User | None) -> Call | None:
        """The call if the user takes part in its decisions (staff or an owner agency)."""
        stmt = select(Call).where(Call.reference == reference, Call.id.in_(deciding_calls(user)))
        return self.session.scalars(stmt).first()

    def application_by_reference(self, reference: str) -> Application | None:
        stmt = select(Application).where(Application.reference == reference)
        return self.session.scalars(stmt).first()

    def call(self, call_id: uuid.UUID) -> Call:
        call = self.session.get(Call, call_id)
        assert call is not None  # an application's call is a foreign key
        return call

    def program(self, program_id: uuid.UUID) -> Program:
        program = self.session.get(Program, program_id)
        assert program is not None
        return program

    def is_staff(self, user: User | None, program_id: uuid.UUID) -> bool:
        stmt = staff_programs(user).where(Program.id == program_id)
        return self.session.scalars(stmt).first() is not None

    def owner_agencies(self, program_id: uuid.UUID) -> list[ProgramAgency]:
        stmt = (
            select(ProgramAgency)
            .where(
                ProgramAgency.program_id == program_id,
                ProgramAgency.role == AgencyRole.owner.value,
            )
            .order_by(ProgramAgency.position)
        )
        return list(self.session.scalars(stmt))

    def agencies_of(self, user: User | None, program_id: uuid.UUID) -> set[uuid.UUID]:
        """The owner agencies of this program the user acts for."""
        stmt = select(ProgramAgency.id).where(
            ProgramAgency.program_id == program_id, ProgramAgency.id.in_(user_agencies(user))
        )
        return set(self.session.scalars(stmt))

    def organizations(self, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, Organization]:
        wanted = set(ids)
        if not wanted:
            return {}
        rows = self.session.scalars(select(Organization).where(Organization.id.in_(wanted)))
        return {o.id: o for o in rows}

    def ceilings(self, call_id: uuid.UUID) -> dict[uuid.UUID, CallAgencyCeiling]:
        stmt = select(CallAgencyCeiling).where(CallAgencyCeiling.call_id == call_id)
        return {c.agency_id: c for c in self.session.scalars(stmt)}

    # -- positions and decisions ------------------------------------------------------------
    def positions(self, application_id: uuid.UUID) -> dict[uuid.UUID, AgencyPosition]:
        stmt = select(AgencyPosition).where(AgencyPosition.application_id == application_id)
        return {p.agency_id: p for p in self.session.scalars(stmt)}

    def positions_of_call(self, call_id: uuid.UUID) -> list[AgencyPosition]:
        stmt = (
            select(AgencyPosition)
            .join(Application, Application.id == AgencyPosition.application_id)
            .where(Application.call_id == call_id)
        )
        return list(self.session.scalars(stmt))

    def decision(self, application_id: uuid.UUID) -> JointDecision | None:
        stmt = select(JointDecision).where(JointDecision.application_id == application_id)
        return self.session.scalars(stmt).first()

    def decisions_of_call(self, call_id: uuid.UUID) -> list[JointDecision]:
        stmt = (
            select(JointDecision)
            .join(Application, Application.id == JointDecision.application_id)
            .where(Application.call_id == call_id)
        )
        return list(self.session.scalars(stmt))

    def add_decision(self, decision: JointDecision) -> JointDecision:
        self.session.add(decision)
        self.session.flush()
        return decision

    # -- the console --------------------------------------------------------------------------
    def applications_of_call(self, call_id: uuid.UUID) -> Sequence[Application]:
        stmt = (
            select(Application)
            .where(Application.call_id == call_id)
            .options(
                selectinload(Application.members),
                selectinload(Application.budget_lines),
                selectinload(Application.sections),
            )
            .order_by(Application.reference)
        )
        return self.session.scalars(stmt).all()

    def reviews_of(self, application_ids: Iterable[uuid.UUID]) -> list[ReviewAssignment]:
        ids = set(application_ids)
        if not ids:
            return []
        stmt = (
            select(ReviewAssignment)
            .where(ReviewAssignment.application_id.in_(ids))
            .order_by(ReviewAssignment.assigned_at)
        )
        return list(self.session.scalars(stmt))

    def conflicts_of_call(self, call_id: uuid.UUID) -> list[Conflict]:
        stmt = (
            select(Conflict)
            .join(Application, Application.id == Conflict.application_id)
            .where(Application.call_id == call_id)
            .order_by(Conflict.declared_at)
        )
        return list(self.session.scalars(stmt))

    def experts(self, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, ExpertProfile]:
        wanted = set(ids)
        if not wanted:
            return {}
        rows = self.session.scalars(select(ExpertProfile).where(ExpertProfile.id.in_(wanted)))
        return {e.id: e for e in rows}

    def users(self, ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, User]:
        wanted = set(ids)
        if not wanted:
            return {}
        return {u.id: u for u in self.session.scalars(select(User).where(User.id.in_(wanted)))}

    # -- what an award writes -------------------------------------------------------------
