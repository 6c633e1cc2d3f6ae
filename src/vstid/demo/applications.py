"""The demo's applications to a program's calls, each told through the services by the people
who act in it: the lead applicant writes the draft, invites the partners and submits; each
invited partner confirms from their own account and writes their country's section; the
program's coordinator checks eligibility and assigns the reviewers; each reviewer scores
their assignment; each agency's officer records the agency's position; the coordinator takes
the joint decision (an award opens the joint project). Never commits."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from vstid.core.models import utcnow
from vstid.core.settings import Settings
from vstid.demo.cast import Cast, Row, Story
from vstid.demo.files import demo_pdf
from vstid.programs.applications.models import Application
from vstid.programs.applications.schemas import (
    BudgetInput,
    InviteInput,
    SectionInput,
    SharedInput,
    StartInput,
)
from vstid.programs.applications.service import ApplicationService, Upload
from vstid.programs.calls.models import Call
from vstid.programs.decisions.schemas import DecisionInput, PositionInput
from vstid.programs.decisions.service import DecisionService
from vstid.programs.reviews.schemas import AssignInput, ReviewInput
from vstid.programs.reviews.service import ReviewService

__all__ = ["REVIEWED", "DemoApplications"]

# The states an application reaches only through eligibility and review.
REVIEWED = frozenset({"in_review", "awarded", "rejected"})
SHARED = ("title", "summary", "language", "translations", "fields", "start_date")
SHARED_MORE = ("duration_months", "career_stage", "answers")


class DemoApplications:
    def __init__(self, session: Session, settings: Settings, cast: Cast) -> None:
        self.session, self.settings, self.cast = session, settings, cast
        self.reviews = ReviewService(session, settings)
        self.decisions = DecisionService(session, settings)
        self.told: dict[str, Application] = {}  # by the data's key

    # -- the applicants ---------------------------------------------------------------------
    def tell(self, story: Story, call: Call, row: Row, now: Callable[[], datetime]) -> None:
        """The application up to its submission (a draft stays a draft), on the applicants'
        clock `now` (a past round's applicants acted before its deadline)."""
        service = ApplicationService(self.session, self.settings, now=now)
        lead = self.cast.user(row["lead"])
        start = StartInput.model_validate({k: row[k] for k in ("title", "language")})
        application = service.start(lead, call.reference, start)
        ref = application.reference
        shared: dict[str, Any] = {k: row[k] for k in (*SHARED, *SHARED_MORE)}
        shared["lead_organization_id"] = self.cast.org_id(row["lead_organization"])
        service.update_shared(lead, ref, SharedInput.model_validate(shared))
        budget = [
            {**{k: line[k] for k in ("category", "description", "amount", "currency")},
             "agency_id": story.agencies[line["agency"]]}
            for line in row["budget"]
        ]  # fmt: skip
        service.set_budget(lead, ref, BudgetInput.model_validate({"lines": budget}))
        for m in row["members"]:
            invite = {k: m[k] for k in ("email", "role", "country", "institution")}
            service.invite(lead, ref, InviteInput.model_validate(invite))
            if m["answer"] == "confirmed":
                service.answer(self.cast.user(m["email"]), ref, "confirm")
        self._sections(service, application, row)
        for doc in row["documents"]:
            content = demo_pdf(row["title"], f"{ref} - {doc['kind']}", doc["file_name"])
            service.upload(lead, ref, doc["kind"], Upload(doc["file_name"], content))
        if row["status"] != "draft":
            service.submit(lead, ref)
        self.told[row["key"]] = application
        self.cast.bump("applications")

    def _sections(self, service: ApplicationService, application: Application, row: Row) -> None:
        """Each country's side, written by the confirmed partner of that country (the lead
        writes their own, and any other whose partner has not confirmed yet)."""
        lead = self.cast.user(row["lead"])
        partners = {m["country"]: m["email"] for m in row["members"] if m["answer"] == "confirmed"}
        lead_country = next(m.country for m in application.members if m.user_id == lead.id)
        for s in row["sections"]:
            email = partners.get(s["country"]) if s["country"] != lead_country else None
            writer = self.cast.user(email) if email else lead
            data = SectionInput.model_validate({k: s[k] for k in ("body", "language")})
            service.update_section(writer, application.reference, s["country"], data)

    # -- eligibility, review and the joint decision ------------------------------------------
    def review(self, story: Story, call: Call, rows: list[Row]) -> None:
        """After the call's deadline, today: eligibility, reviewers and their reviews, the
        agencies' positions and the joint decision, as far as each application's story
        goes."""
        service = ApplicationService(self.session, self.settings, now=utcnow)
        reviewed = [r for r in rows if r["status"] in REVIEWED]
        for row in reviewed:
            ref = self.told[row["key"]].reference
            for action in ("check_eligibility", "pass_eligibility"):
                service.act(story.coordinator, ref, action)
        for row in reviewed:
            self._reviews(story, call, row)
        for row in reviewed:
            self._decision(story, row)

    def _reviews(self, story: Story, call: Call, row: Row) -> None:
        application = self.told[row["key"]]
        for r in row["reviews"]:
            expert = self.cast.experts[r["expert"]]
            assign = AssignInput(application_id=application.id, expert_id=expert.id)
            review = self.reviews.assign(story.coordinator, call.reference, assign)
            self.cast.bump("reviews")
            if r["status"] != "submitted":
                continue
            data = ReviewInput.model_validate(
                {k: r[k] for k in ("scores", "recommendation", "comment")}
            )
            self.reviews.submit(self.cast.user(expert.email or ""), review.id, data)

    def _decision(self, story: Story, row: Row) -> None:
        ref = self.told[row["key"]].reference
        for p in row.get("positions", []):
            position = PositionInput.model_validate(
                {k: p[k] for k in ("position", "amount", "currency", "note") if k in p}
            )
            self.decisions.record_position(story.officers[p["agency"]], ref, position)
        if "decision" in row:
            decision = DecisionInput.model_validate(row["decision"])
            self.decisions.decide(story.coordinator, ref, decision)
