"""What a periodic report compiles, and how a submitted report keeps it.

`SECTIONS` is THE list of what a report contains: functions
`(session, project, period_start, period_end) -> ReportSection`, one per part of a project,
called in this order. A part joins the report by adding its function here, e.g. after merge:

    from vstid.projects.plan.service import report_section as plan_section
    SECTIONS = (plan_section, funding_section, results_section, risks_section,
                amendments_section)

Submitting a report freezes the compiled sections as JSON (`freeze`); an accepted report is
read back from that snapshot (`thaw`), so it never changes when the project's data does."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from vstid.core.i18n import N_
from vstid.projects.funding.service import report_section as funding_section
from vstid.projects.models import Project
from vstid.projects.plan.service import report_section as plan_section
from vstid.projects.reports.repository import ReportRepository
from vstid.projects.results.service import report_section as results_section
from vstid.projects.risks.service import report_section as risks_section
from vstid.projects.sections import Cell, Label, Money, ReportSection

__all__ = ["SECTIONS", "SectionFn", "amendments_section", "compile_sections", "freeze", "thaw"]

SectionFn = Callable[[Session, Project, date, date], ReportSection]


def _changes(values: dict[str, Any]) -> str:
    return "; ".join(f"{k}: {v}" for k, v in values.items())


def amendments_section(
    session: Session, project: Project, period_start: date, period_end: date
) -> ReportSection:
    """The amendments recorded in the period: number, date, kind, reason, before and after."""
    start = datetime.combine(period_start, time.min, tzinfo=UTC)
    end = datetime.combine(period_end + timedelta(days=1), time.min, tzinfo=UTC)
    rows: list[list[Cell]] = [
        [
            a.number,
            a.created_at.date(),
            Label(a.kind),
            a.reason,
            _changes(a.before),
            _changes(a.after),
        ]
        for a in ReportRepository(session).amendments_between(project.id, start, end)
    ]
    return ReportSection(
        key="amendments",
        title=N_("Amendments"),
        columns=[N_("No."), N_("Date"), N_("Kind"), N_("Reason"), N_("Before"), N_("After")],
        rows=rows,
    )


# The sections of every report, in order (see the module's docstring).
SECTIONS: tuple[SectionFn, ...] = (
    plan_section,
    funding_section,
    results_section,
    risks_section,
    amendments_section,
)


def compile_sections(
    session: Session, project: Project, period_start: date, period_end: date
) -> list[ReportSection]:
    return [section(session, project, period_start, period_end) for section in SECTIONS]


def _cell_out(cell: Cell) -> Any:
    if isinstance(cell, Label):
        return {"label": cell.msgid}
    if isinstance(cell, Money):
        return {"money": str(cell.amount), "currency": cell.currency}
    if isinstance(cell, Decimal):
        return {"decimal": str(cell)}
    if isinstance(cell, date):
        return {"date": cell.isoformat()}
    return cell  # str, int, None


def _cell_in(value: Any) -> Cell:
    if isinstance(value, dict):
        if "label" in value:
            return Label(value["label"])
        if "money" in value:
            return Money(Decimal(value["money"]), value["currency"])
        if "decimal" in value:
            return Decimal(value["decimal"])
        if "date" in value:
            return date.fromisoformat(value["date"])
    if value is None or isinstance(value, (str, int)):
        return value
    return str(value)


def freeze(sections: list[ReportSection]) -> list[dict[str, Any]]:
    """The sections as JSON, every value keeping its type (money, decimal, date)."""
    return [
        {
            "key": s.key,
            "title": s.title,
            "columns": list(s.columns),
            "rows": [[_cell_out(c) for c in row] for row in s.rows],
            "notes": list(s.notes),
        }
        for s in sections
    ]


def thaw(data: list[dict[str, Any]]) -> list[ReportSection]:
    return [
        ReportSection(
            key=s["key"],
            title=s["title"],
            columns=list(s["columns"]),
            rows=[[_cell_in(c) for c in row] for row in s["rows"]],
            notes=list(s.get("notes", [])),
        )
        for s in data
    ]
