"""All SQL of the programs core: programs scoped to their reader, their agencies, hubs and
budget lines, and the organizations that may act as agencies."""

from __future__ import annotations

import uuid

from sqlalchemy import case, select
from sqlalchemy.orm import selectinload

from vstid.accounts.models import User
from vstid.core.repository import Repository
from vstid.hubs.models import Hub
from vstid.organizations.models import Organization
from vstid.programs.models import (
    Program,
    ProgramAgency,
    ProgramBudgetLine,
    ProgramHub,
    ProgramStatus,
)
from vstid.programs.permissions import restrict_programs, staff_programs, user_agencies

__all__ = ["AgencyRepository", "BudgetLineRepository", "ProgramRepository"]


class ProgramRepository(Repository[Program]):
    model = Program

    def _loaded(self):  # type: ignore[no-untyped-def]
        return select(Program).options(
            selectinload(Program.agencies),
            selectinload(Program.hubs),
            selectinload(Program.budget_lines),
        )

    def visible(self, user: User | None, program_id: uuid.UUID) -> Program | None:
        stmt = self._loaded().where(Program.id == program_id)
        return self.session.scalars(restrict_programs(stmt, user)).first()

    def visible_by_slug(self, user: User | None, slug: str) -> Program | None:
        stmt = self._loaded().where(Program.slug == slug)
        return self.session.scalars(restrict_programs(stmt, user)).first()

    def browse(self, user: User | None) -> list[Program]:
        """Every program the user may open: active ones first, then drafts (staff only),
        then closed ones; newest period first within each."""
        order = case(
            (Program.status == ProgramStatus.active.value, 0),
            (Program.status == ProgramStatus.draft.value, 1),
            else_=2,
        )
        stmt = self._loaded().order_by(order, Program.start_year.desc(), Program.title)
        return list(self.session.scalars(restrict_programs(stmt, user)))

    def slug_taken(self, slug: str) -> bool:
        return self.session.scalar(select(Program.id).where(Program.slug == slug)) is not None

    def is_staff(self, user: User | None, program_id: uuid.UUID) -> bool:
        stmt = staff_programs(user).where(Program.id == program_id)
        return self.session.scalars(stmt.limit(1)).first() is not None

    def agencies_of_user(self, user: User | None, program_id: uuid.UUID) -> list[ProgramAgency]:
        stmt = select(ProgramAgency).where(
            ProgramAgency.program_id == program_id, ProgramAgency.id.in_(user_agencies(user))
        )
        return list(self.session.scalars(stmt))

    def hub_exists(self, hub_id: uuid.UUID) -> bool:
        return self.session.get(Hub, hub_id) is not None

    def set_hubs(self, program: Program, hub_ids: list[uuid.UUID]) -> None:
        others = dict.fromkeys(h for h in hub_ids if h != program.hub_id)
        program.hubs = [ProgramHub(hub_id=h) for h in others]
        self.session.flush()

    def organization(self, organization_id: uuid.UUID) -> Organization | None:
        return self.session.get(Organization, organization_id)

    def organizations(self, ids: set[uuid.UUID]) -> dict[uuid.UUID, Organization]:
        if not ids:
            return {}
        stmt = select(Organization).where(Organization.id.in_(ids))
        return {o.id: o for o in self.session.scalars(stmt)}

    def agency_organizations(self, kinds: frozenset[str]) -> list[Organization]:
        """Organizations that may take part as an agency (for the form's choices)."""
        stmt = select(Organization).where(Organization.kind.in_(kinds)).order_by(Organization.name)
        return list(self.session.scalars(stmt))

    def reload(self, program: Program) -> None:
        self.session.refresh(program, ["agencies", "hubs", "budget_lines"])


class AgencyRepository(Repository[ProgramAgency]):
    model = ProgramAgency

    def of_program(self, program_id: uuid.UUID, agency_id: uuid.UUID) -> ProgramAgency | None:
        stmt = select(ProgramAgency).where(
            ProgramAgency.program_id == program_id, ProgramAgency.id == agency_id
        )
        return self.session.scalars(stmt).first()

    def has_budget(self, agency_id: uuid.UUID) -> bool:
        stmt = select(ProgramBudgetLine.id).where(ProgramBudgetLine.agency_id == agency_id)
        return self.session.scalars(stmt.limit(1)).first() is not None


class BudgetLineRepository(Repository[ProgramBudgetLine]):
    model = ProgramBudgetLine

    def of_program(self, program_id: uuid.UUID, line_id: uuid.UUID) -> ProgramBudgetLine | None:
        stmt = select(ProgramBudgetLine).where(
            ProgramBudgetLine.program_id == program_id, ProgramBudgetLine.id == line_id
        )
        return self.session.scalars(stmt).first()
