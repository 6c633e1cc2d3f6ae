"""All SQL of applications: the scoped reads, the per-call numbering, and the facts the
service needs about the reader (staff of the program, agencies acted for, review panels)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import exists, func, select
from sqlalchemy.orm import selectinload

from vstid.accounts.models import User
from vstid.core.repository import Repository
from vstid.experts.models import ExpertProfile
from vstid.organizations.models import Membership, Organization
from vstid.programs.applications.models import (
    Application,
    ApplicationMember,
    ApplicationVersion,
)
from vstid.programs.applications.permissions import member_clause, restrict_applications
from vstid.programs.calls.models import Call, CallAgencyCeiling
from vstid.programs.models import AgencyRole, Program, ProgramAgency
from vstid.programs.permissions import restrict_programs, staff_programs, user_agencies
from vstid.programs.reviews.models import ReviewAssignment

__all__ = ["ApplicationRepository"]


def _full() -> list[Any]:
    return [
        selectinload(Application.members),
        selectinload(Application.sections),
        selectinload(Application.budget_lines),
        selectinload(Application.documents),
    ]


class ApplicationRepository(Repository[Application]):
    model = Application

    # -- applications ----------------------------------------------------------------------
    def visible(self, reference: str, user: User | None) -> Application | None:
        stmt = select(Application).where(Application.reference == reference).options(*_full())
        return self.session.scalars(restrict_applications(stmt, user)).first()

    def for_update(self, application_id: uuid.UUID) -> Application:
        """The row locked for the rest of the unit (PostgreSQL; SQLite's write unit already
        holds the database), so two submissions or answers cannot cross."""
        stmt = select(Application).where(Application.id == application_id)
        stmt = stmt.options(*_full()).with_for_update()
        return self.session.scalars(stmt.execution_options(populate_existing=True)).one()

    def mine(self, user: User) -> list[tuple[Application, str]]:
        """The user's applications (as a member), each with its call's reference."""
        stmt = (
            select(Application, Call.reference)
            .join(Call, Call.id == Application.call_id)
            .where(member_clause(user))
            .options(selectinload(Application.members))
            .order_by(Application.created_at.desc())
        )
        return [(a, ref) for a, ref in self.session.execute(stmt)]

    def of_call(self, call_id: uuid.UUID, user: User | None) -> list[Application]:
        stmt = select(Application).where(Application.call_id == call_id)
        stmt = stmt.order_by(Application.reference)
        return list(self.session.scalars(restrict_applications(stmt, user)))

    def next_number(self, call_id: uuid.UUID) -> int:
        stmt = select(func.count(Application.id)).where(Application.call_id == call_id)
        return int(self.session.scalar(stmt) or 0) + 1

    def reference_taken(self, reference: str) -> bool:
        stmt = select(Application.id).where(Application.reference == reference)
        return bool(self.session.scalar(select(exists(stmt))))

    def versions(self, application_id: uuid.UUID) -> list[ApplicationVersion]:
        stmt = (
            select(ApplicationVersion)
            .where(ApplicationVersion.application_id == application_id)
            .order_by(ApplicationVersion.number)
        )
        return list(self.session.scalars(stmt))

    def add_version(self, version: ApplicationVersion) -> None:
        self.session.add(version)
        self.session.flush()

    def remove_member(self, application: Application, member: ApplicationMember) -> None:
        application.members.remove(member)
        self.session.flush()

    # -- the call and its program ----------------------------------------------------------
    def open_call(self, reference: str, user: User | None) -> Call | None:
        """A call whose program the user may see (a draft call is no one's to apply to)."""
        programs = restrict_programs(select(Program.id), user)
        stmt = select(Call).where(Call.reference == reference, Call.program_id.in_(programs))
        return self.session.scalars(stmt.options(selectinload(Call.ceilings))).first()

    def call(self, call_id: uuid.UUID) -> Call:
        stmt = select(Call).where(Call.id == call_id).options(selectinload(Call.ceilings))
        return self.session.scalars(stmt).one()

    def owner_agencies(self, program_id: uuid.UUID) -> list[tuple[ProgramAgency, str]]:
        """The program's owner agencies with their organization's name, in order."""
        stmt = (
            select(ProgramAgency, Organization.name)
            .join(Organization, Organization.id == ProgramAgency.organization_id)
            .where(
                ProgramAgency.program_id == program_id,
                ProgramAgency.role == AgencyRole.owner.value,
            )
            .order_by(ProgramAgency.position)
        )
        return [(a, name) for a, name in self.session.execute(stmt)]

    def ceilings(self, call_id: uuid.UUID) -> list[CallAgencyCeiling]:
        stmt = select(CallAgencyCeiling).where(CallAgencyCeiling.call_id == call_id)
        return list(self.session.scalars(stmt))

    # -- the reader ------------------------------------------------------------------------
    def is_staff(self, user: User | None, program_id: uuid.UUID) -> bool:
        stmt = staff_programs(user).where(Program.id == program_id)
        return bool(self.session.scalar(select(exists(stmt))))

    def agency_countries(self, user: User | None, program_id: uuid.UUID) -> set[str]:
        """Countries of the program's owner agencies the user acts for."""
        stmt = select(ProgramAgency.country).where(
            ProgramAgency.id.in_(user_agencies(user)), ProgramAgency.program_id == program_id
        )
        return set(self.session.scalars(stmt))

    def review_panels(self, user: User | None, application_id: uuid.UUID) -> list[str | None]:
        """For each assignment of the user's expert profile on the application, the country of
        the agency panel they sit on (None: no panel, they read every side)."""
        if user is None:
            return []
        stmt = (
            select(ProgramAgency.country)
            .select_from(ReviewAssignment)
            .join(ExpertProfile, ExpertProfile.id == ReviewAssignment.expert_id)
            .outerjoin(ProgramAgency, ProgramAgency.id == ReviewAssignment.agency_id)
            .where(ReviewAssignment.application_id == application_id)
            .where(ExpertProfile.user_id == user.id)
        )
        return list(self.session.scalars(stmt))

    # -- people ----------------------------------------------------------------------------
    def user_by_email(self, email: str) -> User | None:
        stmt = select(User).where(func.lower(User.email) == email.strip().lower())
        return self.session.scalars(stmt).first()

    def user(self, user_id: uuid.UUID) -> User | None:
        return self.session.get(User, user_id)

    def expert(self, expert_id: uuid.UUID) -> ExpertProfile | None:
        return self.session.get(ExpertProfile, expert_id)

    def expert_of(self, user_id: uuid.UUID) -> ExpertProfile | None:
        stmt = select(ExpertProfile).where(ExpertProfile.user_id == user_id)
        return self.session.scalars(stmt).first()

    def organizations_of(self, user_id: uuid.UUID) -> list[Organization]:
        stmt = (
            select(Organization)
            .join(Membership, Membership.organization_id == Organization.id)
            .where(Membership.user_id == user_id)
            .order_by(Organization.name)
        )
        return list(self.session.scalars(stmt))

    def organization(self, organization_id: uuid.UUID | None) -> Organization | None:
        return self.session.get(Organization, organization_id) if organization_id else None
