"""Random program records for the indicator tests: calls of two programs, applications in
every state (some awarded with a project, some projects confidential), trained-person and
other results, mobility records in every state with and without departure evidence."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy.orm import Session

from tests.programs.world import ProgramWorld, make_call, make_program
from vstid.programs.applications.models import (
    Application,
    ApplicationMember,
    ApplicationStatus,
    MemberRole,
)
from vstid.programs.mobility.models import (
    EvidenceKind,
    MobilityEvidence,
    MobilityRecord,
    MobilityStatus,
)
from vstid.programs.models import Program
from vstid.projects.models import Project, ProjectStatus
from vstid.projects.results.models import ProjectResult, ResultKind

COUNTRIES = ["VN", "JP", "KR"]
SEXES = ["female", "male", None]
FIELDS = ["semiconductors", "ai", None]
INSTITUTIONS = ["ĐH Bách khoa Hà Nội", "ĐH Quốc gia TP.HCM", "Tohoku University"]
START = date(2026, 1, 1)


@dataclass
class Generated:
    programs: list[Program]
    days: list[date]  # as-of dates worth checking


def _day(rng: random.Random) -> date:
    return START + timedelta(days=rng.randrange(0, 3 * 365))


def _moment(rng: random.Random) -> datetime:
    day = _day(rng)
    return datetime(day.year, day.month, day.day, rng.randrange(0, 24), tzinfo=UTC)


def generate(session: Session, pw: ProgramWorld, seed: int, size: int = 1) -> Generated:
    rng = random.Random(seed)
    other = make_program(session, pw.w, slug=f"korea-{seed}-{rng.randrange(10**6)}")
    programs = [pw.program, other]
    calls = [pw.call] + [
        make_call(session, p, reference=f"C{seed}-{i}-{rng.randrange(10**9)}")
        for i, p in enumerate([pw.program, other, other])
    ]
    projects = []
    for i in range(12 * size):
        project = Project(
            hub_id=pw.w.hub.id, title=f"Dự án {seed}-{i}", origin="direct",
            fields=rng.choice([["semiconductors"], ["ai", "semiconductors"], []]),
            status=rng.choice([ProjectStatus.active.value, ProjectStatus.draft.value,
                               ProjectStatus.closed.value]),
            confidential=rng.random() < 0.3, created_at=_moment(rng),
        )  # fmt: skip
        session.add(project)
        projects.append(project)
    session.flush()
    free = list(projects[: 10 * size])  # two projects stay outside every program
    rng.shuffle(free)
    for i in range(30 * size):
        status = rng.choice(list(ApplicationStatus))
        application = Application(
            call_id=rng.choice(calls).id, reference=f"A{seed}-{i}-{rng.randrange(10**9)}",
            lead_user_id=pw.w.expert_user.id, title=f"Hồ sơ {i}", language="vi",
            fields=rng.choice([["ai"], ["semiconductors", "ai"], []]), status=status.value,
            submitted_at=_moment(rng) if rng.random() < 0.8 else None,
            created_at=_moment(rng),
        )  # fmt: skip
        gets_project = status == ApplicationStatus.awarded or rng.random() < 0.1
        if gets_project and free:
            application.project_id = free.pop().id
        if rng.random() < 0.85:
            application.members = [
                ApplicationMember(name="Lead", email=f"l{i}@example.org",
                                  country=rng.choice(COUNTRIES),
                                  institution=rng.choice(INSTITUTIONS),
                                  role=MemberRole.lead.value),
            ]  # fmt: skip
        application.members.append(
            ApplicationMember(name="Co", email=f"c{i}@example.org", country="JP",
                              institution="Osaka University", role=MemberRole.co_lead.value)
        )  # fmt: skip
        session.add(application)
    for project in projects:
        for j in range(rng.randrange(0, 4)):
            session.add(
                ProjectResult(
                    project_id=project.id, title=f"Kết quả {j}", result_date=_day(rng),
                    kind=rng.choice([ResultKind.trained_person.value,
                                     ResultKind.trained_person.value, ResultKind.publication.value]),
                    person_name=f"Học viên {project.title} {j}",
                    nationality=rng.choice([*COUNTRIES, None]), sex=rng.choice(SEXES),
                )
            )  # fmt: skip
    for i in range(40 * size):
        departed = _day(rng) if rng.random() < 0.7 else None
        record = MobilityRecord(
            program_id=rng.choice(programs).id, person_name=f"NCS {seed}-{i}",
            sex=rng.choice(SEXES), nationality=rng.choice(COUNTRIES),
            field=rng.choice(FIELDS), home_institution=rng.choice(INSTITUTIONS),
            host_institution="Tohoku University", host_country="JP",
            departed_on=departed, status=rng.choice(list(MobilityStatus)).value,
            returned_on=_day(rng) if rng.random() < 0.6 else None,
            status_changed_at=_moment(rng),
        )  # fmt: skip
        record.evidence = [
            MobilityEvidence(kind=rng.choice(list(EvidenceKind)).value, note="")
            for _ in range(rng.randrange(0, 3))
        ]
        session.add(record)
    session.flush()
    days = [date(2026, 6, 30), date(2027, 12, 31), date(2029, 1, 1)] + [_day(rng) for _ in range(3)]
    return Generated(programs, days)
