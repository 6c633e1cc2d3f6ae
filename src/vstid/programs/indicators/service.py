"""Indicators of a program: defined and targeted by its staff; computed by a named query or
reported per period with evidence and verified by someone else; their progress against the
targets and the records behind a computed number, as the reader may see them. Never
commits."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from vstid.accounts.models import User
from vstid.accounts.permissions import require_user
from vstid.audit.service import Auditor
from vstid.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from vstid.core.i18n import N_
from vstid.core.models import utcnow
from vstid.core.settings import Settings
from vstid.core.storage import storage_for
from vstid.orders.attachments import AttachmentStore
from vstid.programs.indicators.queries import QUERIES, Record, evaluate
from vstid.programs.indicators.repository import (
    IndicatorRepository,
    QueryRepository,
    ReportRepository,
    Visible,
)
from vstid.programs.indicators.schemas import (
    IndicatorCreate,
    IndicatorPatch,
    PeriodInput,
    ReportInput,
    TargetInput,
)
from vstid.programs.models import (
    Indicator,
    IndicatorReport,
    IndicatorSource,
    IndicatorTarget,
    Program,
    ProgramStatus,
    ReportStatus,
)
from vstid.programs.service import ProgramService
from vstid.programs.states import REPORT_STATES
from vstid.projects.results.service import Download, Upload

__all__ = ["IndicatorService", "Progress", "YearPoint"]

HUNDRED = Decimal(100)


@dataclass
class YearPoint:
    year: int
    value: Decimal | None  # cumulative, baseline included; None for a year not begun
    target: Decimal | None


@dataclass
class Progress:
    indicator: Indicator
    as_of: date
    value: Decimal
    target: Decimal
    percent: Decimal
    years: list[YearPoint]
    breakdown: dict[str, dict[str, Decimal]]
    pending: int = 0
    records: list[Record] = field(default_factory=list)


def _percent(value: Decimal, target: Decimal) -> Decimal:
    if not target:
        return Decimal(0)
    return (value * HUNDRED / target).quantize(Decimal("0.1"))


class IndicatorService:
    def __init__(self, session: Session, settings: Settings) -> None:
        self.session = session
        self.settings = settings
        self.programs = ProgramService(session, settings)
        self.repo = IndicatorRepository(session)
        self.reports = ReportRepository(session)
        self.audit = Auditor(session, "program_indicator")

    # -- reading ---------------------------------------------------------------------------
    def of_program(self, user: User | None, program_id: uuid.UUID) -> list[Indicator]:
        program = self.programs.get_visible(user, program_id)
        return self.repo.of_program(program.id)

    def of_shown_program(self, program: Program) -> list[Indicator]:
        """The indicators of a program the caller already opened."""
        return self.repo.of_program(program.id)

    def get(self, user: User | None, program_id: uuid.UUID, indicator_id: uuid.UUID) -> Indicator:
        program = self.programs.get_visible(user, program_id)
        indicator = self.repo.get(indicator_id)
        if indicator is None or indicator.program_id != program.id:
            raise NotFound(N_("indicator not found"))
        return indicator

    def by_code(self, user: User | None, program: Program, code: str) -> Indicator:
        indicator = self.repo.by_code(program.id, code)
        if indicator is None:
            raise NotFound(N_("indicator not found"))
        return indicator

    def _visible(self, user: User | None, program: Program) -> Visible:
        """The projects a reader may count: all for the program's staff and agencies; for
        anyone else those whose page they may open (a confidential project is not counted)."""
        if self.programs.is_insider(user, program):
            return None
        return QueryRepository.visible_projects(user)

    def records(self, user: User | None, program: Program, indicator: Indicator) -> list[Record]:
        query = QUERIES.get(indicator.query or "")
        if indicator.source != IndicatorSource.computed.value or query is None:
            return []
        return query.collect(
            QueryRepository(self.session), program.id, self._visible(user, program)
        )

    def progress(
        self, user: User | None, program: Program, indicator: Indicator, on: date | None = None
    ) -> Progress:
        """The cumulative value (baseline included) at the end of each year of the program
        up to `on` (today), against the year's target and the overall target."""
        today = on or date.today()
        baseline = Decimal(indicator.baseline)
        targets = {t.year: Decimal(t.value) for t in indicator.targets}
        if indicator.source == IndicatorSource.computed.value:
            records = self.records(user, program, indicator)
            now = evaluate(records, today, indicator.breakdowns)
            breakdown = {k: {v: Decimal(n) for v, n in c.items()} for k, c in now.breakdown.items()}

            def at(day: date) -> Decimal:
                return Decimal(evaluate(records, day, ()).value)

            pending, shown = 0, now.records
        else:
            verified = [r for r in indicator.reports if r.status == ReportStatus.verified.value]

            def at(day: date) -> Decimal:
                values = (Decimal(r.value or 0) for r in verified if r.period_end <= day)
                return sum(values, Decimal(0))

            breakdown = self._reported_breakdown(indicator, verified)
            pending = sum(1 for r in indicator.reports if r.status == ReportStatus.reported.value)
            shown = []
        years = [
            YearPoint(
                year,
                baseline + at(min(date(year, 12, 31), today))
                if date(year, 1, 1) <= today
                else None,
                targets.get(year),
            )
            for year in range(program.start_year, program.end_year + 1)
        ]
        value = baseline + at(today)
        target = Decimal(indicator.target)
        return Progress(
            indicator,
            today,
            value,
            target,
            _percent(value, target),
            years,
            breakdown,
            pending,
            shown,
        )

    @staticmethod
    def _reported_breakdown(
        indicator: Indicator, verified: list[IndicatorReport]
    ) -> dict[str, dict[str, Decimal]]:
        out: dict[str, dict[str, Decimal]] = {k: {} for k in indicator.breakdowns}
        for report in verified:
            for name, counts in (report.breakdown or {}).items():
                if name not in out:
                    continue
                for key, number in counts.items():
                    out[name][key] = out[name].get(key, Decimal(0)) + Decimal(str(number))
        return out

    def shows_names(self, user: User | None, program: Program, indicator: Indicator) -> bool:
        """Names of people and applications behind a number: for staff and agencies only."""
        query = QUERIES.get(indicator.query or "")
        return self.programs.is_insider(user, program) or (query is not None and not query.private)

    # -- defining ---------------------------------------------------------------------------
    def create(self, user: User | None, program_id: uuid.UUID, data: IndicatorCreate) -> Indicator:
        actor, program = self.programs.writable(user, program_id)
        if self.repo.by_code(program.id, data.code) is not None:
            raise ValidationFailed(N_("this code is already used in the program"), field="code")
        query = self._query(data.source.value, data.query)
        targets = self._targets(program, data.targets, {})
        indicator = Indicator(
            program_id=program.id,
            code=data.code,
            name=data.name.strip(),
            definition=data.definition.strip(),
            language=data.language,
            translations=self.programs._translations(data.language, data.translations),
            unit=data.unit.strip(),
            baseline=data.baseline,
            target=data.target,
            breakdowns=list(data.breakdowns),
            source=data.source.value,
            query=query,
            position=self.repo.next_position(program.id),
        )
        indicator.targets = targets
        self.repo.add(indicator)
        self._audit(actor, "program_indicator.create", indicator, code=indicator.code)
        return indicator

    def update(
        self,
        user: User | None,
        program_id: uuid.UUID,
        indicator_id: uuid.UUID,
        data: IndicatorPatch,
    ) -> Indicator:
        actor, program = self.programs.writable(user, program_id)
        indicator = self.get(actor, program.id, indicator_id)
        changes = data.model_dump(exclude_unset=True)
        for name in ("name", "definition", "language", "unit", "baseline", "target"):
            if name in changes and changes[name] is None:
                raise ValidationFailed(N_("this field cannot be emptied"), field=name)
            if changes.get(name) is not None:
                value = changes[name]
                setattr(indicator, name, value.strip() if isinstance(value, str) else value)
        if "query" in changes:
            indicator.query = self._query(indicator.source, data.query)
        if data.breakdowns is not None:
            indicator.breakdowns = list(data.breakdowns)
        if data.translations is not None:
            indicator.translations = self.programs._translations(
                indicator.language, data.translations
            )
        if data.targets is not None:
            before = {t.year: Decimal(t.value) for t in indicator.targets}
            wanted = {t.year: t for t in self._targets(program, data.targets, before)}
            # rows kept are updated in place: a year removed and added again in one flush
            # would meet the unique (indicator, year) before the delete
            indicator.targets = [t for t in indicator.targets if t.year in wanted]
            self.repo.flush()
            for target in indicator.targets:
                target.value = wanted.pop(target.year).value
            indicator.targets.extend(wanted.values())
        self.repo.flush()
        self._audit(actor, "program_indicator.update", indicator, changed=",".join(sorted(changes)))
        return indicator

    def delete(self, user: User | None, program_id: uuid.UUID, indicator_id: uuid.UUID) -> None:
        actor, program = self.programs.writable(user, program_id)
        indicator = self.get(actor, program.id, indicator_id)
        if program.status != ProgramStatus.draft.value:
            raise Conflict(N_("an indicator is removed only while the program is a draft"))
        self.repo.delete(indicator)
        self._audit(actor, "program_indicator.delete", indicator, code=indicator.code)

    def _query(self, source: str, name: str | None) -> str | None:
        if source == IndicatorSource.reported.value:
            if name:
                raise ValidationFailed(N_("a reported indicator has no query"), field="query")
            return None
        if not name or name not in QUERIES:
            raise ValidationFailed(
                N_("choose one of the named queries: %(names)s"),
                field="query",
                params={"names": ", ".join(QUERIES)},
            )
        return name

    def _targets(
        self, program: Program, targets: list[TargetInput], before: Mapping[int, Decimal]
    ) -> list[IndicatorTarget]:
        """Yearly targets within the program's period; none for a year already past (a past
        target that was set before stays as it was)."""
        this_year = date.today().year
        for i, target in enumerate(targets):
            where = f"targets.{i}.year"
            if target.year < this_year and before.get(target.year) != target.value:
                raise ValidationFailed(
                    N_("a target cannot be set for a past year (%(year)s)"),
                    field=where,
                    params={"year": target.year},
                )
            if not program.start_year <= target.year <= program.end_year:
                raise ValidationFailed(
                    N_("the year must fall within the program's period (%(start)s-%(end)s)"),
                    field=where,
                    params={"start": program.start_year, "end": program.end_year},
                )
        return [
            IndicatorTarget(year=t.year, value=t.value)
            for t in sorted(targets, key=lambda t: t.year)
        ]

    # -- reported values --------------------------------------------------------------------
    def report_actions(
        self, user: User | None, program: Program, report: IndicatorReport
    ) -> list[str]:
        allowed = REPORT_STATES.allowed(report.status, self.programs.roles_of(user, program))
        if "verify" in allowed and user is not None and report.reported_by_id == user.id:
            allowed.remove("verify")
        return allowed

    def reports_of(
        self, user: User | None, program: Program, indicator: Indicator
    ) -> list[IndicatorReport]:
        """The reported periods, for the program's staff and agencies only."""
        if not self.programs.is_insider(user, program):
            return []
        return list(indicator.reports)

    def open_period(
        self, user: User | None, program_id: uuid.UUID, indicator_id: uuid.UUID, data: PeriodInput
    ) -> IndicatorReport:
        actor, program = self.programs.writable(user, program_id)
        indicator = self.get(actor, program.id, indicator_id)
        if indicator.source != IndicatorSource.reported.value:
            raise Conflict(N_("a computed indicator is not reported by hand"))
        if (
            not program.start_year
            <= data.period_start.year
            <= data.period_end.year
            <= program.end_year
        ):
            raise ValidationFailed(
                N_("the period must fall within the program's period (%(start)s-%(end)s)"),
                field="period_start",
                params={"start": program.start_year, "end": program.end_year},
            )
        if self.reports.period_taken(indicator.id, data.period_start):
            raise ValidationFailed(N_("this period is already open"), field="period_start")
        report = IndicatorReport(
            indicator_id=indicator.id,
            period_start=data.period_start,
            period_end=data.period_end,
            status=ReportStatus.open.value,
            breakdown={},
        )
        self.reports.add(report)
        self.repo.reload(indicator)
        self._audit(
            actor,
            "program_indicator.period",
            indicator,
            report=str(report.id),
            start=data.period_start.isoformat(),
            end=data.period_end.isoformat(),
        )
        return report

    def _report(
        self,
        user: User | None,
        program_id: uuid.UUID,
        indicator_id: uuid.UUID,
        report_id: uuid.UUID,
    ) -> tuple[User, Program, Indicator, IndicatorReport]:
        actor = require_user(user)
        program = self.programs.get_visible(actor, program_id)
        indicator = self.get(actor, program.id, indicator_id)
        report = self.reports.of_indicator(indicator.id, report_id)
        if report is None or not self.programs.is_insider(actor, program):
            raise NotFound(N_("reported value not found"))
        return actor, program, indicator, report

    def attach_evidence(
        self,
        user: User | None,
        program_id: uuid.UUID,
        indicator_id: uuid.UUID,
        report_id: uuid.UUID,
        upload: Upload,
    ) -> IndicatorReport:
        """A file proving the value (a list of trainees, a signed statement), before it is
        reported (a returned value takes a new one)."""
        actor, program, indicator, report = self._report(user, program_id, indicator_id, report_id)
        REPORT_STATES.check("report", report.status, self.programs.roles_of(actor, program))
        store = AttachmentStore(
            storage_for(self.settings, self.session), self.settings.max_upload_bytes
        )
        try:
            checked = store.check(upload.filename, upload.content)
        except ValidationFailed as exc:
            raise ValidationFailed(exc.message, field="file", params=exc.params) from exc
        key = f"programs/{program.id}/{uuid.uuid4().hex}.{checked.extension}"
        store.storage.put(key, checked.content, checked.content_type)
        report.file_key, report.file_name = key, checked.filename
        report.file_type, report.file_size = checked.content_type, len(checked.content)
        self.reports.flush()
        self._audit(
            actor,
            "program_indicator.evidence",
            indicator,
            report=str(report.id),
            file=report.file_name,
        )
        return report

    def evidence(
        self,
        user: User | None,
        program_id: uuid.UUID,
        indicator_id: uuid.UUID,
        report_id: uuid.UUID,
    ) -> Download:
        _, _, _, report = self._report(user, program_id, indicator_id, report_id)
        if not report.file_key:
            raise NotFound(N_("attachment not found"))
        storage = storage_for(self.settings, self.session)
        return Download(
            report.file_name or "evidence",
            report.file_type or "application/octet-stream",
            report.file_size or 0,
            storage.open(report.file_key),
        )

    def report(
        self,
        user: User | None,
        program_id: uuid.UUID,
        indicator_id: uuid.UUID,
        report_id: uuid.UUID,
        data: ReportInput,
    ) -> IndicatorReport:
        actor, program, indicator, report = self._report(user, program_id, indicator_id, report_id)
        transition = REPORT_STATES.check(
            "report", report.status, self.programs.roles_of(actor, program)
        )
        if data.value is None:
            raise ValidationFailed(N_("give the value achieved in the period"), field="value")
        if not data.evidence_url and not report.file_key:
            raise ValidationFailed(
                N_("a reported value needs evidence: a link or an uploaded file"), field="evidence"
            )
        unknown = [k for k in data.breakdown if k not in indicator.breakdowns]
        if unknown:
            raise ValidationFailed(
                N_("this indicator is not broken down by %(names)s"),
                field="breakdown",
                params={"names": ", ".join(unknown)},
            )
        report.value, report.note = data.value, data.note.strip()
        report.evidence_url = data.evidence_url or None
        report.breakdown = {k: {n: str(v) for n, v in c.items()} for k, c in data.breakdown.items()}
        report.status = transition.target.value
        report.reported_by_id, report.reported_at = actor.id, utcnow()
        report.returned_reason = None
        self._audit(
            actor,
            "program_indicator.report",
            indicator,
            report=str(report.id),
            value=str(report.value),
        )
        return report

    def verify(
        self,
        user: User | None,
        program_id: uuid.UUID,
        indicator_id: uuid.UUID,
        report_id: uuid.UUID,
    ) -> IndicatorReport:
        actor, program, indicator, report = self._report(user, program_id, indicator_id, report_id)
        transition = REPORT_STATES.check(
            "verify", report.status, self.programs.roles_of(actor, program)
        )
        if report.reported_by_id == actor.id:
            raise Forbidden(
                N_("a value is verified by someone other than the person who reported it")
            )
        report.status = transition.target.value
        report.verified_by_id, report.verified_at = actor.id, utcnow()
        self._audit(actor, "program_indicator.verify", indicator, report=str(report.id))
        return report

    def return_(
        self,
        user: User | None,
        program_id: uuid.UUID,
        indicator_id: uuid.UUID,
        report_id: uuid.UUID,
        reason: str,
    ) -> IndicatorReport:
        actor, program, indicator, report = self._report(user, program_id, indicator_id, report_id)
        transition = REPORT_STATES.check(
            "return", report.status, self.programs.roles_of(actor, program)
        )
        reason = (reason or "").strip()
        if not reason:
            raise ValidationFailed(N_("say why"), field="reason")
        report.status = transition.target.value
        report.returned_reason = reason
        self._audit(
            actor, "program_indicator.return", indicator, report=str(report.id), reason=reason
        )
        return report

    def _audit(self, actor: User, action: str, indicator: Indicator, **data: Any) -> None:
        self.audit(actor.id, action, indicator.id, program_id=str(indicator.program_id), **data)
