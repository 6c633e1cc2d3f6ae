"""Every query of the calls: scoped reads, the public list (open calls first), a program's calls,
the applications that lock a call's rules, the calls past their deadline."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import String, case, cast, or_, select
from sqlalchemy.orm import selectinload

from vstid.accounts.models import User
from vstid.core.pagination import Page, PageParams
from vstid.core.repository import Repository
from vstid.organizations.models import Organization
from vstid.programs.applications.models import Application, ApplicationStatus
from vstid.programs.calls.models import Call, CallAgencyCeiling, CallStatus
from vstid.programs.calls.permissions import restrict_calls
from vstid.programs.calls.schemas import CallFilters
from vstid.programs.models import AgencyRole, Program, ProgramAgency
from vstid.programs.permissions import restrict_programs, staff_programs

__all__ = ["CallRepository"]

# Open calls first, then the announced ones, then the rest.
_RANK = case(
    (Call.status == CallStatus.open.value, 0),
    (Call.status == CallStatus.forecast.value, 1),
    else_=2,
)


class CallRepository(Repository[Call]):
    model = Call

    def visible_by_reference(self, reference: str, user: User | None) -> Call | None:
        stmt = select(Call).where(Call.reference == reference).options(selectinload(Call.ceilings))
        return self.session.scalars(restrict_calls(stmt, user)).first()

    def by_reference(self, reference: str) -> Call | None:
        """Any call with this reference, seen or not (a reference is unique platform-wide)."""
        return self.session.scalars(select(Call).where(Call.reference == reference)).first()

    def browse(self, user: User | None, filters: CallFilters, params: PageParams) -> Page[Call]:
        """The calls this user may open: open first (soonest deadline first), then forecast
        (soonest opening first), then the rest (latest deadline first)."""
        stmt = select(Call).options(selectinload(Call.ceilings))
        if filters.kind:
            stmt = stmt.where(Call.kind == filters.kind)
        if filters.status:
            stmt = stmt.where(Call.status == filters.status)
        if filters.program_id:
            stmt = stmt.where(Call.program_id == filters.program_id)
        if filters.field:
            # a JSON list of codes, portable across SQLite and PostgreSQL (as orders do)
            stmt = stmt.where(cast(Call.fields, String).contains(f'"{filters.field}"'))
        if filters.country:
            # the eligible countries (the only upper-case codes in the rules); none listed
            # admits every country
            rules = cast(Call.eligibility, String)
            stmt = stmt.where(
                or_(
                    rules.contains(f'"{filters.country.upper()}"'),
                    ~rules.contains('"countries": ["'),
                )
            )
        stmt = restrict_calls(stmt, user).order_by(
            _RANK,
            case((Call.status == CallStatus.forecast.value, Call.opens_at), else_=None),
            case((Call.status == CallStatus.open.value, Call.closes_at), else_=None),
            Call.closes_at.desc(),
            Call.reference,
        )
        return self.paginate(stmt, params)

    def visible_program(self, slug: str, user: User | None) -> Program | None:
        stmt = restrict_programs(select(Program).where(Program.slug == slug), user)
        return self.session.scalars(stmt).first()

    def visible_program_by_id(self, program_id: uuid.UUID, user: User | None) -> Program | None:
        stmt = restrict_programs(select(Program).where(Program.id == program_id), user)
        return self.session.scalars(stmt).first()

    def agency_names(self, agency_ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
        if not agency_ids:
            return {}
        stmt = (
            select(ProgramAgency.id, Organization.name)
            .join(Organization, Organization.id == ProgramAgency.organization_id)
            .where(ProgramAgency.id.in_(agency_ids))
        )
        return {agency_id: name for agency_id, name in self.session.execute(stmt)}

    def is_staff(self, program_id: uuid.UUID, user: User | None) -> bool:
        stmt = staff_programs(user).where(Program.id == program_id).limit(1)
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

    def program_slugs(self, program_ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
        if not program_ids:
            return {}
        stmt = select(Program.id, Program.slug).where(Program.id.in_(program_ids))
        return {pid: slug for pid, slug in self.session.execute(stmt)}

    def submitted_count(self, call_id: uuid.UUID) -> int:
        """Applications past their draft (submitted once, even if withdrawn later): while
        there is one, the call's eligibility, questions and documents stay as they were."""
        stmt = select(Application.id).where(
            Application.call_id == call_id,
            or_(
                Application.submitted_at.is_not(None),
                Application.status.not_in(
                    [ApplicationStatus.draft.value, ApplicationStatus.withdrawn.value]
                ),
            ),
        )
        return self.count(stmt)  # type: ignore[arg-type]

    def open_closing_before(self, moment: datetime) -> list[Call]:
        """Open calls whose closing time is before `moment` (the caller adds each grace)."""
        stmt = (
            select(Call)
            .where(Call.status == CallStatus.open.value, Call.closes_at < moment)
            .order_by(Call.closes_at)
        )
        return list(self.session.scalars(stmt))

    def replace_ceilings(self, call: Call, ceilings: list[CallAgencyCeiling]) -> None:
        """The old rows deleted before the new ones are inserted (one row per agency)."""
        call.ceilings.clear()
        self.session.flush()
        call.ceilings.extend(ceilings)
        self.session.flush()
