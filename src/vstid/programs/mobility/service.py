"""Mobility records of a program: a researcher sent abroad (a PhD researcher to Japan), from
the plan to the return and what came after. Never commits; every change is audited and every
status change goes through `states.MOBILITY_STATES`.

Who may do what (roles: "staff" the program's coordinators and admins, "agency" a member of
an owner agency, "person" the researcher's own account):
- read a record in full (name, sex, evidence files): staff, agency, person; a 404 for
  everyone else, who sees only `aggregates` (counts by status, host country, field).
- record a stay, move it (depart, extend, return, discontinue), add evidence and outcomes:
  staff only (403 for the others who may read it; 409 when the status does not allow it).
A departure needs its date (not in the future) and departure evidence (a file or a link);
the program's "sent" indicator counts exactly those records."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from vstid.accounts.models import User
from vstid.accounts.permissions import require_user
from vstid.audit.service import Auditor, recent_about
from vstid.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from vstid.core.i18n import N_
from vstid.core.models import utcnow
from vstid.core.settings import Settings
from vstid.core.storage import storage_for
from vstid.experts.models import ExpertProfile, Visibility
from vstid.experts.profiles import ExpertProfileService
from vstid.orders.attachments import AttachmentStore
from vstid.programs.applications.models import (
    Application,
    ApplicationStatus,
    MemberRole,
    MemberStatus,
)
from vstid.programs.calls.models import CallKind
from vstid.programs.mobility.models import (
    EvidenceKind,
    MobilityEvidence,
    MobilityRecord,
    MobilityStatus,
)
from vstid.programs.mobility.repository import MobilityRepository
from vstid.programs.mobility.schemas import (
    DepartInput,
    DiscontinueInput,
    EvidenceInput,
    ExtendInput,
    MobilityInput,
    OutcomeInput,
    ReturnInput,
    Sex,
)
from vstid.programs.mobility.states import MOBILITY_STATES
from vstid.programs.models import Program, ProgramStatus
from vstid.programs.states import AGENCY, STAFF
from vstid.projects.months import end_of
from vstid.projects.results.service import Download, Upload

__all__ = ["PERSON", "Aggregates", "Download", "MobilityService", "TimelineEntry", "Upload"]

PERSON = "person"
ENTITY = "mobility"
# What an edit may correct (the status and the actual dates move only through transitions).
EDITABLE = (
    "sex", "nationality", "career_stage", "field", "home_organization_id", "home_institution",
    "home_country", "host_organization_id", "host_institution", "host_country", "supervisor",
    "planned_departure", "planned_return", "call_id", "application_id",
)  # fmt: skip


@dataclass(frozen=True)
class Aggregates:
    """What anyone who may read the program sees: counts, never a name."""

    total: int
    by_status: dict[str, int]
    by_host_country: dict[str, int]
    by_field: dict[str, int]


@dataclass(frozen=True)
class TimelineEntry:
    at: Any
    action: str  # create, depart, extend, return, discontinue, outcome, evidence
    status: str | None  # the status the record reached, for a transition
    data: dict[str, Any]


def _next_month(today: date) -> date:
    """The first day of the next month: a stay planned without a start date."""
    return date(today.year + today.month // 12, today.month % 12 + 1, 1)


def latest_today() -> date:
    """Today somewhere on Earth (UTC+14): a departure dated today in Tokyo is not refused as
    "in the future" while it is still yesterday in UTC."""
    return (utcnow() + timedelta(hours=14)).date()


class MobilityService:
    def __init__(self, session: Session, settings: Settings) -> None:
        self.session = session
        self.settings = settings
        self.repo = MobilityRepository(session)
        self.audit = Auditor(session, ENTITY)
        self._roles: dict[tuple[uuid.UUID, uuid.UUID], frozenset[str]] = {}

    # -- access ------------------------------------------------------------------------------
    def program(self, user: User | None, slug: str) -> Program:
        """The program, if the user may open its page (404 otherwise)."""
        program = self.repo.program_by_slug(slug, user)
        if program is None:
            raise NotFound(N_("program not found"))
        return program

    def roles(self, user: User | None, program_id: uuid.UUID, record: Any = None) -> set[str]:
        if user is None:
            return set()
        key = (user.id, program_id)
        if key not in self._roles:  # a register's buttons ask once per program, not per row
            held = {STAFF} if self.repo.is_staff(program_id, user) else set()
            if self.repo.is_agency(program_id, user):
                held.add(AGENCY)
            self._roles[key] = frozenset(held)
        roles = set(self._roles[key])
        if record is not None and record.expert_id is not None:
            expert = self.repo.expert(record.expert_id)
            if expert is not None and expert.user_id == user.id:
                roles.add(PERSON)
        return roles

    def program_of(self, record: MobilityRecord) -> Program:
        program = self.repo.program(record.program_id)
        assert program is not None  # the foreign key holds
        return program

    def reads_register(self, user: User | None, program: Program) -> bool:
        """Staff and agency members read the whole register; the others see counts."""
        return self.repo.reads_register(program.id, user)

    def can_record(self, user: User | None, program: Program) -> bool:
        return self.repo.is_staff(program.id, user)

    def get(self, user: User | None, record_id: uuid.UUID) -> MobilityRecord:
        record = self.repo.one(record_id, user)
        if record is None:
            raise NotFound(N_("mobility record not found"))
        return record

    def allowed_actions(self, user: User | None, record: MobilityRecord) -> list[str]:
        """The transitions this user may take now (the buttons)."""
        if self.program_of(record).status == ProgramStatus.closed.value:
            return []
        return MOBILITY_STATES.allowed(record.status, self.roles(user, record.program_id))

    def can_edit(self, user: User | None, record: MobilityRecord) -> bool:
        """Evidence and outcomes: the program's staff."""
        closed = self.program_of(record).status == ProgramStatus.closed.value
        return not closed and STAFF in self.roles(user, record.program_id)

    # -- reading -----------------------------------------------------------------------------
    def register(
        self, user: User | None, program: Program, filters: dict[str, Any] | None = None
    ) -> list[MobilityRecord]:
        """The records of the program this user may read: all of them for staff and agency
        members, their own for a researcher, none for anyone else."""
        return self.repo.register(program.id, user, self._filters(filters or {}))

    def aggregates(self, program: Program, filters: dict[str, Any] | None = None) -> Aggregates:
        f = self._filters(filters or {})
        by_status = self.repo.counts(program.id, "status", f)
        return Aggregates(
            total=sum(by_status.values()),
            by_status=by_status,
            by_host_country=self.repo.counts(program.id, "host_country", f),
            by_field=self.repo.counts(program.id, "field", f),
        )

    def departure_years(self, program: Program) -> list[int]:
        return self.repo.departure_years(program.id)

    def organizations(self) -> list[tuple[uuid.UUID, str, str]]:
        return self.repo.organizations()

    def field_labels(self) -> dict[str, dict[str, str]]:
        return self.repo.field_labels()

    def timeline(self, user: User | None, record: MobilityRecord) -> list[TimelineEntry]:
        """The record's history, oldest first, from the audit log (who acted is not shown)."""
        self.get(user, record.id)
        entries = recent_about(self.session, ENTITY, record.id, limit=100)
        out = []
        for e in reversed(entries):
            action = e.action.split(".", 1)[-1]
            data = dict(e.data or {})
            out.append(TimelineEntry(e.at, action, data.pop("status", None), data))
        return out

    def evidence_file(
        self, user: User | None, record_id: uuid.UUID, evidence_id: uuid.UUID
    ) -> Download:
        record = self.get(user, record_id)
        evidence = self.repo.evidence(record.id, evidence_id)
        if evidence is None or not evidence.file_key:
            raise NotFound(N_("attachment not found"))
        return Download(
            evidence.file_name or "file",
            evidence.file_type or "application/octet-stream",
            evidence.file_size or 0,
            self._store().storage.open(evidence.file_key),
        )

    # -- recording ---------------------------------------------------------------------------
    def create(self, user: User | None, slug: str, data: MobilityInput) -> MobilityRecord:
        actor = require_user(user)
        program = self.program(actor, slug)
        if not self.can_record(actor, program):
            raise Forbidden(MOBILITY_STATES.forbidden)
        self._open(program)
        record = MobilityRecord(program_id=program.id, created_by_id=actor.id)
        self._fill(program, record, data)
        expert = self._person(program, data)
        record.expert_id, record.person_name = expert.id, expert.display_name
        self.repo.add(record)
        self._audit(actor, "create", record, status=record.status, person=record.person_name)
        return record

    def update(
        self, user: User | None, record_id: uuid.UUID, data: MobilityInput
    ) -> MobilityRecord:
        """A correction by the program's staff. Everything is checked on a copy first, so a
        refusal leaves the record as it was; naming another profile relinks the person, a
        name alone renames them on this record."""
        actor, record, roles = self._acting(user, record_id)
        if STAFF not in roles:
            raise Forbidden(MOBILITY_STATES.forbidden)
        program = self.program_of(record)
        if data.call_id is None and data.application_id is None:  # the origin stays
            origin = {"call_id": record.call_id, "application_id": record.application_id}
            data = data.model_copy(update=origin)
        draft = MobilityRecord(program_id=program.id)
        self._fill(program, draft, data, but=record.id)
        expert_id, name = record.expert_id, data.person_name or record.person_name
        if data.expert_id is not None or data.expert_slug:
            expert = self._person(program, data)
            expert_id, name = expert.id, expert.display_name
        changed = sorted(f for f in EDITABLE if getattr(record, f) != getattr(draft, f))
        for name_of in EDITABLE:
            setattr(record, name_of, getattr(draft, name_of))
        if (expert_id, name) != (record.expert_id, record.person_name):
            changed.append("person")
        record.expert_id, record.person_name = expert_id, name
        self.repo.flush()
        self._audit(actor, "edit", record, fields=changed)
        self.repo.reload(record)
        return record

    def plan_from_award(
        self, actor: User | None, application: Application
    ) -> MobilityRecord | None:
        """A planned record for an awarded application of a mobility call, the lead member as
        the person (their profile, or a new unclaimed one) and the confirmed partner abroad as
        the host and supervisor; from the application's start (else the next month's first
        day) for its duration (else the call's longest, else 12 months). The same record again
        when it exists; None for a call of another kind (a joint research award opens a
        project instead)."""
        call = self.repo.call(application.call_id)
        if call is None or call.kind != CallKind.mobility.value:
            return None
        if application.status != ApplicationStatus.awarded.value:
            raise Conflict(N_("only an awarded application becomes a mobility record"))
        existing = self.repo.of_application(application.id)
        if existing is not None:
            return existing
        program = self.repo.program(call.program_id)
        assert program is not None  # a call always belongs to a program
        members = [
            m for m in application.members
            if m.role == MemberRole.lead.value or m.status == MemberStatus.confirmed.value
        ]  # fmt: skip
        lead = next((m for m in members if m.role == MemberRole.lead.value), None)
        if lead is None:
            raise ValidationFailed(N_("the application has no lead applicant"), field="members")
        host = next((m for m in members if m.country != lead.country), None)
        start = application.start_date or _next_month(utcnow().date())
        months = application.duration_months or call.max_duration_months or 12
        record = MobilityRecord(
            program_id=program.id, call_id=call.id, application_id=application.id,
            person_name=lead.name, nationality=lead.country, home_country=lead.country,
            career_stage=application.career_stage,
            field=application.fields[0] if application.fields else None,
            home_organization_id=lead.organization_id,
            home_institution=self._named(lead.institution, lead.organization_id),
            host_organization_id=host.organization_id if host else None,
            host_institution=self._named(host.institution, host.organization_id) if host else "—",
            host_country=host.country if host else self._partner_country(program, lead.country),
            supervisor=host.name if host else "",
            planned_departure=start, planned_return=end_of(start, months),
            created_by_id=actor.id if actor else None,
        )  # fmt: skip
        if lead.expert_id is not None:
            record.expert_id = lead.expert_id
        else:
            record.expert_id = self._new_profile(program, lead.name, lead.country, record.field).id
        self.repo.add(record)
        self._audit(actor, "create", record, status=record.status, application=application.id)
        return record

    # -- transitions -------------------------------------------------------------------------
    def depart(
        self, user: User | None, record_id: uuid.UUID, data: DepartInput,
        upload: Upload | None = None,
    ) -> MobilityRecord:  # fmt: skip
        actor, record, roles = self._acting(user, record_id)
        MOBILITY_STATES.check("depart", record.status, roles)
        if data.departed_on > latest_today():
            raise ValidationFailed(
                N_("the departure date cannot be in the future"), field="departed_on"
            )
        given = upload is not None or data.evidence_url is not None
        if not given and not self.repo.has_evidence(record.id, EvidenceKind.departure.value):
            raise ValidationFailed(
                N_("attach the departure evidence: a file or a link (boarding pass, letter "
                   "of arrival from the host)"),
                field="evidence_url",
            )  # fmt: skip
        if given:
            kind = EvidenceKind.departure
            self._add_evidence(actor, record, kind, data.note, data.evidence_url, upload)
        record.departed_on = data.departed_on
        return self._move(actor, record, "depart", departed_on=data.departed_on)

    def extend(self, user: User | None, record_id: uuid.UUID, data: ExtendInput) -> MobilityRecord:
        actor, record, roles = self._acting(user, record_id)
        MOBILITY_STATES.check("extend", record.status, roles)
        old = record.planned_return
        if old is not None and data.planned_return <= old:
            raise ValidationFailed(
                N_("the new planned return must come after the current one"),
                field="planned_return",
            )
        if record.departed_on and data.planned_return <= record.departed_on:
            raise ValidationFailed(
                N_("the planned return must come after the departure"), field="planned_return"
            )
        record.planned_return = data.planned_return
        record.status_reason = data.reason.strip()
        return self._move(
            actor, record, "extend", planned_return=data.planned_return, previous=old,
            reason=record.status_reason,
        )  # fmt: skip

    def return_(self, user: User | None, record_id: uuid.UUID, data: ReturnInput,
                upload: Upload | None = None) -> MobilityRecord:  # fmt: skip
        actor, record, roles = self._acting(user, record_id)
        MOBILITY_STATES.check("return", record.status, roles)
        if record.departed_on is not None and data.returned_on < record.departed_on:
            raise ValidationFailed(
                N_("the return cannot come before the departure"), field="returned_on"
            )
        if data.returned_on > latest_today():
            raise ValidationFailed(
                N_("the return date cannot be in the future"), field="returned_on"
            )
        if upload is not None or data.evidence_url is not None:
            kind = EvidenceKind.return_
            self._add_evidence(actor, record, kind, data.note, data.evidence_url, upload)
        record.returned_on = data.returned_on
        return self._move(actor, record, "return", returned_on=data.returned_on)

    def discontinue(
        self, user: User | None, record_id: uuid.UUID, data: DiscontinueInput
    ) -> MobilityRecord:
        actor, record, roles = self._acting(user, record_id)
        MOBILITY_STATES.check("discontinue", record.status, roles)
        record.status_reason = data.reason.strip()
        return self._move(actor, record, "discontinue", reason=record.status_reason)

    def record_outcome(
        self, user: User | None, record_id: uuid.UUID, data: OutcomeInput
    ) -> MobilityRecord:
        """Where the person went after the return, and the degree obtained."""
        actor, record, roles = self._acting(user, record_id)
        if STAFF not in roles:
            raise Forbidden(MOBILITY_STATES.forbidden)
        if record.status != MobilityStatus.returned.value:
            raise Conflict(N_("outcomes are recorded after the return"))
        record.next_destination = data.next_destination
        record.next_country = data.next_country
        record.degree_obtained = data.degree_obtained.value if data.degree_obtained else None
        self.repo.flush()
        self._audit(
            actor, "outcome", record, next_destination=record.next_destination,
            next_country=record.next_country, degree=record.degree_obtained,
        )  # fmt: skip
        return record

    def add_evidence(
        self, user: User | None, record_id: uuid.UUID, data: EvidenceInput,
        upload: Upload | None = None,
    ) -> MobilityRecord:  # fmt: skip
        """A document at any time: a file, a link, or both."""
        actor, record, roles = self._acting(user, record_id)
        if STAFF not in roles:
            raise Forbidden(MOBILITY_STATES.forbidden)
        if upload is None and data.url is None:
            raise ValidationFailed(N_("attach a file or give a link"), field="file")
        self._add_evidence(actor, record, data.kind, data.note, data.url, upload)
        self.repo.reload(record)
        return record

    # -- helpers -----------------------------------------------------------------------------
    def _acting(
        self, user: User | None, record_id: uuid.UUID
    ) -> tuple[User, MobilityRecord, set[str]]:
        actor = require_user(user)
        self.get(actor, record_id)  # 404 for whoever may not read it
        record = self.repo.for_update(record_id)
        if record is None:
            raise NotFound(N_("mobility record not found"))
        roles = self.roles(actor, record.program_id, record)
        if STAFF in roles:
            self._open(self.program_of(record))
        return actor, record, roles

    @staticmethod
    def _open(program: Program) -> None:
        if program.status == ProgramStatus.closed.value:
            raise Conflict(N_("a closed program's mobility records no longer change"))

    def _move(
        self, actor: User, record: MobilityRecord, action: str, **data: Any
    ) -> MobilityRecord:
        target = MOBILITY_STATES[action].target
        previous = record.status
        record.status = target.value
        record.status_changed_at = utcnow()
        self.repo.flush()
        self._audit(actor, action, record, status=record.status, previous_status=previous, **data)
        self.repo.reload(record)
        return record

    def _add_evidence(
        self, actor: User, record: MobilityRecord, kind: EvidenceKind, note: str,
        url: str | None, upload: Upload | None,
    ) -> MobilityEvidence:  # fmt: skip
        evidence = MobilityEvidence(
            kind=kind.value, note=note.strip(), url=url, uploaded_by_id=actor.id
        )
        if upload is not None:
            store = self._store()
            try:
                checked = store.check(upload.filename, upload.content)
            except ValidationFailed as exc:
                raise ValidationFailed(exc.message, field="file", params=exc.params) from exc
            key = f"mobility/{record.id}/{uuid.uuid4().hex}.{checked.extension}"
            store.storage.put(key, checked.content, checked.content_type)
            evidence.file_key, evidence.file_name = key, checked.filename
            evidence.file_type, evidence.file_size = checked.content_type, len(checked.content)
        self.repo.add_evidence(record, evidence)
        self._audit(actor, "evidence", record, kind=kind.value, file=evidence.file_name, url=url)
        return evidence

    def _store(self) -> AttachmentStore:
        return AttachmentStore(
            storage_for(self.settings, self.session), self.settings.max_upload_bytes
        )

    def _filters(self, filters: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in filters.items() if v not in (None, "")}

    def _fill(
        self, program: Program, record: MobilityRecord, data: MobilityInput,
        but: uuid.UUID | None = None,
    ) -> None:  # fmt: skip
        if data.field is not None and data.field not in self.repo.field_labels():
            raise ValidationFailed(
                N_("unknown field: %(codes)s"), field="field", params={"codes": data.field}
            )
        record.sex = data.sex.value if data.sex and data.sex != Sex.undisclosed else None
        record.nationality, record.field = data.nationality, data.field
        record.career_stage = data.career_stage.value if data.career_stage else None
        home = self._organization(data.home_organization_id, "home_organization_id")
        host = self._organization(data.host_organization_id, "host_organization_id")
        record.home_organization_id = home.id if home else None
        record.home_institution = self._institution(data.home_institution, home, "home_institution")
        record.home_country = data.home_country
        record.host_organization_id = host.id if host else None
        record.host_institution = self._institution(data.host_institution, host, "host_institution")
        host_country = data.host_country or (host.country if host else None)
        if host_country is None:
            raise ValidationFailed(N_("choose a country"), field="host_country")
        record.host_country = host_country
        record.supervisor = data.supervisor
        record.planned_departure, record.planned_return = (
            data.planned_departure,
            data.planned_return,
        )
        self._origin(program, record, data, but)

    def _origin(
        self, program: Program, record: MobilityRecord, data: MobilityInput,
        but: uuid.UUID | None,
    ) -> None:  # fmt: skip
        """The call and application the stay came from, both of this program."""
        call_id = data.call_id
        if data.application_id is not None:
            application = self.repo.application(data.application_id)
            call = self.repo.call(application.call_id) if application else None
            if application is None or call is None or call.program_id != program.id:
                raise ValidationFailed(
                    N_("this application is not one of the program's"), field="application_id"
                )
            taken = self.repo.of_application(application.id)
            if taken is not None and taken.id != but:
                raise Conflict(
                    N_("a mobility record already comes from this application"),
                    field="application_id",
                )
            if call_id is not None and call_id != call.id:
                raise ValidationFailed(
                    N_("the application belongs to another call"), field="application_id"
                )
            record.application_id, call_id = application.id, call.id
        if call_id is not None:
            call = self.repo.call(call_id)
            if call is None or call.program_id != program.id:
                raise ValidationFailed(N_("this call is not one of the program's"), field="call_id")
            record.call_id = call.id

    def _organization(self, org_id: uuid.UUID | None, field: str) -> Any:
        if org_id is None:
            return None
        org = self.repo.organization(org_id)
        if org is None:
            raise ValidationFailed(N_("organization not found"), field=field)
        return org

    @staticmethod
    def _institution(name: str | None, org: Any, field: str) -> str:
        if name:
            return name
        if org is not None:
            return str(org.name)
        raise ValidationFailed(N_("give the institution's name"), field=field)

    def _person(self, program: Program, data: MobilityInput) -> ExpertProfile:
        """The existing profile named, or a new unclaimed one for the name typed."""
        if data.expert_id is not None:
            expert = self.repo.expert(data.expert_id)
            if expert is None:
                raise ValidationFailed(N_("expert profile not found"), field="expert_id")
            return expert
        if data.expert_slug:
            slug = data.expert_slug.rstrip("/").rsplit("/", 1)[-1]
            expert = self.repo.expert_by_slug(slug)
            if expert is None:
                raise ValidationFailed(N_("expert profile not found"), field="expert_slug")
            return expert
        if not data.person_name:
            raise ValidationFailed(
                N_("name the person, or choose their existing expert profile"),
                field="person_name",
            )
        return self._new_profile(program, data.person_name, data.home_country, data.field)

    def _new_profile(
        self, program: Program, name: str, country: str, field: str | None
    ) -> ExpertProfile:
        """A minimal, unclaimed and hidden profile in the program's hub: the person claims it
        later. Its residence stays the home country (a stay abroad does not move it)."""
        profiles = ExpertProfileService(self.session)
        expert = ExpertProfile(
            slug=profiles.unique_slug(name), hub_id=program.hub_id, display_name=name[:200],
            residence_country=country, fields=[field] if field else [], claimed=False,
            visibility=Visibility.hidden.value,
        )  # fmt: skip
        self.repo.add_profile(expert)
        Auditor(self.session, "expert")(None, "expert.create", expert.id, source="mobility")
        profiles.request_reindex(expert.id)
        return expert

    def _named(self, institution: str, org_id: uuid.UUID | None) -> str:
        """An applicant's institution as typed, else their organization's name."""
        org = self.repo.organization(org_id) if org_id and not institution else None
        return institution or (org.name if org else "") or "—"

    def _partner_country(self, program: Program, home: str) -> str:
        countries = [a.country for a in program.agencies if a.country != home]
        return countries[0] if countries else home

    def _audit(self, actor: User | None, action: str, record: MobilityRecord, **data: Any) -> None:
        self.audit(
            actor.id if actor else None, f"{ENTITY}.{action}", record.id,
            program_id=str(record.program_id), **data,
        )  # fmt: skip
