"""The joint decision on an application of a program's call. Never commits.

Each owner agency records its position (fund, reserve, do not fund, with the amount it grants
in its currency, never above the call's ceiling for it): its own members do, or the program's
staff on its behalf with a note saying so. Once every owner agency has a position the staff
decide: an award only when all say fund, a rejection with a reason. The decision moves the
application (APPLICATION_STATES, award/reject), writes the letter in the lead applicant's
language, tells the applicants, and an award opens the joint project through the projects
capability (or plans the mobility stay of a mobility call)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from babel.numbers import format_currency
from sqlalchemy.orm import Session

from vstid.accounts.models import User
from vstid.accounts.permissions import require_user
from vstid.audit.service import Auditor
from vstid.core import i18n
from vstid.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from vstid.core.i18n import N_
from vstid.core.models import utcnow
from vstid.core.settings import Settings
from vstid.notifications.service import Notifier
from vstid.programs.applications.models import (
    Application,
    ApplicationStatus,
    MemberRole,
    MemberStatus,
)
from vstid.programs.applications.states import APPLICATION_STATES
from vstid.programs.calls.models import Call, CallKind
from vstid.programs.decisions.awards import AwardOpener
from vstid.programs.decisions.letter import LetterAmount, LetterFacts, render_letter
from vstid.programs.decisions.repository import DecisionRepository
from vstid.programs.decisions.schemas import DecisionInput, PositionInput
from vstid.programs.models import Program, ProgramAgency
from vstid.programs.reviews.models import AgencyPosition, JointDecision, Position
from vstid.programs.states import AGENCY, STAFF

__all__ = [
    "DECIDABLE",
    "MSG_AWARDED",
    "MSG_REJECTED",
    "Decided",
    "Deciding",
    "DecisionService",
    "DecisionView",
]

A = ApplicationStatus
# Positions are recorded, and the decision taken, on an application in review or shortlisted.
DECIDABLE = frozenset({A.in_review.value, A.shortlisted.value})

MSG_AWARDED = N_(
    "Your application “%(application)s” to the call “%(call)s” was awarded. "
    "The decision letter is on the application's page."
)
MSG_REJECTED = N_(
    "Your application “%(application)s” to the call “%(call)s” was not funded. "
    "The decision letter is on the application's page."
)


@dataclass
class Deciding:
    """An application as one of its deciders reaches it: the staff of its program, or a
    member of one of its owner agencies (the agencies they act for)."""

    application: Application
    call: Call
    program: Program
    staff: bool
    agencies: set[uuid.UUID]

    @property
    def roles(self) -> set[str]:
        return ({STAFF} if self.staff else set()) | ({AGENCY} if self.agencies else set())


@dataclass
class Decided:
    decision: JointDecision
    project_id: uuid.UUID | None = None
    mobility_id: uuid.UUID | None = None


@dataclass
class DecisionView:
    """The decision part of an application's page."""

    application: Application
    call: Call
    program: Program
    agencies: list[ProgramAgency]
    names: dict[uuid.UUID, str]  # agency id -> its organization's name
    positions: dict[uuid.UUID, AgencyPosition]  # empty for the applicants
    decision: JointDecision | None
    decider: bool
    recordable: list[ProgramAgency] = field(default_factory=list)  # agencies the user may record
    staff: bool = False
    ceilings: dict[uuid.UUID, tuple[Decimal, str]] = field(default_factory=dict)

    @property
    def can_decide(self) -> bool:
        return (
            self.staff
            and self.decision is None
            and self.application.status in DECIDABLE
            and all(a.id in self.positions for a in self.agencies)
        )

    @property
    def missing(self) -> list[ProgramAgency]:
        return [a for a in self.agencies if a.id not in self.positions]


def _money(amount: Decimal, currency: str) -> str:
    return format_currency(amount, currency, locale=i18n.current_locale())


class DecisionService:
    def __init__(self, session: Session, settings: Settings) -> None:
        self.session = session
        self.settings = settings
        self.repo = DecisionRepository(session)
        self.audit = Auditor(session, "program_application")
        self.notifier = Notifier(session, settings)
        self.awards = AwardOpener(session, settings, self.repo)

    # -- who decides ----------------------------------------------------------------------
    def deciding(self, user: User | None, reference: str) -> Deciding:
        """The application for its program's staff and owner agencies; a 404 for anyone
        else, as if it did not exist."""
        actor = require_user(user)
        application = self.repo.application_by_reference(reference)
        if application is None:
            raise NotFound(N_("application not found"))
        call = self.repo.call(application.call_id)
        program = self.repo.program(call.program_id)
        ctx = Deciding(
            application, call, program,
            staff=self.repo.is_staff(actor, program.id),
            agencies=self.repo.agencies_of(actor, program.id),
        )  # fmt: skip
        if not ctx.roles:
            raise NotFound(N_("application not found"))
        return ctx

    def _names(self, agencies: list[ProgramAgency]) -> dict[uuid.UUID, str]:
        orgs = self.repo.organizations(a.organization_id for a in agencies)
        return {a.id: orgs[a.organization_id].name for a in agencies if a.organization_id in orgs}

    # -- positions ----------------------------------------------------------------------------
    def record_position(
        self, user: User | None, reference: str, data: PositionInput
    ) -> AgencyPosition:
        """An agency's position, recorded or changed (audited with what it was) until the
        joint decision. Every check runs before anything is written."""
        actor = require_user(user)
        ctx = self.deciding(actor, reference)
        agency = self._agency_for(ctx, data)
        on_behalf = agency.id not in ctx.agencies
        if on_behalf and not ctx.staff:
            raise Forbidden(N_("you may record only your own agency's position"))
        if on_behalf and not data.note.strip():
            raise ValidationFailed(
                N_("say in the note that you record this position on the agency's behalf"),
                field="note",
            )
        application = ctx.application
        if application.status not in DECIDABLE:
            raise Conflict(N_("positions are recorded on an application in review or shortlisted"))
        if self.repo.decision(application.id) is not None:
            raise Conflict(N_("the joint decision is made; positions can no longer change"))
        amount, currency = self._amount(ctx, agency, data)
        row = self.repo.positions(application.id).get(agency.id)
        before = None if row is None else {"position": row.position, "amount": str(row.amount)}
        if row is None:
            row = AgencyPosition(application_id=application.id, agency_id=agency.id)
        row.position, row.amount, row.currency = data.position.value, amount, currency
        row.note, row.decided_by_id, row.decided_at = data.note.strip(), actor.id, utcnow()
        self.repo.add(row)
        self.audit(
            actor.id, "program.position." + ("record" if before is None else "change"),
            application.id, agency=str(agency.id), position=row.position,
            amount=str(amount) if amount is not None else "", currency=currency or "",
            on_behalf=on_behalf, before=before,
        )  # fmt: skip
        return row

    def _agency_for(self, ctx: Deciding, data: PositionInput) -> ProgramAgency:
        agencies = {a.id: a for a in self.repo.owner_agencies(ctx.program.id)}
        agency_id = data.agency_id
        if agency_id is None and len(ctx.agencies) == 1:
            agency_id = next(iter(ctx.agencies))
        if agency_id is None:
            raise ValidationFailed(N_("choose the agency this position is for"), field="agency_id")
        if agency_id not in agencies:
            raise ValidationFailed(
                N_("this agency does not decide the program's calls"), field="agency_id"
            )
        return agencies[agency_id]

    def _amount(
        self, ctx: Deciding, agency: ProgramAgency, data: PositionInput
    ) -> tuple[Decimal | None, str | None]:
        """The amount granted and its currency: the agency's (the call's ceiling for it, else
        what the application asks of it), never above the ceiling."""
        if data.position == Position.do_not_fund:
            return None, None
        ceiling = self.repo.ceilings(ctx.call.id).get(agency.id)
        asked = next(
            (b.currency for b in ctx.application.budget_lines if b.agency_id == agency.id), None
        )
        expected = ceiling.currency if ceiling else asked
        currency = data.currency.value if data.currency else expected
        if data.amount is None:
            if data.position == Position.fund:
                raise ValidationFailed(N_("give the amount the agency grants"), field="amount")
            return None, None
        if currency is None:
            raise ValidationFailed(N_("give the currency of the amount"), field="currency")
        if expected and currency != expected:
            raise ValidationFailed(
                N_("the amount is granted in the agency's currency, %(currency)s"),
                field="currency", params={"currency": expected},
            )  # fmt: skip
        if ceiling and data.amount > ceiling.amount:
            raise ValidationFailed(
                N_("the amount is above the call's ceiling for this agency (%(ceiling)s)"),
                field="amount", params={"ceiling": _money(ceiling.amount, ceiling.currency)},
            )  # fmt: skip
        return data.amount.quantize(Decimal("0.01")), currency

    # -- the joint decision -----------------------------------------------------------------
    def decide(self, user: User | None, reference: str, data: DecisionInput) -> Decided:
        actor = require_user(user)
        ctx = self.deciding(actor, reference)
        application = ctx.application
        transition = APPLICATION_STATES.check(data.decision, application.status, ctx.roles)
        if self.repo.decision(application.id) is not None:
            raise Conflict(N_("this application already has its joint decision"))
        agencies = self.repo.owner_agencies(ctx.program.id)
        names = self._names(agencies)
        positions = self.repo.positions(application.id)
        missing = [names.get(a.id, a.country) for a in agencies if a.id not in positions]
        if missing:
            raise Conflict(
                N_("every owner agency records its position first; still missing: %(agencies)s"),
                params={"agencies": ", ".join(missing)},
            )
        reason = data.reason.strip()
        if data.decision == "award":
            against = [
                names.get(a.id, a.country)
                for a in agencies
                if positions[a.id].position != Position.fund.value
            ]
            if against:
                raise Conflict(
                    N_("an award needs every agency to say fund; %(agencies)s did not"),
                    params={"agencies": ", ".join(against)},
                )
            if ctx.call.kind != CallKind.mobility.value:
                self.awards.check_project(application)
        elif not reason:
            raise ValidationFailed(N_("say why the application is not funded"), field="reason")
        # every refusal is above: from here on the decision is written whole
        before = application.status
        application.status = transition.target.value
        application.status_changed_at = utcnow()
        application.status_reason = reason or None
        decided = Decided(JointDecision(application_id=application.id, decision=data.decision))
        if data.decision == "award":
            if ctx.call.kind == CallKind.mobility.value:
                decided.mobility_id = self.awards.plan_mobility(actor, ctx.call, application)
            else:
                decided.project_id = self.awards.open_project(
                    actor, ctx.program, ctx.call, application, agencies, names, positions
                )
                application.project_id = decided.project_id
        row = decided.decision
        row.reason, row.decided_by_id, row.decided_at = reason, actor.id, utcnow()
        lead = self.repo.users([application.lead_user_id]).get(application.lead_user_id)
        facts = self._facts(ctx, lead, agencies, names, positions, row)
        row.letter, row.letter_language = render_letter(facts, lead.locale if lead else "vi")
        self.repo.add_decision(row)
        self.audit(
            actor.id, f"program.application.{data.decision}", application.id,
            to=application.status, reason=reason, project_id=str(decided.project_id or ""),
            mobility_id=str(decided.mobility_id or ""),
            positions={str(k): p.position for k, p in positions.items()}, **{"from": before},
        )  # fmt: skip
        self._tell(actor, ctx, data.decision)
        return decided

    def _facts(
        self, ctx: Deciding, lead: User | None, agencies: list[ProgramAgency],
        names: dict[uuid.UUID, str], positions: dict[uuid.UUID, AgencyPosition],
        row: JointDecision,
    ) -> LetterFacts:  # fmt: skip
        application = ctx.application
        locale = lead.locale if lead else "vi"
        lead_member = next(
            (m for m in application.members if m.role == MemberRole.lead.value), None
        )
        return LetterFacts(
            decision=row.decision,
            lead_name=lead.display_name if lead else (lead_member.name if lead_member else ""),
            reference=application.reference,
            title=_shown(application.title, application.language, application.translations,
                         locale),
            call_title=_shown(ctx.call.title, ctx.call.language, ctx.call.translations, locale),
            program_title=_shown(ctx.program.title, ctx.program.language,
                                 ctx.program.translations, locale),
            decided_on=row.decided_at.date(),
            reason=row.reason,
            amounts=[
                LetterAmount(names.get(a.id, a.country), a.country,
                             positions[a.id].amount, positions[a.id].currency)
                for a in agencies
            ],
            start_date=application.start_date,
            duration_months=application.duration_months,
            mobility=ctx.call.kind == CallKind.mobility.value,
        )  # fmt: skip

    def _tell(self, actor: User, ctx: Deciding, decision: str) -> None:
        """The lead applicant and every confirmed co-applicant with an account hear, in-app
        (and by mail, in their language)."""
        application = ctx.application
        people = {application.lead_user_id} | {
            m.user_id
            for m in application.members
            if m.user_id and m.status == MemberStatus.confirmed.value
        }
        message = MSG_AWARDED if decision == "award" else MSG_REJECTED
        for person in self.repo.users(people).values():
            self.notifier.notify(
                person, message, {"application": application.title, "call": ctx.call.title},
                kind="application", link=f"/applications/{application.reference}/decision",
            )  # fmt: skip

    # -- reading ----------------------------------------------------------------------------
    def view(self, user: User | None, reference: str) -> DecisionView:
        """The decision as a decider reads it (positions, what they may record), or as an
        applicant reads it (the decision and its letter only); 404 for anyone else."""
        actor = require_user(user)
        try:
            ctx = self.deciding(actor, reference)
        except NotFound:
            return self._applicant_view(actor, reference)
        agencies = self.repo.owner_agencies(ctx.program.id)
        recordable = [a for a in agencies if a.id in ctx.agencies or ctx.staff]
        open_ = ctx.application.status in DECIDABLE
        decision = self.repo.decision(ctx.application.id)
        ceilings = {k: (c.amount, c.currency) for k, c in self.repo.ceilings(ctx.call.id).items()}
        return DecisionView(
            ctx.application, ctx.call, ctx.program, agencies, self._names(agencies),
            self.repo.positions(ctx.application.id), decision, decider=True,
            recordable=recordable if open_ and decision is None else [], staff=ctx.staff,
            ceilings=ceilings,
        )  # fmt: skip

    def _applicant_view(self, actor: User, reference: str) -> DecisionView:
        application = self.repo.application_by_reference(reference)
        if application is None or not _is_applicant(actor, application):
            raise NotFound(N_("application not found"))
        call = self.repo.call(application.call_id)
        program = self.repo.program(call.program_id)
        agencies = self.repo.owner_agencies(program.id)
        return DecisionView(
            application, call, program, agencies, self._names(agencies), {},
            self.repo.decision(application.id), decider=False,
        )  # fmt: skip

    def letter(self, user: User | None, reference: str) -> tuple[Application, JointDecision]:
        view = self.view(user, reference)
        if view.decision is None:
            raise NotFound(N_("this application has no decision letter yet"))
        return view.application, view.decision

    def positions(self, user: User | None, reference: str) -> DecisionView:
        view = self.view(user, reference)
        if not view.decider:
            raise NotFound(N_("application not found"))
        return view


def _is_applicant(user: User, application: Application) -> bool:
    if application.lead_user_id == user.id:
        return True
    return any(
        m.user_id == user.id and m.status == MemberStatus.confirmed.value
        for m in application.members
    )


def _shown(text: str, language: str, translations: dict[str, dict[str, str]], locale: str) -> str:
    if locale != language:
        translated = (translations or {}).get(locale) or {}
        if translated.get("title"):
            return translated["title"]
    return text
