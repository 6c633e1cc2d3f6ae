"""The named queries a computed indicator counts with: each one's definition is written here
once (and in the README, "Program indicators"), read from the platform's own records through
the indicators repository, and tested against a slow, obvious recount on generated data.

A query collects the records that meet its definition, each dated and described by the
breakdowns (country, sex, institution, field); `evaluate` then gives the value at a date,
the count per breakdown and the records behind it. Dimensions a record does not carry are
counted under "" (not stated).

Breakdown values, the same for every query:
  country      the person's nationality (mobility records, trained people); the lead
               applicant's country (projects, applications)
  sex          as recorded (mobility records, trained people); "" for projects, applications
  institution  the home institution (mobility); the lead applicant's institution (projects,
               applications); "" for trained people
  field        the record's field (mobility) or the first field of the project/application"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from vstid.core.i18n import N_
from vstid.programs.applications.models import Application, ApplicationMember
from vstid.programs.indicators.repository import QueryRepository, Visible
from vstid.programs.mobility.models import MobilityRecord

__all__ = ["BREAKDOWNS", "QUERIES", "Query", "QueryResult", "Record", "evaluate"]

BREAKDOWNS = ("country", "sex", "institution", "field")


@dataclass(frozen=True)
class Record:
    """One record behind a number: a mobility record, a trained person (a project result),
    a project, an application."""

    kind: str  # mobility | result | project | application
    id: uuid.UUID
    on: date  # the day it started to count
    name: str  # the person, the project's title, the application's reference
    project_id: uuid.UUID | None = None
    country: str = ""
    sex: str = ""
    institution: str = ""
    field: str = ""

    def dimension(self, name: str) -> str:
        return str(getattr(self, name) or "")


@dataclass
class QueryResult:
    on: date
    value: int
    breakdown: dict[str, dict[str, int]] = field(default_factory=dict)
    records: list[Record] = field(default_factory=list)


Collect = Callable[[QueryRepository, uuid.UUID, Visible], list[Record]]


@dataclass(frozen=True)
class Query:
    name: str
    title: str  # N_-marked
    definition: str  # N_-marked, shown next to every number the query gives
    collect: Collect
    private: bool  # records about people or applications: names for staff and agencies only


def _day(value: date | datetime | None) -> date | None:
    return value.date() if isinstance(value, datetime) else value


def _mobility(row: MobilityRecord, on: date | None) -> Record | None:
    if on is None:
        return None
    return Record(
        "mobility",
        row.id,
        on,
        row.person_name,
        None,
        row.nationality or "",
        row.sex or "",
        row.home_institution or "",
        row.field or "",
    )


def mobility_departed(
    repo: QueryRepository, program_id: uuid.UUID, visible: Visible
) -> list[Record]:
    """PhD researchers sent: the program's mobility records with a departure date and at
    least one piece of evidence of kind "departure", counted from the departure date."""
    rows = (_mobility(r, r.departed_on) for r in repo.departed(program_id))
    return [r for r in rows if r is not None]


def _returned_on(row: MobilityRecord) -> date | None:
    return row.returned_on or _day(row.status_changed_at)


def mobility_returned(
    repo: QueryRepository, program_id: uuid.UUID, visible: Visible
) -> list[Record]:
    """Completed stays: the program's mobility records with status "returned", counted from
    the return date (or, without one, the day the status changed)."""
    rows = (_mobility(r, _returned_on(r)) for r in repo.returned(program_id))
    return [r for r in rows if r is not None]


def _first(values: Iterable[str] | None) -> str:
    return next(iter(values or []), "")


def _application(
    row: Application,
    lead: ApplicationMember | None,
    on: date,
    name: str,
    kind: str,
    project_id: uuid.UUID | None,
) -> Record:
    return Record(
        kind,
        project_id if kind == "project" and project_id else row.id,
        on,
        name,
        project_id,
        lead.country if lead else "",
        "",
        lead.institution if lead else "",
        _first(row.fields),
    )


def joint_projects_funded(
    repo: QueryRepository, program_id: uuid.UUID, visible: Visible
) -> list[Record]:
    """Joint projects funded: projects opened by awards of the program's calls (applications
    with status "awarded" and a project), counted from the day the project was opened."""
    rows = repo.awarded(program_id, visible)
    leads = repo.leads({a.id for a, _ in rows})
    return [
        _application(a, leads.get(a.id), _day(p.created_at) or date.min, p.title, "project", p.id)
        for a, p in rows
    ]


def _trained(repo: QueryRepository, program_id: uuid.UUID, visible: Visible) -> list[Record]:
    return [
        Record(
            "result",
            r.id,
            r.result_date,
            r.person_name or "",
            p.id,
            r.nationality or "",
            r.sex or "",
            "",
            _first(p.fields),
        )
        for r, p in repo.trained(program_id, visible)
    ]


def people_trained(repo: QueryRepository, program_id: uuid.UUID, visible: Visible) -> list[Record]:
    """People trained: the trained-person results of the projects opened from the program's
    calls (dated by the result's date), plus the completed mobility stays (as
    mobility_returned)."""
    return _trained(repo, program_id, visible) + mobility_returned(repo, program_id, visible)


def applications_received(
    repo: QueryRepository, program_id: uuid.UUID, visible: Visible
) -> list[Record]:
    """Applications received: applications to the program's calls past their draft, in any
    state but "withdrawn", counted from the day they were submitted."""
    rows = repo.received(program_id)
    leads = repo.leads({a.id for a in rows})
    return [
        _application(
            a,
            leads.get(a.id),
            _day(a.submitted_at or a.created_at) or date.min,
            a.reference,
            "application",
            a.project_id,
        )
        for a in rows
    ]


QUERIES: dict[str, Query] = {
    q.name: q
    for q in (
        Query(
            "mobility_departed",
            N_("PhD researchers sent"),
            N_(
                "Mobility records of the program with a departure date and at least one "
                "departure evidence document, counted from the departure date."
            ),
            mobility_departed,
            private=True,
        ),
        Query(
            "mobility_returned",
            N_("Researchers returned"),
            N_(
                'Mobility records of the program with the status "returned", counted from '
                "the return date."
            ),
            mobility_returned,
            private=True,
        ),
        Query(
            "people_trained",
            N_("People trained"),
            N_(
                "Trained-person results of the projects awarded under the program's calls, "
                "plus the mobility records that returned."
            ),
            people_trained,
            private=True,
        ),
        Query(
            "joint_projects_funded",
            N_("Joint projects funded"),
            N_(
                "Projects opened by an award of one of the program's calls (an application "
                "awarded, with its project), counted from the day the project opened."
            ),
            joint_projects_funded,
            private=False,
        ),
        Query(
            "applications_received",
            N_("Applications received"),
            N_(
                "Applications to the program's calls past their draft, except withdrawn "
                "ones, counted from the day they were submitted."
            ),
            applications_received,
            private=True,
        ),
    )
}


def evaluate(
    records: list[Record], on: date, breakdowns: Iterable[str] = BREAKDOWNS
) -> QueryResult:
    """The value at `on` (records counted from their day), per breakdown, and the records."""
    counted = sorted((r for r in records if r.on <= on), key=lambda r: (r.on, r.name, str(r.id)))
    breakdown = {
        name: dict(sorted(Counter(r.dimension(name) for r in counted).items()))
        for name in breakdowns
    }
    return QueryResult(on=on, value=len(counted), breakdown=breakdown, records=counted)
