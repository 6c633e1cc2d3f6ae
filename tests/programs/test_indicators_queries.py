"""Every named indicator query against a slow, obvious recount of its definition over the
raw tables, on random records, on both databases: the value at several dates, the count per
breakdown and the records behind it, for the program's staff and for an outsider (who does
not count confidential or draft projects)."""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.programs.indicator_data import generate
from tests.programs.world import ProgramWorld
from vstid.programs.applications.models import Application, ApplicationMember
from vstid.programs.calls.models import Call
from vstid.programs.indicators.queries import BREAKDOWNS, QUERIES, Record, evaluate
from vstid.programs.indicators.repository import QueryRepository
from vstid.programs.mobility.models import MobilityEvidence, MobilityRecord
from vstid.projects.models import Project
from vstid.projects.permissions import restrict_projects
from vstid.projects.results.models import ProjectResult

Row = tuple[str, uuid.UUID, date, str, str, str, str]  # kind, id, day, the four breakdowns


class Oracle:
    """The definitions recounted the slow way: every table read whole, filtered in Python."""

    def __init__(self, session: Session) -> None:
        def every(model):  # type: ignore[no-untyped-def]
            return list(session.scalars(select(model)))

        self.calls, self.apps = every(Call), every(Application)
        self.members, self.projects = every(ApplicationMember), every(Project)
        self.results, self.mobility = every(ProjectResult), every(MobilityRecord)
        self.evidence = every(MobilityEvidence)

    def _lead(self, app: Application) -> ApplicationMember | None:
        leads = [m for m in self.members if m.application_id == app.id and m.role == "lead"]
        return leads[0] if leads else None

    def _apps(self, program_id: uuid.UUID) -> list[Application]:
        calls = {c.id for c in self.calls if c.program_id == program_id}
        return [a for a in self.apps if a.call_id in calls]

    def _mob(self, r: MobilityRecord, day: date) -> Row:
        return ("mobility", r.id, day, r.nationality or "", r.sex or "", r.home_institution or "",
                r.field or "")  # fmt: skip

    def mobility_departed(self, pid: uuid.UUID, visible: set[uuid.UUID] | None) -> list[Row]:
        out = []
        for r in self.mobility:
            kinds = [e.kind for e in self.evidence if e.record_id == r.id]
            if r.program_id == pid and r.departed_on is not None and "departure" in kinds:
                out.append(self._mob(r, r.departed_on))
        return out

    def mobility_returned(self, pid: uuid.UUID, visible: set[uuid.UUID] | None) -> list[Row]:
        out = []
        for r in self.mobility:
            if r.program_id == pid and r.status == "returned":
                day = r.returned_on if r.returned_on else r.status_changed_at.date()
                out.append(self._mob(r, day))
        return out

    def _app_row(self, kind: str, id_: uuid.UUID, a: Application, day: date) -> Row:
        lead = self._lead(a)
        return (kind, id_, day, lead.country if lead else "", "", lead.institution if lead else "",
                a.fields[0] if a.fields else "")  # fmt: skip

    def joint_projects_funded(self, pid: uuid.UUID, visible: set[uuid.UUID] | None) -> list[Row]:
        out = []
        for a in self._apps(pid):
            counted = visible is None or a.project_id in visible
            if a.status == "awarded" and a.project_id is not None and counted:
                p = next(p for p in self.projects if p.id == a.project_id)
                out.append(self._app_row("project", p.id, a, p.created_at.date()))
        return out

    def people_trained(self, pid: uuid.UUID, visible: set[uuid.UUID] | None) -> list[Row]:
        projects = {a.project_id for a in self._apps(pid) if a.project_id is not None}
        out = []
        for r in self.results:
            counted = visible is None or r.project_id in visible
            if r.kind == "trained_person" and r.project_id in projects and counted:
                p = next(p for p in self.projects if p.id == r.project_id)
                out.append(("result", r.id, r.result_date, r.nationality or "", r.sex or "",
                            "", p.fields[0] if p.fields else ""))  # fmt: skip
        return out + self.mobility_returned(pid, visible)

    def applications_received(self, pid: uuid.UUID, visible: set[uuid.UUID] | None) -> list[Row]:
        out = []
        for a in self._apps(pid):
            if a.status not in ("draft", "withdrawn"):
                day = (a.submitted_at or a.created_at).date()
                out.append(self._app_row("application", a.id, a, day))
        return out


def _row(r: Record) -> Row:
    return (r.kind, r.id, r.on, r.country, r.sex, r.institution, r.field)


@pytest.mark.parametrize("seed", [7, 2027])
def test_every_query_matches_the_recount(session: Session, pw: ProgramWorld, seed: int) -> None:
    generated = generate(session, pw, seed)
    session.expire_all()
    oracle = Oracle(session)
    outsider_sees = set(session.scalars(restrict_projects(select(Project.id), pw.w.outsider)))
    assert outsider_sees != {p.id for p in oracle.projects}  # some projects are hidden
    repo = QueryRepository(session)
    nonzero = Counter[str]()
    for program in generated.programs:
        for visible, clause in (
            (None, None),
            (outsider_sees, restrict_projects(select(Project.id), pw.w.outsider)),
        ):
            for name, query in QUERIES.items():
                records = query.collect(repo, program.id, clause)
                expected_all: list[Row] = getattr(oracle, name)(program.id, visible)
                for day in generated.days:
                    got = evaluate(records, day)
                    expected = [row for row in expected_all if row[2] <= day]
                    assert got.value == len(expected), (name, day)
                    assert sorted(map(_row, got.records), key=str) == sorted(expected, key=str)
                    for i, dimension in enumerate(BREAKDOWNS):
                        counts = Counter(row[3 + i] for row in expected)
                        assert got.breakdown[dimension] == dict(counts), (name, dimension)
                    nonzero[name] += got.value
    # the generated records exercise every query (a test that cannot fail is no test)
    assert all(nonzero[name] > 0 for name in QUERIES), nonzero


def test_an_outsider_does_not_count_a_confidential_project(
    session: Session, pw: ProgramWorld
) -> None:
    generate(session, pw, 11)
    repo = QueryRepository(session)
    query = QUERIES["joint_projects_funded"]
    everything = query.collect(repo, pw.program.id, None)
    public = query.collect(
        repo, pw.program.id, restrict_projects(select(Project.id), pw.w.outsider)
    )
    hidden = {r.project_id for r in everything} - {r.project_id for r in public}
    assert hidden
    assert all(session.get(Project, p).confidential or session.get(Project, p).status == "draft"
               for p in hidden)  # fmt: skip
