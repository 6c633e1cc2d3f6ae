"""Programs: created and run by the staff of their hubs (coordinators, admins), public once
active. Never commits."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from vstid.accounts.models import Role, User
from vstid.accounts.permissions import require_user
from vstid.audit.service import Auditor
from vstid.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from vstid.core.i18n import N_
from vstid.core.models import utcnow
from vstid.core.settings import Settings
from vstid.organizations.models import Organization, OrgKind
from vstid.programs.models import (
    AgencyRole,
    Program,
    ProgramAgency,
    ProgramBudgetLine,
    ProgramStatus,
)
from vstid.programs.repository import AgencyRepository, BudgetLineRepository, ProgramRepository
from vstid.programs.schemas import (
    AgencyInput,
    BudgetLineInput,
    ProgramCreate,
    ProgramPatch,
    _period,
)
from vstid.programs.states import AGENCY, PROGRAM_STATES, STAFF
from vstid.rates.models import ExchangeRate, QuoteCurrency
from vstid.rates.service import RateService
from vstid.taxonomy.repository import FieldRepository

__all__ = ["AGENCY_KINDS", "Budget", "ProgramService", "shown_text"]

# Organizations that may stand behind a program: a ministry's agency or a fund.
AGENCY_KINDS = frozenset({OrgKind.agency.value, OrgKind.fund.value})


def shown_text(
    row: Any, locale: str, fields: tuple[str, str] = ("title", "summary")
) -> tuple[str, str, str]:
    """Two translatable fields (a program's title and summary, an indicator's name and
    definition) as a reader of `locale` sees them, with the language they are in: the
    reader's when translated, else English when translated (a Japanese partner reads an
    application written in Vietnamese through its English version), else the source."""
    first, second = fields
    for language in dict.fromkeys((locale, "en")):
        if language == row.language:
            break
        translated = (row.translations or {}).get(language) or {}
        if translated.get(first):
            return translated[first], translated.get(second) or getattr(row, second), language
    return getattr(row, first), getattr(row, second), row.language


@dataclass
class Budget:
    """A program's committed money: its lines, the total per currency as committed, and
    the whole converted to VND and USD at the rates valid on `on` (with the rates used),
    unless a rate is missing (then `problem` names it and nothing is converted)."""

    lines: list[ProgramBudgetLine]
    totals: dict[str, Decimal]
    on: date
    converted: dict[str, Decimal] = field(default_factory=dict)
    rates: list[ExchangeRate] = field(default_factory=list)
    problem: ValidationFailed | None = None


class ProgramService:
    def __init__(self, session: Session, settings: Settings) -> None:
        self.session = session
        self.settings = settings
        self.repo = ProgramRepository(session)
        self.agencies = AgencyRepository(session)
        self.lines = BudgetLineRepository(session)
        self.audit = Auditor(session, "program")

    # -- reading ---------------------------------------------------------------------------
    def browse(self, user: User | None) -> list[Program]:
        return self.repo.browse(user)

    def get_visible(self, user: User | None, program_id: uuid.UUID) -> Program:
        program = self.repo.visible(user, program_id)
        if program is None:
            raise NotFound(N_("program not found"))
        return program

    def by_slug(self, user: User | None, slug: str) -> Program:
        program = self.repo.visible_by_slug(user, slug)
        if program is None:
            raise NotFound(N_("program not found"))
        return program

    def roles_of(self, user: User | None, program: Program) -> set[str]:
        """staff: a coordinator of one of the program's hubs, an admin; agency: a member of
        one of its owner agencies' organizations."""
        roles: set[str] = set()
        if user is None:
            return roles
        if self.repo.is_staff(user, program.id):
            roles.add(STAFF)
        if self.repo.agencies_of_user(user, program.id):
            roles.add(AGENCY)
        return roles

    def is_insider(self, user: User | None, program: Program) -> bool:
        """Staff and agency members read names behind the numbers; others read counts."""
        return bool(self.roles_of(user, program))

    def allowed_actions(self, user: User | None, program: Program) -> list[str]:
        return PROGRAM_STATES.allowed(program.status, self.roles_of(user, program))

    def can_edit(self, user: User | None, program: Program) -> bool:
        return STAFF in self.roles_of(user, program) and program.status != ProgramStatus.closed

    def organizations_of(self, program: Program) -> dict[uuid.UUID, Organization]:
        return self.repo.organizations({a.organization_id for a in program.agencies})

    def organization(self, organization_id: uuid.UUID) -> Organization | None:
        return self.repo.organization(organization_id)

    def organizations(self, ids: set[uuid.UUID]) -> dict[uuid.UUID, Organization]:
        return self.repo.organizations(ids)

    def agency_choices(self) -> list[Organization]:
        return self.repo.agency_organizations(AGENCY_KINDS)

    def budget(self, program: Program, on: date | None = None) -> Budget:
        day = on or date.today()
        totals: dict[str, Decimal] = {}
        for line in program.budget_lines:
            totals[line.currency] = totals.get(line.currency, Decimal(0)) + Decimal(line.amount)
        budget = Budget(list(program.budget_lines), totals, day)
        rates = RateService(self.session)
        converted = dict.fromkeys((q.value for q in QuoteCurrency), Decimal(0))
        used: dict[uuid.UUID, ExchangeRate] = {}
        try:
            for currency, amount in totals.items():
                conversion = rates.convert(amount, currency, day)
                converted["VND"] += conversion.vnd.amount
                converted["USD"] += conversion.usd.amount
                for rate in conversion.rates:
                    used.setdefault(rate.id, rate)
        except ValidationFailed as exc:
            budget.problem = exc
            return budget
        budget.converted, budget.rates = converted, list(used.values())
        return budget

    # -- creating and editing --------------------------------------------------------------
    def create(self, user: User | None, data: ProgramCreate) -> Program:
        """A draft program in the coordinator's hub (an admin chooses the hub), with its
        agencies; every check before anything is written."""
        actor = require_user(user)
        if not actor.is_staff:
            raise Forbidden(N_("only the hub's coordinators create programs"))
        hub_id = self._hub_for(actor, data.hub_id)
        if self.repo.slug_taken(data.slug):
            raise ValidationFailed(N_("this address is already taken"), field="slug")
        self._check_fields(data.fields)
        self._check_hubs(data.other_hub_ids)
        agencies = [self._agency_row(a, i, f"agencies.{i}") for i, a in enumerate(data.agencies)]
        if len({a.organization_id for a in agencies}) != len(agencies):
            raise ValidationFailed(N_("this agency is already in the program"), field="agencies")
        program = Program(
            slug=data.slug,
            hub_id=hub_id,
            created_by_id=actor.id,
            title=data.title.strip(),
            summary=data.summary.strip(),
            language=data.language,
            translations=self._translations(data.language, data.translations),
            fields=list(dict.fromkeys(data.fields)),
            start_year=data.start_year,
            end_year=data.end_year,
            status=ProgramStatus.draft.value,
            status_changed_at=utcnow(),
        )
        program.agencies = agencies
        self.repo.add(program)
        self.repo.set_hubs(program, data.other_hub_ids)
        self._audit(actor, "program.create", program, title=program.title, slug=program.slug)
        return program

    def update(self, user: User | None, program_id: uuid.UUID, data: ProgramPatch) -> Program:
        actor, program = self.writable(user, program_id)
        changes = data.model_dump(exclude_unset=True)
        for name in ("title", "language", "start_year", "end_year"):
            if name in changes and changes[name] is None:
                raise ValidationFailed(N_("this field cannot be emptied"), field=name)
        start = changes.get("start_year") or program.start_year
        end = changes.get("end_year") or program.end_year
        try:
            _period(start, end)
        except ValueError as exc:
            raise ValidationFailed(str(exc), field="end_year") from None
        if changes.get("fields") is not None:
            self._check_fields(changes["fields"])
            program.fields = list(dict.fromkeys(changes["fields"]))
        if data.other_hub_ids is not None:
            self._check_hubs(data.other_hub_ids)
            self.repo.set_hubs(program, data.other_hub_ids)
        for name in ("title", "summary"):
            if changes.get(name) is not None:
                setattr(program, name, changes[name].strip())
        if changes.get("language"):
            program.language = changes["language"]
        program.start_year, program.end_year = start, end
        if data.translations is not None:
            program.translations = self._translations(program.language, data.translations)
        self._audit(actor, "program.update", program, changed=",".join(sorted(changes)))
        return program

    def add_agency(
        self, user: User | None, program_id: uuid.UUID, data: AgencyInput
    ) -> ProgramAgency:
        actor, program = self.writable(user, program_id)
        if any(a.organization_id == data.organization_id for a in program.agencies):
            raise ValidationFailed(
                N_("this agency is already in the program"), field="organization_id"
            )
        row = self._agency_row(data, len(program.agencies), "organization_id")
        row.program_id = program.id
        self.agencies.add(row)
        self.repo.reload(program)
        self._audit(
            actor,
            "program.agency_add",
            program,
            agency=str(row.organization_id),
            role=row.role,
            country=row.country,
        )
        return row

    def remove_agency(self, user: User | None, program_id: uuid.UUID, agency_id: uuid.UUID) -> None:
        actor, program = self.writable(user, program_id)
        row = self.agencies.of_program(program.id, agency_id)
        if row is None:
            raise NotFound(N_("agency not found"))
        if program.status != ProgramStatus.draft.value and row.role == AgencyRole.owner.value:
            raise Conflict(N_("an owner agency leaves only a draft program"))
        if self.agencies.has_budget(row.id):
            raise Conflict(N_("remove this agency's budget lines first"))
        self.agencies.delete(row)
        self.repo.reload(program)
        self._audit(actor, "program.agency_remove", program, agency=str(row.organization_id))

    def add_budget_line(
        self, user: User | None, program_id: uuid.UUID, data: BudgetLineInput
    ) -> ProgramBudgetLine:
        actor, program = self.writable(user, program_id)
        if self.agencies.of_program(program.id, data.agency_id) is None:
            raise ValidationFailed(N_("this agency is not in the program"), field="agency_id")
        if data.year is not None and not program.start_year <= data.year <= program.end_year:
            raise ValidationFailed(
                N_("the year must fall within the program's period (%(start)s-%(end)s)"),
                field="year",
                params={"start": program.start_year, "end": program.end_year},
            )
        line = ProgramBudgetLine(
            program_id=program.id,
            agency_id=data.agency_id,
            amount=data.amount,
            currency=data.currency.value,
            year=data.year,
            note=data.note.strip(),
            position=len(program.budget_lines),
        )
        self.lines.add(line)
        self.repo.reload(program)
        self._audit(
            actor,
            "program.budget_add",
            program,
            line=str(line.id),
            amount=str(line.amount),
            currency=line.currency,
        )
        return line

    def remove_budget_line(
        self, user: User | None, program_id: uuid.UUID, line_id: uuid.UUID
    ) -> None:
        actor, program = self.writable(user, program_id)
        line = self.lines.of_program(program.id, line_id)
        if line is None:
            raise NotFound(N_("budget line not found"))
        self.lines.delete(line)
        self.repo.reload(program)
        self._audit(
            actor,
            "program.budget_remove",
            program,
            line=str(line_id),
            amount=str(line.amount),
            currency=line.currency,
        )

    # -- lifecycle -------------------------------------------------------------------------
    def activation_blockers(self, program: Program) -> list[str]:
        """What keeps a draft from going public: a joint program is decided by owner
        agencies of two countries at least."""
        owners = {a.country for a in program.agencies if a.role == AgencyRole.owner.value}
        if len(owners) < 2:
            return [N_("a joint program needs owner agencies from at least two countries")]
        return []

    def transition(self, user: User | None, program_id: uuid.UUID, action: str) -> Program:
        actor = require_user(user)
        program = self.get_visible(actor, program_id)
        if action not in PROGRAM_STATES.transitions:
            raise NotFound(N_("the requested item was not found"))
        transition = PROGRAM_STATES.check(action, program.status, self.roles_of(actor, program))
        if action == "activate":
            blockers = self.activation_blockers(program)
            if blockers:
                raise Conflict(blockers[0], field="agencies")
        before = program.status
        program.status = transition.target.value
        program.status_changed_at = utcnow()
        self._audit(actor, f"program.{action}", program, **{"from": before, "to": program.status})
        return program

    # -- helpers ---------------------------------------------------------------------------
    def writable(self, user: User | None, program_id: uuid.UUID) -> tuple[User, Program]:
        """The program its staff changes (indicators too): 403 for anyone else who sees it,
        409 once it is closed."""
        actor = require_user(user)
        program = self.get_visible(actor, program_id)
        if STAFF not in self.roles_of(actor, program):
            raise Forbidden(N_("only the program's coordinators may do this"))
        if program.status == ProgramStatus.closed.value:
            raise Conflict(N_("a closed program can no longer be changed"))
        return actor, program

    def _agency_row(self, data: AgencyInput, position: int, where: str) -> ProgramAgency:
        org = self.repo.organization(data.organization_id)
        if org is None:
            raise ValidationFailed(N_("this organization does not exist"), field=where)
        if org.kind not in AGENCY_KINDS:
            raise ValidationFailed(
                N_("only an agency or a fund can take part in a program"), field=where
            )
        return ProgramAgency(
            organization_id=org.id, country=org.country, role=data.role.value, position=position
        )

    def _hub_for(self, actor: User, hub_id: uuid.UUID | None) -> uuid.UUID:
        if actor.has_role(Role.admin):
            if hub_id is None:
                raise ValidationFailed(N_("choose the program's hub"), field="hub_id")
            if not self.repo.hub_exists(hub_id):
                raise ValidationFailed(N_("this hub does not exist"), field="hub_id")
            return hub_id
        if actor.hub_id is None:
            raise Forbidden(N_("only the hub's coordinators create programs"))
        if hub_id is not None and hub_id != actor.hub_id:
            raise ValidationFailed(
                N_("a coordinator creates programs in their own hub"), field="hub_id"
            )
        return actor.hub_id

    def _check_hubs(self, hub_ids: list[uuid.UUID]) -> None:
        for hub_id in hub_ids:
            if not self.repo.hub_exists(hub_id):
                raise ValidationFailed(N_("this hub does not exist"), field="other_hub_ids")

    def _check_fields(self, codes: list[str]) -> None:
        known = set(FieldRepository(self.session).labels())
        unknown = [c for c in codes if c not in known]
        if unknown:
            raise ValidationFailed(
                N_("unknown field: %(codes)s"), field="fields", params={"codes": ", ".join(unknown)}
            )

    @staticmethod
    def _translations(source: str, given: Mapping[Any, Any]) -> dict[str, dict[str, str]]:
        """The other languages' fields; the source language lives in the columns, and an
        empty translation is no translation."""
        out: dict[str, dict[str, str]] = {}
        for language, text in given.items():
            values = text if isinstance(text, dict) else text.model_dump()
            kept = {k: str(v).strip() for k, v in values.items() if v and str(v).strip()}
            if language != source and kept:
                out[language] = kept
        return out

    def _audit(self, actor: User, action: str, program: Program, **data: Any) -> None:
        self.audit(actor.id, action, program.id, **data)
