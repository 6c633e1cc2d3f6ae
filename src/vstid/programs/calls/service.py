"""Calls under a program: created and edited by the program's staff, announced, opened, closed
(by hand or past their deadline and grace by `close_overdue`), reviewed, decided, archived.
Never commits.

Times are entered as wall-clock times in the call's zone and stored in UTC. Once an
application has been submitted, an open call's eligibility rules, questions and documents stay
as they were (an applicant answered those); once the call has closed, its dates and rules stay;
once reviews have started, its rubric stays."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from vstid.accounts.models import User
from vstid.accounts.permissions import require_user
from vstid.audit.service import Auditor
from vstid.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from vstid.core.i18n import N_
from vstid.core.models import as_utc, utcnow
from vstid.core.pagination import Page, PageParams
from vstid.core.settings import Settings
from vstid.programs.calls.deadlines import accepts_submissions, effective_close
from vstid.programs.calls.models import Call, CallAgencyCeiling, CallStatus
from vstid.programs.calls.repository import CallRepository
from vstid.programs.calls.schemas import (
    CallCreate,
    CallFilters,
    CallOut,
    CallPatch,
    CeilingInput,
    CeilingOut,
    CriterionInput,
    DocumentInput,
    EligibilityInput,
    QuestionInput,
    TranslationInput,
)
from vstid.programs.calls.states import CALL_STATES
from vstid.programs.models import Program
from vstid.programs.states import STAFF
from vstid.taxonomy.repository import FieldRepository

__all__ = [
    "LOCKED_AFTER_CLOSE",
    "LOCKED_AFTER_SUBMISSION",
    "LOCKED_IN_REVIEW",
    "CallService",
    "local_value",
    "shown_text",
    "to_utc",
]

S = CallStatus
# What an applicant answered: fixed once an application has been submitted.
LOCKED_AFTER_SUBMISSION = ("eligibility", "questions", "documents")
# The schedule and the rules: fixed once the call has closed.
LOCKED_AFTER_CLOSE = (
    "timezone", "opens_at", "closes_at", "grace_minutes", "eligibility", "questions",
    "documents", "languages", "ceiling_amount", "ceiling_currency", "ceilings",
    "max_duration_months",
)  # fmt: skip
# How applications are scored: fixed once reviews have started.
LOCKED_IN_REVIEW = ("rubric", "reviews_per_application")
PAST_OPEN = frozenset({S.closed, S.in_review, S.decided, S.archived})
IN_REVIEW = frozenset({S.in_review, S.decided, S.archived})


def to_utc(value: datetime, zone: str) -> datetime:
    """A time entered in the call's zone (naive) or with its own offset, in UTC."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=ZoneInfo(zone))
    return value.astimezone(UTC)


def local_value(moment: datetime, zone: str) -> str:
    """A stored moment as the wall-clock time in `zone` it was entered as: 2027-03-01T17:00."""
    return as_utc(moment).astimezone(ZoneInfo(zone)).strftime("%Y-%m-%dT%H:%M")


def shown_text(call: Call, locale: str) -> tuple[str, str, str]:
    """Title, summary and their language for a reader of `locale`: each field in the reader's
    language when translated, else in the call's source language."""
    if locale == call.language:
        return call.title, call.summary, call.language
    translated = (call.translations or {}).get(locale) or {}
    title = translated.get("title") or call.title
    summary = translated.get("summary") or call.summary
    return title, summary, locale if translated.get("summary") else call.language


def _dump(items: Iterable[Any]) -> list[dict[str, Any]]:
    return [i.model_dump(mode="json") for i in items]


class CallService:
    def __init__(self, session: Session, settings: Settings) -> None:
        self.session = session
        self.settings = settings
        self.repo = CallRepository(session)
        self.audit = Auditor(session, "program_call")

    # -- reading -----------------------------------------------------------------------------
    def get_visible(self, user: User | None, reference: str) -> Call:
        """The call if the user may open its page: past the draft where its program is
        visible, a draft for the program's staff only; 404 otherwise."""
        call = self.repo.visible_by_reference(reference, user)
        if call is None:
            raise NotFound(N_("call not found"))
        return call

    def browse(self, user: User | None, filters: CallFilters, params: PageParams) -> Page[Call]:
        return self.repo.browse(user, filters, params)

    def program_calls(self, user: User | None, slug: str) -> tuple[Program, list[Call]]:
        """A visible program and the calls of it this user may open, open ones first."""
        program = self.visible_program(user, slug)
        page = self.repo.browse(user, CallFilters(program_id=program.id), PageParams(size=100))
        return program, page.items

    def visible_program(self, user: User | None, slug: str) -> Program:
        program = self.repo.visible_program(slug, user)
        if program is None:
            raise NotFound(N_("program not found"))
        return program

    def visible_program_by_id(self, user: User | None, program_id: uuid.UUID) -> Program:
        program = self.repo.visible_program_by_id(program_id, user)
        if program is None:
            raise NotFound(N_("program not found"))
        return program

    def staff_program(self, user: User | None, slug: str) -> Program:
        """A program whose calls this user creates (403 for a reader who is not its staff)."""
        actor = require_user(user)
        program = self.visible_program(actor, slug)
        if not self.repo.is_staff(program.id, actor):
            raise Forbidden(N_("only the program's coordinators may change a call"))
        return program

    def editable(self, user: User | None, reference: str) -> Call:
        """A call this user may edit now: 404 when unseen, 403 for a reader who is not the
        program's staff, 409 once archived."""
        actor = require_user(user)
        call = self.get_visible(actor, reference)
        if not self.roles_of(actor, call):
            raise Forbidden(N_("only the program's coordinators may change a call"))
        if call.status == S.archived.value:
            raise Conflict(N_("an archived call can no longer be edited"))
        return call

    def agency_names(self, agencies: list[Any]) -> dict[uuid.UUID, str]:
        """Each owner agency's name (its organization's)."""
        return self.repo.agency_names([a.id for a in agencies])

    def is_staff(self, user: User | None, program_id: uuid.UUID) -> bool:
        """Whether the user runs this program (creates and changes its calls)."""
        return self.repo.is_staff(program_id, user)

    def roles_of(self, user: User | None, call: Call) -> set[str]:
        return {STAFF} if self.repo.is_staff(call.program_id, user) else set()

    def allowed_actions(
        self, user: User | None, call: Call, now: datetime | None = None
    ) -> list[str]:
        """Exactly the transitions the service would accept from this user now."""
        allowed = CALL_STATES.allowed(call.status, self.roles_of(user, call))
        if "open" in allowed and as_utc(call.closes_at) <= (now or utcnow()):
            allowed.remove("open")
        return allowed

    def can_edit(self, user: User | None, call: Call) -> bool:
        return bool(self.roles_of(user, call)) and call.status != S.archived.value

    def submitted_count(self, call: Call) -> int:
        return self.repo.submitted_count(call.id)

    def agencies(self, call: Call) -> dict[uuid.UUID, Any]:
        """The program's owner agencies by id (their country and organization)."""
        return {a.id: a for a in self.repo.owner_agencies(call.program_id)}

    def out(self, user: User | None, call: Call) -> CallOut:
        """The call as the API returns it, with the caller's transitions."""
        out = CallOut.model_validate(call)
        agencies = self.agencies(call)
        out.ceilings = [
            CeilingOut(
                agency_id=c.agency_id, amount=c.amount, currency=c.currency, note=c.note,
                country=agencies[c.agency_id].country if c.agency_id in agencies else None,
            )
            for c in call.ceilings
        ]  # fmt: skip
        out.program_slug = self.repo.program_slugs({call.program_id}).get(call.program_id)
        out.opens_at = as_utc(call.opens_at)
        out.closes_at = as_utc(call.closes_at)
        out.opens_at_local = local_value(call.opens_at, call.timezone)
        out.closes_at_local = local_value(call.closes_at, call.timezone)
        out.accepts_submissions = accepts_submissions(call, utcnow())
        out.allowed_actions = self.allowed_actions(user, call)
        return out

    # -- creating and editing ----------------------------------------------------------------
    def create(self, user: User | None, slug: str, data: CallCreate) -> Call:
        """A draft call under a program, by the program's staff; every check before anything
        is written."""
        actor = require_user(user)
        program = self.staff_program(actor, slug)
        reference = data.reference.strip()
        if self.repo.by_reference(reference) is not None:
            raise Conflict(N_("this call reference is already taken"), field="reference")
        opens_at, closes_at = (
            to_utc(data.opens_at, data.timezone),
            to_utc(data.closes_at, data.timezone),
        )
        self._check_times(opens_at, closes_at)
        self._check_fields(data.fields, "fields")
        self._check_eligibility(data.eligibility)
        self._check_questions(data.questions)
        self._check_keys(data.documents, "documents")
        self._check_rubric(data.rubric)
        self._check_languages(data.languages)
        self._check_project_ceiling(data.ceiling_amount, data.ceiling_currency)
        ceilings = self._ceilings(program.id, data.ceilings)
        call = Call(
            program_id=program.id,
            reference=reference,
            kind=data.kind.value,
            title=data.title.strip(),
            summary=data.summary.strip(),
            language=data.language,
            translations=self._translations(data.language, data.translations),
            fields=list(dict.fromkeys(data.fields)),
            opens_at=opens_at,
            closes_at=closes_at,
            timezone=data.timezone,
            grace_minutes=data.grace_minutes,
            eligibility=data.eligibility.model_dump(mode="json"),
            questions=_dump(data.questions),
            documents=_dump(data.documents),
            languages=list(dict.fromkeys(data.languages)),
            ceiling_amount=data.ceiling_amount,
            ceiling_currency=data.ceiling_currency.value if data.ceiling_currency else None,
            max_duration_months=data.max_duration_months,
            reviews_per_application=data.reviews_per_application,
            rubric=_dump(data.rubric),
            report_every_months=data.report_every_months,
            status=S.draft.value,
            status_changed_at=utcnow(),
            created_by_id=actor.id,
        )
        call.ceilings = ceilings
        self.repo.add(call)
        self.audit(actor.id, "call.create", call.id, reference=call.reference, title=call.title)
        return call

    def update(self, user: User | None, reference: str, data: CallPatch) -> Call:
        """The changes the call's state still allows (see the module's docstring); a value
        sent unchanged is no change."""
        actor = require_user(user)
        call = self.editable(actor, reference)
        given = data.model_dump(exclude_unset=True)
        for name in ("title", "language", "timezone", "opens_at", "closes_at"):
            if name in given and given[name] is None:
                raise ValidationFailed(N_("this field cannot be emptied"), field=name)
        zone = data.timezone or call.timezone
        new = self._normalized(data, given, zone, data.language or call.language)
        changed = {k: v for k, v in new.items() if v != self._current(call, k)}
        self._check_locks(call, changed)
        opens_at = changed.get("opens_at", as_utc(call.opens_at))
        closes_at = changed.get("closes_at", as_utc(call.closes_at))
        if "opens_at" in changed or "closes_at" in changed:
            self._check_times(opens_at, closes_at)
            if call.status == S.open.value and "closes_at" in changed and closes_at <= utcnow():
                raise ValidationFailed(
                    N_("this closing time has already passed"), field="closes_at"
                )
        if "reference" in changed:
            if call.status != S.draft.value:
                raise Conflict(
                    N_("a call's reference changes only while it is a draft"), field="reference"
                )
            if self.repo.by_reference(changed["reference"]) is not None:
                raise Conflict(N_("this call reference is already taken"), field="reference")
        if data.fields is not None:
            self._check_fields(data.fields, "fields")
        if data.eligibility is not None:
            self._check_eligibility(data.eligibility)
        if data.questions is not None:
            self._check_questions(data.questions)
        if data.documents is not None:
            self._check_keys(data.documents, "documents")
        if data.rubric is not None:
            self._check_rubric(data.rubric)
        if data.languages is not None:
            self._check_languages(data.languages)
        amount = changed.get("ceiling_amount", call.ceiling_amount)
        currency = changed.get("ceiling_currency", call.ceiling_currency)
        if "ceiling_amount" in changed or "ceiling_currency" in changed:
            self._check_project_ceiling(amount, currency)
        ceilings = self._ceilings(call.program_id, data.ceilings) if "ceilings" in changed else None
        # every check passed: write
        for name, value in changed.items():
            if name == "ceilings":
                self.repo.replace_ceilings(call, ceilings or [])
            else:
                setattr(call, name, value)
        if changed:
            self.repo.flush()
            self.audit(
                actor.id, "call.update", call.id,
                reference=call.reference, changed=",".join(sorted(changed)),
            )  # fmt: skip
        return call

    def _normalized(
        self, data: CallPatch, given: dict[str, Any], zone: str, language: str
    ) -> dict[str, Any]:
        """The patch's values as the call stores them."""
        new: dict[str, Any] = {}
        for name in given:
            value = getattr(data, name)
            if name in ("opens_at", "closes_at"):
                value = to_utc(value, zone)
            elif name in ("title", "summary", "reference") and value is not None:
                value = value.strip()
            elif name == "translations":
                value = self._translations(language, value or {})
            elif name in ("fields", "languages"):
                value = list(dict.fromkeys(value or []))
            elif name == "eligibility":
                value = (value or EligibilityInput()).model_dump(mode="json")
            elif name in ("questions", "documents", "rubric"):
                value = _dump(value or [])
            elif name == "ceiling_currency" and value is not None:
                value = value.value
            elif name == "ceilings":
                value = sorted(
                    (str(c.agency_id), Decimal(c.amount), c.currency.value, c.note.strip())
                    for c in value or []
                )
            new[name] = value
        return new

    def _current(self, call: Call, name: str) -> Any:
        if name in ("opens_at", "closes_at"):
            return as_utc(getattr(call, name))
        if name == "ceilings":
            return sorted(
                (str(c.agency_id), Decimal(c.amount), c.currency, c.note) for c in call.ceilings
            )
        if name == "ceiling_amount":
            return Decimal(call.ceiling_amount) if call.ceiling_amount is not None else None
        return getattr(call, name)

    def _check_locks(self, call: Call, changed: dict[str, Any]) -> None:
        status = S(call.status)
        if status in IN_REVIEW:
            for name in LOCKED_IN_REVIEW:
                if name in changed:
                    raise Conflict(
                        N_("reviews have started: the rubric and the number of reviews can "
                           "no longer change"),
                        field=name,
                    )  # fmt: skip
        if status in PAST_OPEN:
            for name in LOCKED_AFTER_CLOSE:
                if name in changed:
                    raise Conflict(
                        N_("the call has closed: its dates and rules can no longer change"),
                        field=name,
                    )
        locked = [n for n in LOCKED_AFTER_SUBMISSION if n in changed]
        if status == S.open and locked and self.repo.submitted_count(call.id):
            name = locked[0]
            raise Conflict(
                    N_("applications have been submitted to this call: its eligibility rules, "
                       "questions and documents can no longer change"),
                    field=name,
                )  # fmt: skip

    # -- checks --------------------------------------------------------------------------------
    @staticmethod
    def _check_times(opens_at: datetime, closes_at: datetime) -> None:
        if closes_at <= opens_at:
            raise ValidationFailed(N_("a call closes after it opens"), field="closes_at")

    def _check_fields(self, codes: list[str], where: str) -> None:
        known = set(FieldRepository(self.session).labels())
        unknown = [c for c in codes if c not in known]
        if unknown:
            raise ValidationFailed(
                N_("unknown field: %(codes)s"), field=where, params={"codes": ", ".join(unknown)}
            )

    def _check_eligibility(self, rules: EligibilityInput) -> None:
        self._check_fields(rules.fields, "eligibility.fields")

    def _check_questions(self, questions: list[QuestionInput]) -> None:
        self._check_keys(questions, "questions")
        for i, q in enumerate(questions):
            if q.kind == "choice" and len(q.choices) < 2:
                raise ValidationFailed(
                    N_("a choice question needs at least two choices"),
                    field=f"questions.{i}.choices",
                )
            if q.kind != "choice" and q.choices:
                raise ValidationFailed(
                    N_("only a choice question has choices"), field=f"questions.{i}.choices"
                )

    @staticmethod
    def _check_keys(items: Sequence[QuestionInput | DocumentInput | CriterionInput],
                    where: str) -> None:  # fmt: skip
        seen: set[str] = set()
        for i, item in enumerate(items):
            if item.key in seen:
                raise ValidationFailed(
                    N_("this key is used twice: %(key)s"), field=f"{where}.{i}.key",
                    params={"key": item.key},
                )  # fmt: skip
            seen.add(item.key)

    def _check_rubric(self, rubric: list[CriterionInput]) -> None:
        self._check_keys(rubric, "rubric")
        total = sum(c.weight for c in rubric)
        if rubric and total != 100:
            raise ValidationFailed(
                N_("the rubric's weights add up to %(total)s, not 100"),
                field="rubric", params={"total": total},
            )  # fmt: skip

    @staticmethod
    def _check_languages(languages: Sequence[str]) -> None:
        if not languages:
            raise ValidationFailed(
                N_("accept applications in at least one language"), field="languages"
            )

    @staticmethod
    def _check_project_ceiling(amount: Decimal | None, currency: Any) -> None:
        if (amount is None) != (currency is None):
            raise ValidationFailed(
                N_("a ceiling needs both its amount and its currency"),
                field="ceiling_currency" if amount is not None else "ceiling_amount",
            )

    def _ceilings(
        self, program_id: uuid.UUID, given: list[CeilingInput] | None
    ) -> list[CallAgencyCeiling]:
        owners = {a.id for a in self.repo.owner_agencies(program_id)}
        rows: list[CallAgencyCeiling] = []
        seen: set[uuid.UUID] = set()
        for i, c in enumerate(given or []):
            if c.agency_id not in owners:
                raise ValidationFailed(
                    N_("this agency is not an owner agency of the program"),
                    field=f"ceilings.{i}.agency_id",
                )
            if c.agency_id in seen:
                raise ValidationFailed(
                    N_("one ceiling per agency"), field=f"ceilings.{i}.agency_id"
                )
            seen.add(c.agency_id)
            rows.append(
                CallAgencyCeiling(
                    agency_id=c.agency_id, amount=c.amount, currency=c.currency.value,
                    note=c.note.strip(),
                )
            )  # fmt: skip
        return rows

    @staticmethod
    def _translations(source: str, given: dict[Any, Any]) -> dict[str, dict[str, str]]:
        """The other languages' title and summary, each field on its own; the source language
        lives in the columns, and an empty translation is no translation."""
        out: dict[str, dict[str, str]] = {}
        for language, text in given.items():
            values = text.model_dump() if isinstance(text, TranslationInput) else dict(text)
            kept = {k: str(v).strip() for k, v in values.items() if v and str(v).strip()}
            if language != source and kept:
                out[language] = kept
        return out

    # -- lifecycle -----------------------------------------------------------------------------
    def transition(self, user: User | None, reference: str, action: str) -> Call:
        """One step of the lifecycle: the role (403) and the state (409) from the table; a
        call opens only before its closing time (its grace is for late uploads, not for
        opening)."""
        actor = require_user(user)
        call = self.get_visible(actor, reference)
        if action not in CALL_STATES.transitions or not CALL_STATES[action].offered:
            raise NotFound(N_("the requested item was not found"))
        transition = CALL_STATES.check(action, call.status, self.roles_of(actor, call))
        if action == "open" and as_utc(call.closes_at) <= utcnow():
            raise Conflict(
                N_("the closing time has already passed: move it before opening the call"),
                field="closes_at",
            )
        before = call.status
        call.status = transition.target.value
        call.status_changed_at = utcnow()
        self.repo.flush()
        self.audit(actor.id, f"call.{action}", call.id, reference=call.reference,
                   **{"from": before, "to": call.status})  # fmt: skip
        return call

    def close_overdue(self, now: datetime | None = None) -> list[Call]:
        """Open calls past their closing time and grace move to closed (run periodically:
        `vstid calls close-overdue`, and with the reminders); the applications side refuses a
        late submission by the time anyway, whether this has run or not."""
        now = as_utc(now or utcnow())
        closed: list[Call] = []
        for call in self.repo.open_closing_before(now):
            if effective_close(call) < now:
                call.status = S.closed.value
                call.status_changed_at = now
                self.audit(None, "call.close_overdue", call.id, reference=call.reference,
                           **{"from": S.open.value, "to": S.closed.value})  # fmt: skip
                closed.append(call)
        self.repo.flush()
        return closed
