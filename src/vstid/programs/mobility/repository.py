"""All SQL of mobility records: the scoped register and its filters, the counts the public
sees, the row locked for a transition, and the look-ups the service checks input against."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import Select, exists, func, select
from sqlalchemy.orm import InstrumentedAttribute, selectinload

from vstid.accounts.models import User
from vstid.core.repository import Repository
from vstid.experts.models import ExpertProfile
from vstid.organizations.models import Organization
from vstid.programs.applications.models import Application
from vstid.programs.calls.models import Call
from vstid.programs.mobility.models import MobilityEvidence, MobilityRecord
from vstid.programs.mobility.permissions import register_programs, restrict_records
from vstid.programs.models import Program
from vstid.programs.permissions import agency_programs, restrict_programs, staff_programs
from vstid.taxonomy.repository import FieldRepository

__all__ = ["MobilityRepository"]

_R = MobilityRecord
GROUPS: dict[str, InstrumentedAttribute[Any]] = {
    "status": _R.status,
    "host_country": _R.host_country,
    "field": _R.field,
    "sex": _R.sex,
}


def _with_evidence(stmt: Select[MobilityRecord]) -> Select[MobilityRecord]:
    return stmt.options(selectinload(_R.evidence))


def _filtered(stmt: Select[Any], filters: dict[str, Any]) -> Select[Any]:
    for name in ("status", "host_country", "field"):
        if filters.get(name):
            stmt = stmt.where(GROUPS[name] == filters[name])
    sex = filters.get("sex")
    if sex == "undisclosed":
        stmt = stmt.where(_R.sex.is_(None))
    elif sex:
        stmt = stmt.where(_R.sex == sex)
    year = filters.get("year")
    if year:
        stmt = stmt.where(_R.departed_on >= date(year, 1, 1), _R.departed_on <= date(year, 12, 31))
    return stmt


class MobilityRepository(Repository[MobilityRecord]):
    model = MobilityRecord

    # -- the program and who runs it ---------------------------------------------------------
    def program_by_slug(self, slug: str, user: User | None) -> Program | None:
        stmt = select(Program).where(Program.slug == slug)
        return self.session.scalars(restrict_programs(stmt, user)).first()

    def program(self, program_id: uuid.UUID) -> Program | None:
        return self.session.get(Program, program_id)

    def is_staff(self, program_id: uuid.UUID, user: User | None) -> bool:
        stmt = staff_programs(user).where(Program.id == program_id)
        return self.session.scalar(select(exists(stmt))) or False

    def is_agency(self, program_id: uuid.UUID, user: User | None) -> bool:
        return program_id in set(self.session.scalars(agency_programs(user)))

    def reads_register(self, program_id: uuid.UUID, user: User | None) -> bool:
        return program_id in set(self.session.scalars(register_programs(user)))

    # -- records ------------------------------------------------------------------------------
    def register(
        self, program_id: uuid.UUID, user: User | None, filters: dict[str, Any]
    ) -> list[MobilityRecord]:
        stmt = _filtered(select(_R).where(_R.program_id == program_id), filters)
        stmt = stmt.order_by(
            _R.departed_on.desc().nulls_last(), _R.planned_departure.desc().nulls_last(), _R.id
        )
        return list(self.session.scalars(restrict_records(_with_evidence(stmt), user)))

    def one(self, record_id: uuid.UUID, user: User | None) -> MobilityRecord | None:
        stmt = _with_evidence(select(_R).where(_R.id == record_id))
        return self.session.scalars(restrict_records(stmt, user)).first()

    def for_update(self, record_id: uuid.UUID) -> MobilityRecord | None:
        """The record, its row locked for the rest of the unit (PostgreSQL; SQLite's write
        unit already holds the database), so two transitions cannot cross."""
        stmt = select(_R).where(_R.id == record_id).with_for_update()
        return self.session.scalars(stmt).first()

    def of_application(self, application_id: uuid.UUID) -> MobilityRecord | None:
        return self.session.scalars(select(_R).where(_R.application_id == application_id)).first()

    def counts(
        self, program_id: uuid.UUID, group: str, filters: dict[str, Any] | None = None
    ) -> dict[str, int]:
        """How many records per value of one column (no value: "")."""
        column = GROUPS[group]
        stmt = _filtered(
            select(column, func.count(_R.id)).where(_R.program_id == program_id),
            filters or {},
        ).group_by(column)
        return {(value or ""): int(n) for value, n in self.session.execute(stmt)}

    def departure_years(self, program_id: uuid.UUID) -> list[int]:
        dates = self.session.scalars(
            select(_R.departed_on).where(_R.program_id == program_id, _R.departed_on.is_not(None))
        )
        return sorted({d.year for d in dates if d is not None}, reverse=True)

    # -- evidence -----------------------------------------------------------------------------
    def add_evidence(self, record: MobilityRecord, evidence: MobilityEvidence) -> None:
        record.evidence.append(evidence)
        self.session.flush()

    def has_evidence(self, record_id: uuid.UUID, kind: str) -> bool:
        stmt = select(MobilityEvidence.id).where(
            MobilityEvidence.record_id == record_id, MobilityEvidence.kind == kind
        )
        return self.session.scalar(select(exists(stmt))) or False

    def evidence(self, record_id: uuid.UUID, evidence_id: uuid.UUID) -> MobilityEvidence | None:
        stmt = select(MobilityEvidence).where(
            MobilityEvidence.id == evidence_id, MobilityEvidence.record_id == record_id
        )
        return self.session.scalars(stmt).first()

    def reload(self, record: MobilityRecord) -> None:
        self.session.flush()
        self.session.refresh(record)

    # -- look-ups for the input ---------------------------------------------------------------
    def expert(self, expert_id: uuid.UUID) -> ExpertProfile | None:
        return self.session.get(ExpertProfile, expert_id)

    def expert_by_slug(self, slug: str) -> ExpertProfile | None:
        return self.session.scalars(select(ExpertProfile).where(ExpertProfile.slug == slug)).first()

    def organization(self, org_id: uuid.UUID) -> Organization | None:
        return self.session.get(Organization, org_id)

    def organizations(self, limit: int = 1000) -> list[tuple[uuid.UUID, str, str]]:
        """(id, name, country) of the platform's organizations, by name: the form's choices."""
        stmt = select(Organization.id, Organization.name, Organization.country)
        rows = self.session.execute(stmt.order_by(Organization.name, Organization.id).limit(limit))
        return [(r[0], r[1], r[2]) for r in rows]

    def call(self, call_id: uuid.UUID) -> Call | None:
        return self.session.get(Call, call_id)

    def application(self, application_id: uuid.UUID) -> Application | None:
        return self.session.get(Application, application_id)

    def field_labels(self) -> dict[str, dict[str, str]]:
        return FieldRepository(self.session).labels()

    def add_profile(self, expert: ExpertProfile) -> ExpertProfile:
        self.session.add(expert)
        self.session.flush()
        return expert
