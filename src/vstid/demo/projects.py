"""The demo's joint research projects (data/projects.json) and the exchange rates their totals
need (data/rates.json), created THROUGH the projects' services, acting as the demo people: the
hub's coordinator for what staff do, the person acting for a partner for what the consortium
does. Every rule is checked, and every audit entry and notification is the real one.

Idempotent: a rate already recorded is not recorded again, and a project already there (same
hub, same title) is left alone, whole. Never commits; the caller's transaction does."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from vstid.accounts.models import User
from vstid.accounts.repository import UserRepository
from vstid.core.settings import Settings
from vstid.hubs.models import Hub
from vstid.organizations.models import Organization
from vstid.projects.funding.schemas import FundingLineInput
from vstid.projects.funding.service import FundingService
from vstid.projects.models import PartnerRole, Project, ProjectPartner
from vstid.projects.plan.schemas import PlanItemInput, WorkPackageInput
from vstid.projects.plan.service import PlanService
from vstid.projects.reports.schemas import NarrativeInput, ReportRuleInput
from vstid.projects.reports.service import ReportService
from vstid.projects.repository import ProjectRepository
from vstid.projects.results.models import SignatureStatus
from vstid.projects.results.schemas import (
    AgreementInput,
    BackgroundIPInput,
    FileInput,
    ResultInput,
    SignatureInput,
)
from vstid.projects.results.service import ResultService
from vstid.projects.risks.schemas import AssessmentInput, RiskInput
from vstid.projects.risks.service import RiskService
from vstid.projects.schemas import EndDateInput, PartnerAdd, ProjectCreate
from vstid.projects.service import ProjectService
from vstid.rates.schemas import RateInput
from vstid.rates.service import RateService

__all__ = ["RATE_KEEPER", "DemoProjects"]

Row = dict[str, Any]

# Who records the demo's exchange rates (a coordinator: rates are the same for every hub).
RATE_KEEPER = "coordinator.tokyo@example.jp"

# The transitions that bring a plan item from pending to the state the story tells, and who
# takes each: the consortium ("person": the one acting for the work package's lead) or staff.
PLAN_STEPS: dict[str, tuple[str, ...]] = {
    "pending": (),
    "draft": ("draft",),
    "submitted": ("draft", "submit"),
    "accepted": ("draft", "submit", "accept"),
    "revision_requested": ("draft", "submit", "request_revision"),
    "reached": ("reach",),
}
STAFF_STEPS = frozenset({"accept", "request_revision"})


@dataclass
class Story:
    """One project being told: who acts, and the ids later parts refer to."""

    row: Row
    project: Project
    coordinator: User
    people: dict[str, User]  # partner organization slug -> the demo person acting for it
    partners: dict[str, ProjectPartner] = field(default_factory=dict)  # by organization slug
    items: list[tuple[Row, uuid.UUID, str]] = field(default_factory=list)  # item, id, WP lead
    agreements: list[uuid.UUID] = field(default_factory=list)
    risks: list[uuid.UUID] = field(default_factory=list)

    @property
    def id(self) -> uuid.UUID:
        return self.project.id

    def person(self, slug: str | None) -> User:
        """The person acting for a partner; the coordinator records for those without one."""
        return self.people.get(slug or "", self.coordinator)

    def partner(self, slug: str) -> uuid.UUID:
        return self.partners[slug].id

    @property
    def vietnam_lead(self) -> str:
        return next(
            p["organization"]
            for p in self.row["partners"]
            if p["role"] == PartnerRole.lead.value
            and self.partners[p["organization"]].side == "vietnam"
        )


class DemoProjects:
    def __init__(
        self,
        session: Session,
        settings: Settings,
        hubs: dict[str, Hub],
        orgs: dict[str, Organization],
        bump: Callable[[str], None],
    ) -> None:
        self.session = session
        self.hubs, self.orgs, self.bump = hubs, orgs, bump
        self.users = UserRepository(session)
        self.core = ProjectService(session, settings)
        self.plan = PlanService(session, settings)
        self.funding = FundingService(session, settings)
        self.results = ResultService(session, settings)
        self.risks = RiskService(session, settings)
        self.reports = ReportService(session, settings)

    def load(self, rates: list[Row], projects: list[Row]) -> None:
        self._rates(rates)
        for row in projects:
            if self._exists(row):
                continue
            self._tell(row)
            self.bump("projects")

    def _user(self, email: str) -> User:
        user = self.users.by_email(email)
        if user is None:
            raise LookupError(f"demo user {email} is missing from users.json")
        return user

    def _rates(self, rows: list[Row]) -> None:
        service, keeper = RateService(self.session), self._user(RATE_KEEPER)
        for row in rows:
            _rate, created = service.add(keeper, RateInput.model_validate(row))
            if created:
                self.bump("exchange_rates")

    def _exists(self, row: Row) -> bool:
        repo = ProjectRepository(self.session)
        return repo.get_by(hub_id=self.hubs[row["hub"]].id, title=row["title"]) is not None

    def _tell(self, row: Row) -> None:
        """The project's life so far, in the order it happened."""
        story = self._create(row)
        self._partners(story, late=False)
        self._work_plan(story)
        self.core.submit_agreement(story.person(story.vietnam_lead), story.id)
        self._agreements(story)
        self._signatures(story)
        self.core.activate(story.coordinator, story.id)
        self._partners(story, late=True)
        self._signatures(story)
        self._funding(story)
        self._progress(story)
        self._results(story)
        self._background_ip(story)
        self._risks(story)
        self._reports(story)
        self._amendments(story)

    # -- the project and its consortium ----------------------------------------------------
    def _partner_add(self, p: Row) -> PartnerAdd:
        return PartnerAdd.model_validate(
            {
                "organization_id": self.orgs[p["organization"]].id,
                "role": p["role"],
                "contact_name": p.get("contact_name"),
                "contact_email": p.get("contact_email"),
                "joined_on": p.get("joined_on"),
                "reason": p.get("reason", ""),
            }
        )

    def _create(self, row: Row) -> Story:
        """A coordinator records the project (the direct door) with its two lead partners."""
        leads = [p for p in row["partners"] if p["role"] == PartnerRole.lead.value]
        side = {p["organization"]: self.orgs[p["organization"]].country == "VN" for p in leads}
        data = ProjectCreate.model_validate(
            {
                **{k: row[k] for k in ("title", "summary", "language", "translations", "fields")},
                "hub_id": self.hubs[row["hub"]].id,
                "start_date": row["start"],
                "duration_months": row["duration_months"],
                "confidential": row["confidential"],
                "vietnam_lead": next(
                    self._partner_add(p) for p in leads if side[p["organization"]]
                ),
                "abroad_lead": next(
                    self._partner_add(p) for p in leads if not side[p["organization"]]
                ),
            }
        )
        coordinator = self._user(row["coordinator"])
        project = self.core.create(coordinator, data)
        people = {slug: self._user(email) for slug, email in row["people"].items()}
        story = Story(row, project, coordinator, people)
        self._remember_partners(story)
        return story

    def _remember_partners(self, story: Story) -> None:
        slugs = {org.id: slug for slug, org in self.orgs.items()}
        for partner in story.project.partners:
            if partner.organization_id in slugs:
                story.partners[slugs[partner.organization_id]] = partner

    def _partners(self, story: Story, late: bool) -> None:
        """Partners in the draft (no reason); those with a reason joined later, each an
        amendment of the running project."""
        for p in story.row["partners"]:
            if p["role"] == PartnerRole.lead.value or bool(p.get("reason")) != late:
                continue
            self.core.add_partner(story.coordinator, story.id, self._partner_add(p))
        self._remember_partners(story)

    # -- the plan --------------------------------------------------------------------------
    def _work_plan(self, story: Story) -> None:
        """Work packages and their items, written by the coordinator from the proposal."""
        for wp in story.row["plan"]:
            package = self.plan.add_work_package(
                story.coordinator,
                story.id,
                WorkPackageInput.model_validate(
                    {
                        **{k: wp[k] for k in ("code", "title", "start_month", "end_month")},
                        "lead_partner_id": story.partner(wp["lead"]),
                    }
                ),
            )
            for item in wp["items"]:
                data = {k: item[k] for k in ("kind", "code", "title", "due_month")}
                view = self.plan.add_item(
                    story.coordinator,
                    story.id,
                    PlanItemInput.model_validate({**data, "work_package_id": package.id}),
                )
                story.items.append((item, view.item.id, wp["lead"]))

    def _progress(self, story: Story) -> None:
        """Each item moved to its state: drafted and submitted by the work package's lead,
        accepted or sent back by the coordinator, milestones reached by the lead."""
        for item, item_id, lead in story.items:
            for action in PLAN_STEPS[item["status"]]:
                actor = story.coordinator if action in STAFF_STEPS else story.person(lead)
                comment = item.get("comment", "") if action == "request_revision" else ""
                self.plan.act(actor, story.id, item_id, action, comment)

    # -- agreements and signatures ---------------------------------------------------------
    def _agreements(self, story: Story) -> None:
        for a in story.row["agreements"]:
            data = AgreementInput.model_validate(
                {k: a[k] for k in ("kind", "title", "version", "dated")}
            )
            view = self.results.add_agreement(story.coordinator, story.id, data)
            story.agreements.append(view.agreement.id)

    def _signatures(self, story: Story) -> None:
        """Each party that signed and is in the consortium by now, recorded by the person
        acting for it (the coordinator for parties without a demo person)."""
        for agreement_id, a in zip(story.agreements, story.row["agreements"], strict=True):
            view = self.results.agreement(story.coordinator, story.id, agreement_id)
            status = {party.partner.id: party.status for party in view.parties}
            for s in a["signed"]:
                partner = story.partners.get(s["partner"])
                if partner is None or status.get(partner.id) != SignatureStatus.pending.value:
                    continue
                self.results.record_signature(
                    story.person(s["partner"]),
                    story.id,
                    agreement_id,
                    partner.id,
                    SignatureInput(status=SignatureStatus.signed, signed_on=s["signed_on"]),
                )

    # -- money -----------------------------------------------------------------------------
    def _funding(self, story: Story) -> None:
        """One line per funder with its fiscal periods (the funder's fiscal year follows its
        country: April–March for the Japanese ones)."""
        for f in story.row["funding"]:
            data = FundingLineInput.model_validate(
                {
                    **{k: f[k] for k in ("reference", "amount", "currency", "kind", "periods")},
                    "partner_id": story.partner(f["funder"]),
                }
            )
            self.funding.add_line(story.coordinator, story.id, data)

    # -- results, IP -----------------------------------------------------------------------
    def _results(self, story: Story) -> None:
        """Recorded by the person acting for the first owner; a patent filed by its lead."""
        for r in story.row["results"]:
            owners = [
                {"partner_id": story.partner(o["partner"]), "share_percent": o["share"]}
                for o in r["owners"]
            ]
            ip, trained = r.get("ip") or {}, r.get("trained") or {}
            data = ResultInput.model_validate(
                {
                    **{k: r[k] for k in ("kind", "title", "language", "public") if k in r},
                    **{k: r[k] for k in ("description", "evidence_url", "venue") if k in r},
                    **trained,
                    "result_date": r["date"],
                    "owners": owners,
                    "ip_protected": bool(ip),
                }
            )
            result = self.results.add(story.person(r["owners"][0]["partner"]), story.id, data)
            if ip.get("status") == "filed":
                filing = FileInput.model_validate(
                    {
                        "ip_office": ip["office"],
                        "application_number": ip["number"],
                        "filed_on": ip["filed_on"],
                    }
                )
                who = story.person(ip.get("by") or r["owners"][0]["partner"])
                self.results.file_ip(who, story.id, result.id, filing)

    def _background_ip(self, story: Story) -> None:
        for b in story.row["background_ip"]:
            data = BackgroundIPInput.model_validate(
                {
                    **{k: b[k] for k in ("title", "description", "restrictions", "declared_on")},
                    "partner_id": story.partner(b["partner"]),
                }
            )
            self.results.declare_background(story.person(b["partner"]), story.id, data)

    def _risks(self, story: Story) -> None:
        for r in story.row["risks"]:
            data = RiskInput.model_validate(
                {
                    **{k: r[k] for k in ("description", "likelihood", "impact", "mitigation")},
                    "owner_partner_id": story.partner(r["owner"]),
                    "raised_on": r["raised_on"],
                }
            )
            story.risks.append(
                self.risks.raise_risk(story.person(r["owner"]), story.id, data).risk.id
            )

    # -- reports ---------------------------------------------------------------------------
    def _reports(self, story: Story) -> None:
        """The coordinator sets the funder's rule (the calendar follows); the consortium
        writes, assesses its risks and submits each decided report; the coordinator accepts
        it or returns it with a comment."""
        spec = story.row["reports"]
        rule = self.reports.set_rule(
            story.coordinator,
            story.id,
            ReportRuleInput.model_validate(
                {
                    "frequency": spec["frequency"],
                    "anchor": spec["anchor"],
                    "funder_partner_id": story.partner(spec["funder"]),
                }
            ),
        )
        writer = story.person(spec["by"])
        reports = [
            r for r in self.reports.calendar(writer, story.id).reports if r.rule_id == rule.id
        ]
        for report, decision in zip(reports, spec["decisions"], strict=False):
            narrative = NarrativeInput.model_validate(
                {"narratives": decision["narratives"], "source_language": story.row["language"]}
            )
            self.reports.write(writer, story.id, report.id, narrative)
            for a in decision.get("risks", []):
                assessment = AssessmentInput.model_validate(
                    {"report_id": report.id, "state": a["state"], "note": a["note"]}
                )
                self.risks.assess(writer, story.id, story.risks[a["risk"]], assessment)
            self.reports.submit(writer, story.id, report.id)
            comment = decision.get("comment", "")
            if decision["status"] == "returned":
                self.reports.return_report(story.coordinator, story.id, report.id, comment)
            else:
                self.reports.accept(story.coordinator, story.id, report.id, comment)

    # -- amendments ------------------------------------------------------------------------
    def _amendments(self, story: Story) -> None:
        """A new end date, by the coordinator with the reason; the report calendar follows."""
        for a in story.row.get("amendments", []):
            data = EndDateInput.model_validate({"end_date": a["end_date"], "reason": a["reason"]})
            self.core.amend_end_date(story.coordinator, story.id, data)
            self.reports.generate(story.coordinator, story.id)
