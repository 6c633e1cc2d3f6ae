"""A project's funding lines: who funds what, in which currency, per fiscal period; totals in
VND and USD at recorded exchange rates, each line saying which rates it used. Changing what a
funder gives to a project past its draft is a budget amendment. Never commits."""

from __future__ import annotations

import uuid
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
from vstid.core.settings import Settings
from vstid.projects.funding.models import (
    FundingLine,
    FundingPeriod,
    convention_for,
    fiscal_label,
    fiscal_year_bounds,
)
from vstid.projects.funding.permissions import WRITERS
from vstid.projects.funding.repository import FundingLineRepository
from vstid.projects.funding.schemas import FundingLineInput, FundingPeriodInput
from vstid.projects.models import AmendmentKind, Project, ProjectPartner, ProjectStatus
from vstid.projects.sections import Money, ReportSection
from vstid.projects.service import ProjectService
from vstid.rates.models import ExchangeRate
from vstid.rates.service import Conversion, RateService

__all__ = [
    "FIGURES",
    "Consolidated",
    "FundingService",
    "FundingView",
    "LineTotal",
    "PeriodTotal",
    "report_section",
]

FIGURES = ("committed", "disbursed", "spent")
TOTALS = ("amount", *FIGURES)
QUOTES = ("VND", "USD")
FINISHED = frozenset({ProjectStatus.closed.value, ProjectStatus.terminated.value})
CENT = Decimal("0.01")

NO_FUNDER = N_("name the funder: a partner of the project, an organization or a name")


@dataclass
class PeriodTotal:
    """A fiscal period's figures converted at the rates valid on its first day."""

    period: FundingPeriod
    on: date
    figures: dict[str, Conversion]


@dataclass
class LineTotal:
    line: FundingLine
    amount: Conversion | None
    periods: list[PeriodTotal] = field(default_factory=list)
    problems: list[ValidationFailed] = field(default_factory=list)

    @property
    def rates(self) -> list[ExchangeRate]:
        """Every recorded rate this line's conversions used, once."""
        conversions = [self.amount] if self.amount else []
        conversions += [c for p in self.periods for c in p.figures.values()]
        seen: dict[uuid.UUID, ExchangeRate] = {}
        for conversion in conversions:
            for rate in conversion.rates:
                seen.setdefault(rate.id, rate)
        return list(seen.values())


@dataclass
class Consolidated:
    """The project's funding in VND and USD. `problems` lists each missing rate (currency,
    quote and day named); the totals then leave those amounts out and are not complete."""

    on: date
    lines: list[LineTotal]
    totals: dict[str, dict[str, Decimal]]
    problems: list[ValidationFailed]

    @property
    def complete(self) -> bool:
        return not self.problems


@dataclass
class FundingView:
    project: Project
    lines: list[FundingLine]
    partners: list[ProjectPartner]
    can_write: bool
    needs_reason: bool  # a change of amount is a budget amendment


def _figures(data: FundingPeriodInput) -> tuple[Decimal, Decimal, Decimal]:
    """Committed, disbursed and spent in cents, as the table keeps them."""
    return data.committed.quantize(CENT), data.disbursed.quantize(CENT), data.spent.quantize(CENT)


def _values(line: FundingLine) -> dict[str, Any]:
    return {
        "funder": line.funder_name, "amount": str(line.amount), "currency": line.currency,
    }  # fmt: skip


class FundingService:
    def __init__(self, session: Session, settings: Settings) -> None:
        self.session = session
        self.projects = ProjectService(session, settings)
        self.repo = FundingLineRepository(session)
        self.rates = RateService(session)
        self.audit = Auditor(session, "project")

    # -- reading ---------------------------------------------------------------------------
    def view(self, user: User | None, project_id: uuid.UUID) -> FundingView:
        project = self.projects.get_inside(user, project_id)
        roles = self.projects.roles_of(user, project)
        return FundingView(
            project=project,
            lines=self.repo.of_project(project.id, user),
            partners=self.repo.partners(project.id),
            can_write=bool(roles & WRITERS) and project.status not in FINISHED,
            needs_reason=project.status != ProjectStatus.draft.value,
        )

    def lines(self, user: User | None, project_id: uuid.UUID) -> list[FundingLine]:
        project = self.projects.get_inside(user, project_id)
        return self.repo.of_project(project.id, user)

    def line(self, user: User | None, project_id: uuid.UUID, line_id: uuid.UUID) -> FundingLine:
        project = self.projects.get_inside(user, project_id)
        return self._line(project, line_id, user)

    def _line(self, project: Project, line_id: uuid.UUID, user: User | None) -> FundingLine:
        line = self.repo.line_of(project.id, line_id, user)
        if line is None:
            raise NotFound(N_("funding line not found"))
        return line

    def consolidated(
        self, user: User | None, project_id: uuid.UUID, on: date | None = None
    ) -> Consolidated:
        """Each line's amount at the rates valid on `on` (today when not given), each fiscal
        period's figures at the rates valid on the period's first day, and their sums."""
        project = self.projects.get_inside(user, project_id)
        day = on or date.today()
        totals = {key: dict.fromkeys(QUOTES, Decimal(0)) for key in TOTALS}
        lines: list[LineTotal] = []
        problems: list[ValidationFailed] = []
        for line in self.repo.of_project(project.id, user):
            total = self._line_total(line, day)
            lines.append(total)
            for problem in total.problems:
                if all(problem.params != p.params for p in problems):
                    problems.append(problem)
            parts = [("amount", total.amount)] if total.amount else []
            parts += [(k, c) for p in total.periods for k, c in p.figures.items()]
            for key, conversion in parts:
                totals[key]["VND"] += conversion.vnd.amount
                totals[key]["USD"] += conversion.usd.amount
        return Consolidated(day, lines, totals, problems)

    def consolidated_or_refuse(
        self, user: User | None, project_id: uuid.UUID, on: date | None = None
    ) -> Consolidated:
        """The totals, or a 422 naming the first currency and day without a recorded rate."""
        result = self.consolidated(user, project_id, on)
        if result.problems:
            raise result.problems[0]
        return result

    def _line_total(self, line: FundingLine, on: date) -> LineTotal:
        total = LineTotal(line, None)
        try:
            total.amount = self.rates.convert(Decimal(line.amount), line.currency, on)
        except ValidationFailed as exc:
            total.problems.append(exc)
        for period in line.periods:
            try:
                figures = {
                    key: self.rates.convert(
                        Decimal(getattr(period, key)), line.currency, period.start_date
                    )
                    for key in FIGURES
                }
            except ValidationFailed as exc:
                total.problems.append(exc)
                continue
            total.periods.append(PeriodTotal(period, period.start_date, figures))
        return total

    # -- writing ---------------------------------------------------------------------------
    def _writable(self, user: User | None, project_id: uuid.UUID) -> tuple[User, Project]:
        actor = require_user(user)
        project = self.projects.get_inside(actor, project_id)
        if not self.projects.roles_of(actor, project) & WRITERS:
            raise Forbidden(
                N_("only the lead partners and the hub's coordinators change a project's funding")
            )
        if project.status in FINISHED:
            raise Conflict(N_("the funding of a closed or terminated project cannot change"))
        return actor, project

    def _funder(self, project: Project, data: FundingLineInput) -> dict[str, Any]:
        """Who funds, checked before anything changes: the partner must be this project's,
        the organization must exist, and some name must be known."""
        partner = org = None
        if data.partner_id is not None:
            partner = self.repo.partner(project.id, data.partner_id)
            if partner is None:
                raise ValidationFailed(
                    N_("this partner is not in the project's consortium"), field="partner_id"
                )
        organization_id = data.organization_id or (partner.organization_id if partner else None)
        if organization_id is not None:
            org = self.repo.organization(organization_id)
            if org is None:
                raise ValidationFailed(N_("organization not found"), field="organization_id")
        name = data.funder_name or (partner.name if partner else "") or (org.name if org else "")
        if not name:
            raise ValidationFailed(NO_FUNDER, field="funder_name")
        country = (
            data.funder_country
            or (partner.country if partner else None)
            or (org.country if org else None)
        )
        convention = data.fiscal_convention or convention_for(country)
        return {
            "partner_id": partner.id if partner else None,
            "organization_id": organization_id,
            "funder_name": name,
            "funder_country": country,
            "reference": data.reference.strip(),
            "amount": data.amount.quantize(CENT),
            "currency": data.currency.value,
            "kind": data.kind.value,
            "fiscal_convention": convention.value,
        }

    def add_line(
        self, user: User | None, project_id: uuid.UUID, data: FundingLineInput
    ) -> FundingLine:
        actor, project = self._writable(user, project_id)
        values = self._funder(project, data)
        line = FundingLine(project_id=project.id, position=self.repo.next_position(project.id))
        for key, value in values.items():
            setattr(line, key, value)
        line.periods = [self._new_period(line.fiscal_convention, p) for p in data.periods]
        self.repo.add(line)
        self.audit(actor.id, "project.funding.add", project.id, line=str(line.id), **_values(line))
        return line

    def update_line(
        self, user: User | None, project_id: uuid.UUID, line_id: uuid.UUID,
        data: FundingLineInput, keep_periods: bool = False,
    ) -> FundingLine:  # fmt: skip
        """Changes a line (its periods too, unless `keep_periods`: a page's line form has
        none). A new amount or currency on a project past its draft is a budget amendment,
        refused without a reason, recorded in the same unit of work."""
        actor, project = self._writable(user, project_id)
        line = self._line(project, line_id, actor)
        values = self._funder(project, data)
        before = _values(line)
        after = {"funder": values["funder_name"], "amount": str(values["amount"]),
                 "currency": values["currency"]}  # fmt: skip
        budget_changed = (Decimal(line.amount), line.currency) != (
            values["amount"],
            values["currency"],
        )
        if budget_changed and project.status != ProjectStatus.draft.value:
            # checked and recorded before the line changes: a refusal leaves it as it was
            self.projects.record_amendment(
                actor, project, AmendmentKind.budget, data.reason, before, after
            )
        for key, value in values.items():
            setattr(line, key, value)
        if not keep_periods:
            self._replace_periods(line, data.periods)
        else:
            self._rebound(line)
        self.repo.flush()
        self.audit(
            actor.id, "project.funding.update", project.id, line=str(line.id),
            before=before, after=_values(line),
        )  # fmt: skip
        return line

    def remove_line(
        self, user: User | None, project_id: uuid.UUID, line_id: uuid.UUID, reason: str = ""
    ) -> None:
        """Removing a funder from a project past its draft is a budget amendment too."""
        actor, project = self._writable(user, project_id)
        line = self._line(project, line_id, actor)
        before = _values(line)
        if project.status != ProjectStatus.draft.value:
            self.projects.record_amendment(
                actor, project, AmendmentKind.budget, reason, before, {"funder": None}
            )
        self.repo.delete(line)
        self.audit(actor.id, "project.funding.remove", project.id, **before)

    def set_period(
        self, user: User | None, project_id: uuid.UUID, line_id: uuid.UUID,
        data: FundingPeriodInput,
    ) -> FundingPeriod:  # fmt: skip
        """Records (or corrects) one fiscal period's committed, disbursed and spent."""
        actor, project = self._writable(user, project_id)
        line = self._line(project, line_id, actor)
        period = next((p for p in line.periods if p.fiscal_year == data.fiscal_year), None)
        if period is None:
            period = self._new_period(line.fiscal_convention, data)
            line.periods.append(period)
        else:
            period.committed, period.disbursed, period.spent = _figures(data)
        self.repo.flush()
        self.audit(
            actor.id, "project.funding.period", project.id, line=str(line.id),
            fiscal_year=period.label, committed=str(period.committed),
            disbursed=str(period.disbursed), spent=str(period.spent),
        )  # fmt: skip
        return period

    def remove_period(
        self, user: User | None, project_id: uuid.UUID, line_id: uuid.UUID, fiscal_year: int
    ) -> None:
        actor, project = self._writable(user, project_id)
        line = self._line(project, line_id, actor)
        period = next((p for p in line.periods if p.fiscal_year == fiscal_year), None)
        if period is None:
            raise NotFound(N_("fiscal period not found"))
        self.repo.remove_period(line, period)
        self.audit(
            actor.id, "project.funding.period_remove", project.id, line=str(line.id),
            fiscal_year=fiscal_label(fiscal_year),
        )  # fmt: skip

    @staticmethod
    def _new_period(convention: str, data: FundingPeriodInput) -> FundingPeriod:
        start, end = fiscal_year_bounds(convention, data.fiscal_year)
        committed, disbursed, spent = _figures(data)
        return FundingPeriod(
            fiscal_year=data.fiscal_year, start_date=start, end_date=end,
            committed=committed, disbursed=disbursed, spent=spent,
        )  # fmt: skip

    def _replace_periods(self, line: FundingLine, periods: list[FundingPeriodInput]) -> None:
        wanted = {p.fiscal_year: p for p in periods}
        for old in list(line.periods):
            if old.fiscal_year not in wanted:
                line.periods.remove(old)
        for year, data in wanted.items():
            kept = next((p for p in line.periods if p.fiscal_year == year), None)
            if kept is None:
                line.periods.append(self._new_period(line.fiscal_convention, data))
            else:
                kept.committed, kept.disbursed, kept.spent = _figures(data)
        self._rebound(line)

    @staticmethod
    def _rebound(line: FundingLine) -> None:
        """The periods' dates after a change of the line's fiscal-year convention."""
        for period in line.periods:
            period.start_date, period.end_date = fiscal_year_bounds(
                line.fiscal_convention, period.fiscal_year
            )


REPORT_COLUMNS = [
    N_("Funder"), N_("Reference"), N_("Fiscal year"), N_("First day"), N_("Last day"),
    N_("Committed"), N_("Disbursed"), N_("Spent"),
]  # fmt: skip


def report_section(
    session: Session, project: Project, period_start: date, period_end: date
) -> ReportSection:
    """For a periodic report: per funding line, the fiscal periods overlapping the report's
    period with their committed, disbursed and spent, in the line's currency. The caller has
    checked that its reader is inside the project."""
    section = ReportSection(key="funding", title=N_("Funding"), columns=list(REPORT_COLUMNS))
    for line, period in FundingLineRepository(session).overlapping(
        project.id, period_start, period_end
    ):
        section.rows.append(
            [
                line.funder_name,
                line.reference or None,
                period.label,
                period.start_date,
                period.end_date,
                *(Money(Decimal(getattr(period, k)), line.currency) for k in FIGURES),
            ]
        )
    return section
