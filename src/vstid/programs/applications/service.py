"""Applications to a call. Never commits; every change is audited; every change of state goes
through `states.py` (403 for a role never allowed, 409 for the state).

Who may do what:
- start a draft: any signed-in user, on a call that accepts submissions; they become the lead
  member (role "applicant" in the state table) and the application is numbered per call.
- edit the shared part, the budget, the members, the documents: the lead, while draft; a
  confirmed co-applicant edits their own country's section and uploads documents.
- confirm or decline an invitation: the invited co-applicant (role "invitee").
- submit, reopen (while the call accepts submissions), withdraw (while undecided): the lead.
- check eligibility, pass it, mark ineligible (with a reason), shortlist: the program's staff.
A submission is refused with every problem named (`rules.py`) and nothing changed; one that
passes freezes a copy (ApplicationVersion) that agencies and reviewers read."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from vstid.accounts.models import User
from vstid.accounts.permissions import require_user
from vstid.audit.service import Auditor
from vstid.core import i18n
from vstid.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from vstid.core.i18n import N_
from vstid.core.models import utcnow
from vstid.core.settings import Settings
from vstid.core.storage import storage_for
from vstid.notifications.service import Notifier
from vstid.orders.attachments import AttachmentStore
from vstid.organizations.models import Organization
from vstid.programs.applications import rules
from vstid.programs.applications.models import (
    Application,
    ApplicationBudgetLine,
    ApplicationDocument,
    ApplicationMember,
    ApplicationSection,
    ApplicationStatus,
    ApplicationVersion,
    MemberRole,
    MemberStatus,
)
from vstid.programs.applications.repository import ApplicationRepository
from vstid.programs.applications.rules import AgencyFacts, MemberFacts, Problem
from vstid.programs.applications.schemas import (
    BudgetInput,
    InviteInput,
    SectionInput,
    SharedInput,
    StartInput,
)
from vstid.programs.applications.states import APPLICATION_STATES, MEMBER_STATES
from vstid.programs.applications.views import (
    Download,
    Reading,
    SubmissionRefused,
    Upload,
    snapshot,
    within_countries,
)
from vstid.programs.calls.models import ApplicantType, Call
from vstid.programs.states import AGENCY, APPLICANT, INVITEE, REVIEWER, STAFF

__all__ = [
    "ApplicationService",
    "Download",
    "Reading",
    "SubmissionRefused",
    "Upload",
    "snapshot",
    "within_countries",
]

A = ApplicationStatus
STAFF_ACTIONS = ("check_eligibility", "pass_eligibility", "mark_ineligible", "shortlist")
LEAD_ACTIONS = ("reopen", "withdraw")

INVITED = N_("%(lead)s invites you to join the application “%(title)s” to the call %(call)s.")
CONFIRMED = N_("%(name)s confirmed taking part in the application “%(title)s”.")
INELIGIBLE = N_("Your application “%(title)s” was found ineligible: %(reason)s")
DECLINED = N_("%(name)s declined to take part in the application “%(title)s”.")
READ_ONLY = N_(
    "a submitted application is read-only; its lead may reopen it while the call is open"
)


class ApplicationService:
    def __init__(
        self, session: Session, settings: Settings, now: Callable[[], datetime] = utcnow
    ) -> None:
        self.session = session
        self.settings = settings
        self.now = now
        self.repo = ApplicationRepository(session)
        self.audit = Auditor(session, "program_application")

    # -- reading ---------------------------------------------------------------------------
    def call_to_apply(self, user: User | None, call_reference: str) -> Call:
        call = self.repo.open_call(call_reference, user)
        if call is None:
            raise NotFound(N_("call not found"))
        return call

    def get(self, user: User | None, reference: str) -> Application:
        application = self.repo.visible(reference, user)
        if application is None:
            raise NotFound(N_("application not found"))
        return application

    def roles_of(self, user: User | None, application: Application, call: Call) -> set[str]:
        if user is None:
            return set()
        roles = set()
        if application.lead_user_id == user.id:
            roles.add(APPLICANT)
        if any(m.user_id == user.id and m.role != MemberRole.lead.value
               for m in application.members):  # fmt: skip
            roles.add(INVITEE)
        if self.repo.is_staff(user, call.program_id):
            roles.add(STAFF)
        if application.version > 0 and self.repo.agency_countries(user, call.program_id):
            roles.add(AGENCY)
        if application.version > 0 and self.repo.review_panels(user, application.id):
            roles.add(REVIEWER)
        return roles

    def visible_sections(
        self, user: User | None, application: Application
    ) -> frozenset[str] | None:
        """The countries whose section and budget lines the user reads (None: every one):
        members and staff read all; an agency member its agencies' countries; a reviewer
        the country of the panel they sit on (all when assigned outside a panel)."""
        call = self.repo.call(application.call_id)
        return self._countries(user, application, call, self.roles_of(user, application, call))

    def _countries(
        self, user: User | None, application: Application, call: Call, roles: set[str]
    ) -> frozenset[str] | None:
        if roles & {APPLICANT, INVITEE, STAFF}:
            return None
        countries: set[str] = set()
        if AGENCY in roles:
            countries |= self.repo.agency_countries(user, call.program_id)
        if REVIEWER in roles:
            panels = self.repo.review_panels(user, application.id)
            if None in panels:
                return None
            countries |= {p for p in panels if p}
        return frozenset(countries)

    def read(self, user: User | None, reference: str) -> Reading:
        application = self.get(user, reference)
        call = self.repo.call(application.call_id)
        roles = self.roles_of(user, application, call)
        agencies = self._agencies(call)
        countries = self._countries(user, application, call, roles)
        frozen = not roles & {APPLICANT, INVITEE, STAFF}
        if frozen:
            versions = self.repo.versions(application.id)
            data = versions[-1].snapshot if versions else self._live(application, agencies)
        else:
            data = self._live(application, agencies)
        member = self._member_of(user, application)
        draft = application.status == A.draft.value
        reading = Reading(
            application=application, call=call, data=within_countries(data, countries),
            roles=roles, countries=countries or frozenset(a.country for a in agencies),
            frozen=frozen, actions=self._actions(application, call, roles),
            problems=self.problems(application, call) if draft and APPLICANT in roles else [],
            agencies=agencies, member=member,
        )  # fmt: skip
        if member is not None and draft and member.role != MemberRole.lead.value:
            reading.member_actions = MEMBER_STATES.allowed(member.status, {INVITEE})
        if draft and APPLICANT in roles:
            reading.can_edit = True
            reading.section_countries = frozenset(s.country for s in application.sections)
        elif draft and member is not None and member.status == MemberStatus.confirmed.value:
            reading.section_countries = frozenset({member.country})
        return reading

    def allowed_actions(self, user: User | None, application: Application) -> list[str]:
        call = self.repo.call(application.call_id)
        return self._actions(application, call, self.roles_of(user, application, call))

    def mine(self, user: User | None) -> list[tuple[Application, ApplicationMember, str]]:
        """The applications the user leads or is invited to, with their own member row and
        the call's reference."""
        actor = require_user(user)
        rows = []
        for application, call_reference in self.repo.mine(actor):
            member = self._member_of(actor, application)
            if member is not None:
                rows.append((application, member, call_reference))
        return rows

    def my_organizations(self, user: User | None) -> list[Organization]:
        """The organizations the user may name as the lead organization."""
        return self.repo.organizations_of(user.id) if user else []

    def of_call(self, user: User | None, call_reference: str) -> list[Application]:
        """A call's applications the user may read (staff: all; agencies: the submitted)."""
        call = self.call_to_apply(user, call_reference)
        return self.repo.of_call(call.id, user)

    def versions(self, user: User | None, reference: str) -> list[ApplicationVersion]:
        application = self.get(user, reference)
        countries = self.visible_sections(user, application)
        rows = self.repo.versions(application.id)
        for row in rows:
            self.session.expunge(row)  # the cut below is for this reader, never stored
            row.snapshot = within_countries(row.snapshot, countries)
        return rows

    def problems(self, application: Application, call: Call) -> list[Problem]:
        """Everything that would refuse a submission now, in the reader's language's formats."""
        locale = i18n.current_locale()
        agencies = self._agencies(call)
        deadline = rules.deadline_problem(call, self.now(), rules.reader_zone(locale), locale)
        problems = [deadline] if deadline else []
        a = application
        problems += rules.shared_problems(call, a.title, a.duration_months, a.start_date)
        problems += rules.answer_problems(call.questions or [], a.answers or {}, locale)
        problems += rules.document_problems(
            call.documents or [], {d.kind for d in a.documents}, locale
        )
        members = [MemberFacts(m.name, m.country, m.role, m.status) for m in a.members]
        problems += rules.member_problems(call, members, [ag.country for ag in agencies])
        lines = [(str(b.agency_id), b.amount, b.currency) for b in a.budget_lines]
        problems += rules.budget_problems(call, agencies, lines, locale)
        organization = self.repo.organization(a.lead_organization_id)
        problems += rules.eligibility_problems(
            call, organization.kind if organization else ApplicantType.individual.value,
            [m.country for m in a.members],
            a.fields or [], a.career_stage,
        )  # fmt: skip
        return problems

    # -- the draft -------------------------------------------------------------------------
    def start(self, user: User | None, call_reference: str, data: StartInput) -> Application:
        actor = require_user(user)
        call = self.call_to_apply(actor, call_reference)
        self._require_accepting(call)
        number = self.repo.next_number(call.id)
        while self.repo.reference_taken(f"{call.reference}-{number:03d}"):
            number += 1
        expert = self.repo.expert_of(actor.id)
        organizations = self.repo.organizations_of(actor.id)
        organization = organizations[0] if organizations else None
        agencies = self._agencies(call)
        country = (expert.residence_country if expert else None) or (
            organization.country if organization else None
        ) or (agencies[0].country if agencies else "VN")  # fmt: skip
        application = Application(
            call_id=call.id, reference=f"{call.reference}-{number:03d}", lead_user_id=actor.id,
            lead_organization_id=organization.id if organization else None,
            title=data.title.strip(), summary="", language=data.language, translations={},
            fields=[], answers={}, status=A.draft.value, version=0,
        )  # fmt: skip
        application.members = [
            ApplicationMember(
                user_id=actor.id, expert_id=expert.id if expert else None,
                organization_id=organization.id if organization else None,
                name=actor.display_name, email=actor.email, country=country,
                institution=organization.name if organization else "",
                role=MemberRole.lead.value, status=MemberStatus.confirmed.value,
                answered_at=self.now(), position=0,
            )
        ]  # fmt: skip
        application.sections = [
            ApplicationSection(country=a.country, agency_id=uuid.UUID(a.id), body="",
                               language=data.language)
            for a in agencies
        ]  # fmt: skip
        self.repo.add(application)
        self.audit(actor.id, "program_application.start", application.id,
                   call=call.reference, reference=application.reference)  # fmt: skip
        return application

    def update_shared(self, user: User | None, reference: str, data: SharedInput) -> Application:
        actor, application, call = self._editable(user, reference)
        locale = i18n.current_locale()
        problems = [
            p
            for p in rules.shared_problems(call, data.title, data.duration_months, True)
            if data.duration_months is not None or p.field != "duration_months"
        ]
        problems += rules.answer_problems(call.questions or [], data.answers, locale, False)
        if problems:
            raise SubmissionRefused(problems)
        if data.lead_organization_id is not None and data.lead_organization_id not in {
            o.id for o in self.repo.organizations_of(actor.id)
        }:
            raise ValidationFailed(
                N_("choose one of your own organizations"), field="lead_organization_id"
            )
        known = {str(q.get("key")) for q in call.questions or []}
        a = application
        a.title, a.summary, a.language = data.title.strip(), data.summary.strip(), data.language
        a.translations = data.translations
        a.fields = list(dict.fromkeys(f.strip() for f in data.fields if f.strip()))
        a.start_date, a.duration_months = data.start_date, data.duration_months
        a.career_stage = data.career_stage.value if data.career_stage else None
        a.answers = {k: v for k, v in data.answers.items() if k in known and v not in (None, "")}
        if data.lead_organization_id is not None:
            a.lead_organization_id = data.lead_organization_id
        self.repo.flush()
        self.audit(actor.id, "program_application.edit", a.id, title=a.title)
        return a

    def update_section(
        self, user: User | None, reference: str, country: str, data: SectionInput
    ) -> ApplicationSection:
        actor = require_user(user)
        application = self.get(actor, reference)
        call = self.repo.call(application.call_id)
        roles = self.roles_of(actor, application, call)
        section = next((s for s in application.sections if s.country == country), None)
        if section is None:
            raise NotFound(N_("this application has no section for that country"))
        member = self._member_of(actor, application)
        own = (
            member is not None
            and member.status == MemberStatus.confirmed.value
            and (member.country == country)
        )
        if APPLICANT not in roles and not own:
            raise Forbidden(
                N_("only the lead or a confirmed co-applicant of that country writes this part")
            )
        if application.status != A.draft.value:
            raise Conflict(READ_ONLY)
        section.body, section.language = data.body.strip(), data.language
        self.repo.flush()
        self.audit(actor.id, "program_application.section", application.id, country=country)
        return section

    def set_budget(self, user: User | None, reference: str, data: BudgetInput) -> Application:
        """Replaces the budget lines; refused whole (nothing saved) when a line is in another
        currency than its agency's or an agency's total is over its ceiling."""
        actor, application, call = self._editable(user, reference)
        agencies = self._agencies(call)
        lines = [(str(x.agency_id), x.amount, x.currency.value) for x in data.lines]
        problems = rules.budget_problems(call, agencies, lines, i18n.current_locale())
        if problems:
            raise SubmissionRefused(problems)
        application.budget_lines.clear()
        self.repo.flush()
        application.budget_lines.extend(
            ApplicationBudgetLine(agency_id=x.agency_id, category=x.category.strip() or "other",
                                  description=x.description.strip(), amount=x.amount,
                                  currency=x.currency.value, position=i)
            for i, x in enumerate(data.lines)
        )  # fmt: skip
        self.repo.flush()
        totals = {f"{k[0]}:{k[1]}": str(v) for k, v in rules.budget_totals(lines).items()}
        self.audit(actor.id, "program_application.budget", application.id, totals=totals)
        return application

    def upload(
        self, user: User | None, reference: str, kind: str, upload: Upload
    ) -> ApplicationDocument:
        actor = require_user(user)
        application = self.get(actor, reference)
        call = self.repo.call(application.call_id)
        roles = self.roles_of(actor, application, call)
        member = self._member_of(actor, application)
        if APPLICANT not in roles and not (
            member and member.status == MemberStatus.confirmed.value
        ):
            raise Forbidden(N_("only the applicants may upload documents"))
        if application.status != A.draft.value:
            raise Conflict(READ_ONLY)
        if kind not in {str(d.get("key")) for d in call.documents or []}:
            raise ValidationFailed(N_("the call asks for no document of this kind"), field="kind")
        store = self._store()
        try:
            checked = store.check(upload.filename, upload.content)
        except ValidationFailed as exc:
            raise ValidationFailed(exc.message, field="file", params=exc.params) from exc
        key = f"applications/{application.id}/{uuid.uuid4().hex}.{checked.extension}"
        store.storage.put(key, checked.content, checked.content_type)
        document = next((d for d in application.documents if d.kind == kind), None)
        if document is None:
            document = ApplicationDocument(
                application_id=application.id, kind=kind, file_name="", file_type="", file_size=0,
                file_key="",
            )  # fmt: skip
            application.documents.append(document)
        document.file_name, document.file_type = checked.filename, checked.content_type
        document.file_size, document.file_key = len(checked.content), key
        document.uploaded_by_id, document.uploaded_at = actor.id, self.now()
        self.repo.flush()
        self.audit(actor.id, "program_application.document", application.id, kind=kind,
                   file=checked.filename)  # fmt: skip
        return document

    def document(self, user: User | None, reference: str, kind: str) -> Download:
        application = self.get(user, reference)
        document = next((d for d in application.documents if d.kind == kind), None)
        if document is None:
            raise NotFound(N_("document not found"))
        return Download(document.file_name, document.file_type, document.file_size,
                        self._store().storage.open(document.file_key))  # fmt: skip

    # -- members ---------------------------------------------------------------------------
    def invite(self, user: User | None, reference: str, data: InviteInput) -> ApplicationMember:
        actor, application, call = self._editable(user, reference)
        invitee, expert = self._invitee(data)
        if any(m.user_id == invitee.id for m in application.members):
            raise Conflict(N_("%(name)s is already on this application"), field="email",
                           params={"name": invitee.display_name})  # fmt: skip
        expert = expert or self.repo.expert_of(invitee.id)
        country = data.country or (expert.residence_country if expert else None)
        if not country:
            raise ValidationFailed(N_("give the co-applicant's country"), field="country")
        if data.role == MemberRole.lead:
            raise ValidationFailed(N_("an application has one lead"), field="role")
        if data.role == MemberRole.co_lead and any(
            m.role == MemberRole.co_lead.value and m.country == country
            and m.status != MemberStatus.declined.value for m in application.members
        ):  # fmt: skip
            raise Conflict(N_("there is already a co-lead in %(country)s"), field="role",
                           params={"country": country})  # fmt: skip
        member = ApplicationMember(
            user_id=invitee.id, expert_id=expert.id if expert else None, name=invitee.display_name,
            email=invitee.email, country=country, institution=data.institution.strip(),
            role=data.role.value, status=MemberStatus.invited.value, invited_at=self.now(),
            position=max((m.position for m in application.members), default=0) + 1,
        )  # fmt: skip
        application.members.append(member)
        self.repo.flush()
        self.audit(actor.id, "program_application.invite", application.id,
                   member=str(member.id), role=member.role, country=country)  # fmt: skip
        Notifier(self.session, self.settings).notify(
            invitee, INVITED,
            {"lead": actor.display_name, "title": application.title, "call": call.reference},
            kind="application", link=f"/applications/{application.reference}",
        )  # fmt: skip
        return member

    def remove_member(self, user: User | None, reference: str, member_id: uuid.UUID) -> None:
        actor, application, _call = self._editable(user, reference)
        member = next((m for m in application.members if m.id == member_id), None)
        if member is None:
            raise NotFound(N_("co-applicant not found"))
        if member.role == MemberRole.lead.value:
            raise Conflict(N_("the lead applicant cannot be removed"), field="member")
        self.repo.remove_member(application, member)
        self.audit(actor.id, "program_application.remove_member", application.id,
                   member=str(member_id), name=member.name)  # fmt: skip

    def answer(self, user: User | None, reference: str, action: str) -> ApplicationMember:
        """The invited co-applicant confirms ("confirm") or declines ("decline")."""
        actor = require_user(user)
        application = self.get(actor, reference)
        member = self._member_of(actor, application)
        roles = {INVITEE} if member is not None and member.role != MemberRole.lead.value else set()
        MEMBER_STATES.check(action, member.status if member else MemberStatus.invited.value, roles)
        assert member is not None
        if application.status != A.draft.value:
            raise Conflict(N_("the application is no longer a draft; it cannot change its team"))
        member.status = MEMBER_STATES[action].target.value
        member.answered_at = self.now()
        self.repo.flush()
        self.audit(actor.id, f"program_application.{action}", application.id, member=str(member.id))
        lead = self.repo.user(application.lead_user_id)
        if lead is not None:
            Notifier(self.session, self.settings).notify(
                lead, CONFIRMED if action == "confirm" else DECLINED,
                {"name": actor.display_name, "title": application.title},
                kind="application", link=f"/applications/{application.reference}",
            )  # fmt: skip
        return member

    # -- the lifecycle ---------------------------------------------------------------------
    def submit(self, user: User | None, reference: str) -> Application:
        actor = require_user(user)
        application = self.get(actor, reference)
        call = self.repo.call(application.call_id)
        APPLICATION_STATES.check(
            "submit", application.status, self.roles_of(actor, application, call)
        )
        application = self.repo.for_update(application.id)
        problems = self.problems(application, call)
        deadline = next((p for p in problems if p.field == "deadline"), None)
        if deadline is not None:
            raise Conflict(deadline.message, field="deadline", params=deadline.params)
        if problems:
            raise SubmissionRefused(problems)
        now = self.now()
        application.status = A.submitted.value
        application.submitted_at = application.status_changed_at = now
        application.version += 1
        data = self._live(application, self._agencies(call))
        self.repo.add_version(
            ApplicationVersion(application_id=application.id, number=application.version,
                               snapshot=data, submitted_by_id=actor.id, submitted_at=now)
        )  # fmt: skip
        self.audit(actor.id, "program_application.submit", application.id,
                   version=application.version)  # fmt: skip
        return application

    def act(
        self, user: User | None, reference: str, action: str, reason: str | None = None
    ) -> Application:
        """reopen and withdraw (the lead); check_eligibility, pass_eligibility,
        mark_ineligible (with a reason) and shortlist (the program's staff)."""
        if action not in LEAD_ACTIONS + STAFF_ACTIONS:
            raise NotFound(N_("the requested item was not found"))
        actor = require_user(user)
        application = self.get(actor, reference)
        call = self.repo.call(application.call_id)
        transition = APPLICATION_STATES.check(
            action, application.status, self.roles_of(actor, application, call)
        )
        if action == "reopen" and not rules.accepts_submissions(call, self.now()):
            raise Conflict(
                N_("the call no longer accepts submissions, so the application cannot be reopened"),
                field="deadline",
            )
        if action == "mark_ineligible" and not (reason or "").strip():
            raise ValidationFailed(
                N_("give the reason the application is ineligible"), field="reason"
            )
        application = self.repo.for_update(application.id)
        application.status = transition.target.value
        application.status_changed_at = self.now()
        if action == "mark_ineligible":
            application.status_reason = (reason or "").strip()
        elif action == "reopen":
            application.submitted_at = None
        self.repo.flush()
        self.audit(actor.id, f"program_application.{action}", application.id,
                   reason=(reason or "").strip() or None)  # fmt: skip
        lead = self.repo.user(application.lead_user_id)
        if action == "mark_ineligible" and lead is not None:
            Notifier(self.session, self.settings).notify(
                lead, INELIGIBLE, {"title": application.title, "reason": application.status_reason},
                kind="application", link=f"/applications/{application.reference}",
            )  # fmt: skip
        return application

    # -- helpers -----------------------------------------------------------------------------
    def _actions(self, application: Application, call: Call, roles: set[str]) -> list[str]:
        actions = APPLICATION_STATES.allowed(application.status, roles)
        if "reopen" in actions and not rules.accepts_submissions(call, self.now()):
            actions.remove("reopen")
        return actions

    def _agencies(self, call: Call) -> list[AgencyFacts]:
        ceilings = {c.agency_id: c for c in self.repo.ceilings(call.id)}
        facts = []
        for agency, name in self.repo.owner_agencies(call.program_id):
            ceiling = ceilings.get(agency.id)
            facts.append(AgencyFacts(
                id=str(agency.id), name=name, country=agency.country,
                ceiling=ceiling.amount if ceiling else None,
                currency=ceiling.currency if ceiling else None,
            ))  # fmt: skip
        return facts

    def _live(self, application: Application, agencies: list[AgencyFacts]) -> dict[str, Any]:
        return snapshot(application, {uuid.UUID(a.id): a.country for a in agencies})

    @staticmethod
    def _member_of(user: User | None, application: Application) -> ApplicationMember | None:
        if user is None:
            return None
        return next((m for m in application.members if m.user_id == user.id), None)

    def _require_accepting(self, call: Call) -> None:
        locale = i18n.current_locale()
        zone = rules.reader_zone(locale)
        problem = rules.deadline_problem(call, self.now(), zone, locale)
        if problem is not None:
            raise Conflict(problem.message, field="deadline", params=problem.params)

    def _editable(self, user: User | None, reference: str) -> tuple[User, Application, Call]:
        actor = require_user(user)
        application = self.get(actor, reference)
        call = self.repo.call(application.call_id)
        if APPLICANT not in self.roles_of(actor, application, call):
            raise Forbidden(N_("only the lead applicant may change this"))
        if application.status != A.draft.value:
            raise Conflict(READ_ONLY)
        return actor, application, call

    def _invitee(self, data: InviteInput) -> tuple[User, Any]:
        if data.expert_id is not None:
            expert = self.repo.expert(data.expert_id)
            if expert is None:
                raise ValidationFailed(N_("expert profile not found"), field="expert_id")
            invitee = self.repo.user(expert.user_id) if expert.user_id else None
            if invitee is None:
                raise ValidationFailed(
                    N_("this expert has no account to confirm from; invite them once they join"),
                    field="expert_id",
                )
            return invitee, expert
        if not data.email:
            raise ValidationFailed(
                N_("give the co-applicant's e-mail or expert profile"), field="email"
            )
        invitee = self.repo.user_by_email(data.email)
        if invitee is None:
            raise ValidationFailed(
                N_("no account uses this e-mail; ask the co-applicant to join V-STID first"),
                field="email",
            )
        return invitee, None

    def _store(self) -> AttachmentStore:
        return AttachmentStore(
            storage_for(self.settings, self.session), self.settings.max_upload_bytes
        )
