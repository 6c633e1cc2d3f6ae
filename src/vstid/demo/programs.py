"""The demo's programs (data/programs.json), created THROUGH the programs' services acting as
the demo people: the hub's coordinator for what staff do (the program, its budget and
indicators, its calls and their lifecycle, the mobility register), an agency's officer for
what the agency does (verifying a reported value, its position on an application), the
applicants and reviewers for their own parts (demo.applications). Every rule is checked, and
every audit entry and notification is the real one.

Idempotent: a program already there (same slug) is left alone, whole, with its calls,
applications and mobility records. Never commits; the caller's transaction does."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from vstid.core.models import utcnow
from vstid.core.settings import Settings
from vstid.demo.applications import DemoApplications
from vstid.demo.cast import Cast, Row, Story
from vstid.demo.mobility import DemoMobility
from vstid.experts.models import ExpertProfile
from vstid.organizations.models import Organization
from vstid.programs.calls.models import Call
from vstid.programs.calls.schemas import CallCreate
from vstid.programs.calls.service import CallService, to_utc
from vstid.programs.indicators.schemas import IndicatorCreate, PeriodInput, ReportInput
from vstid.programs.indicators.service import IndicatorService
from vstid.programs.repository import ProgramRepository
from vstid.programs.schemas import BudgetLineInput, ProgramCreate
from vstid.programs.service import ProgramService

__all__ = ["DemoPrograms", "local_time"]

# The lifecycle steps that bring a new (draft) call to the state the story tells; a call in
# review closes only after its applications were submitted (demo.applications).
CALL_STEPS: dict[str, tuple[str, ...]] = {
    "draft": (),
    "forecast": ("forecast",),
    "open": ("open",),
    "in_review": ("open",),
}
AFTER_APPLICATIONS: dict[str, tuple[str, ...]] = {"in_review": ("close", "start_review")}


def local_time(when: str | Row, zone: str, today: date | None = None) -> datetime:
    """A wall-clock time in the call's zone: written out ("2026-05-29T17:00"), or a number of
    days from today there at a given hour ({"days": 24, "at": "17:00"}), so that an open
    call of the demo stays open whenever the demo is loaded."""
    if isinstance(when, str):
        return datetime.fromisoformat(when)
    day = (today or datetime.now(ZoneInfo(zone)).date()) + timedelta(days=int(when["days"]))
    hour, minute = (int(x) for x in str(when["at"]).split(":"))
    return datetime(day.year, day.month, day.day, hour, minute)


class DemoPrograms:
    def __init__(
        self,
        session: Session,
        settings: Settings,
        orgs: dict[str, Organization],
        experts: dict[str, ExpertProfile],
        bump: Callable[[str], None],
    ) -> None:
        self.session = session
        self.cast = Cast(session, orgs, experts, bump)
        self.programs = ProgramService(session, settings)
        self.indicators = IndicatorService(session, settings)
        self.calls = CallService(session, settings)
        self.applications = DemoApplications(session, settings, self.cast)
        self.mobility = DemoMobility(session, settings, self.cast)

    def load(self, rows: list[Row]) -> None:
        repo = ProgramRepository(self.session)
        for row in rows:
            if repo.get_by(slug=row["slug"]) is not None:
                continue
            self._tell(row)
            self.cast.bump("programs")

    def _tell(self, row: Row) -> None:
        """The program's life so far, in the order it happened."""
        story = self._create(row)
        self._budget(story)
        self._indicators(story)
        self.programs.transition(story.coordinator, story.program.id, "activate")
        self._reported_values(story)
        for call in row["calls"]:
            self._call(story, call)
        self.mobility.load(story.coordinator, story.program, row["mobility"])

    # -- the program -----------------------------------------------------------------------
    def _create(self, row: Row) -> Story:
        """A coordinator of the lead hub writes the draft with its agencies."""
        coordinator = self.cast.user(row["coordinator"])
        data = ProgramCreate.model_validate(
            {
                **{k: row[k] for k in ("slug", "title", "summary", "language", "translations")},
                **{k: row[k] for k in ("fields", "start_year", "end_year")},
                "agencies": [
                    {"organization_id": self.cast.orgs[a["organization"]].id, "role": a["role"]}
                    for a in row["agencies"]
                ],
            }
        )
        program = self.programs.create(coordinator, data)
        slugs = {org.id: slug for slug, org in self.cast.orgs.items()}
        agencies = {slugs[a.organization_id]: a.id for a in program.agencies}
        officers = {a["organization"]: self.cast.user(a["officer"]) for a in row["agencies"]}
        return Story(row, program, coordinator, agencies, officers)

    def _budget(self, story: Story) -> None:
        for line in story.row["budget"]:
            data = BudgetLineInput.model_validate(
                {
                    **{k: line[k] for k in ("amount", "currency", "year", "note")},
                    "agency_id": story.agencies[line["agency"]],
                }
            )
            self.programs.add_budget_line(story.coordinator, story.program.id, data)

    def _indicators(self, story: Story) -> None:
        """Each indicator with its yearly targets; the years already past when the demo is
        loaded are left out (a target cannot be set for a past year)."""
        this_year = date.today().year
        for row in story.row["indicators"]:
            targets = [
                {"year": int(y), "value": v}
                for y, v in row["targets"].items()
                if int(y) >= this_year
            ]
            data = IndicatorCreate.model_validate(
                {
                    **{k: v for k, v in row.items() if k not in ("targets", "reports")},
                    "targets": targets,
                }
            )
            self.indicators.create(story.coordinator, story.program.id, data)

    def _reported_values(self, story: Story) -> None:
        """Each reported period: opened and reported by the coordinator with its evidence,
        verified by the agency's officer where the story says so."""
        indicators = {i.code: i for i in story.program.indicators}
        for row in story.row["indicators"]:
            indicator = indicators[row["code"]]
            for r in row["reports"]:
                ids = (story.program.id, indicator.id)
                period = PeriodInput.model_validate(
                    {k: r[k] for k in ("period_start", "period_end")}
                )
                report = self.indicators.open_period(story.coordinator, *ids, period)
                data = ReportInput.model_validate(
                    {k: r[k] for k in ("value", "evidence_url", "note", "breakdown")}
                )
                self.indicators.report(story.coordinator, *ids, report.id, data)
                if r["verified_by"]:
                    self.indicators.verify(self.cast.user(r["verified_by"]), *ids, report.id)

    # -- calls -----------------------------------------------------------------------------
    def _call(self, story: Story, row: Row) -> None:
        """The call as the coordinator wrote it, moved to its state. A past round (one whose
        deadline has passed) is told today with a deadline of tomorrow, its applications
        dated within its real window, and then given its real deadline: a call cannot be
        opened once its closing time has passed."""
        zone = row["timezone"]
        opens = local_time(row["opens_at"], zone)
        closes = local_time(row["closes_at"], zone)
        past = to_utc(closes, zone) <= utcnow()
        told = local_time({"days": 1, "at": "23:59"}, zone) if past else closes
        data = CallCreate.model_validate(
            {
                **{k: v for k, v in row.items() if k not in ("applications", "status")},
                "opens_at": opens,
                "closes_at": told,
                "ceilings": [
                    {
                        **{k: c[k] for k in ("amount", "currency", "note")},
                        "agency_id": story.agencies[c["agency"]],
                    }
                    for c in row["ceilings"]
                ],
            }
        )
        call = self.calls.create(story.coordinator, story.program.slug, data)
        self.cast.bump("calls")
        self._steps(story, call, CALL_STEPS[row["status"]])
        clock = _clock(to_utc(closes, zone)) if past else utcnow
        for application in row["applications"]:
            self.applications.tell(story, call, application, clock)
        self._steps(story, call, AFTER_APPLICATIONS.get(row["status"], ()))
        self.applications.review(story, call, row["applications"])
        if past:
            call.closes_at = to_utc(closes, zone)

    def _steps(self, story: Story, call: Call, actions: tuple[str, ...]) -> None:
        for action in actions:
            self.calls.transition(story.coordinator, call.reference, action)


def _clock(deadline: datetime) -> Callable[[], datetime]:
    """The applicants' clock in a past round: from a week before the deadline, a few minutes
    on at each reading (dozens of readings stay well before the deadline)."""
    ticks = iter(range(1000))

    def now() -> datetime:
        return deadline - timedelta(days=7) + timedelta(minutes=17 * next(ticks))

    return now
