"""What an award opens: for a joint research or seminar call, the joint project (through the
projects capability: the project with its consortium, a funding line per agency's amount, the
call's reporting rule); for a mobility call, the planned stay of the lead applicant."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from sqlalchemy.orm import Session

from vstid.accounts.models import User
from vstid.core.errors import Conflict
from vstid.core.i18n import N_
from vstid.core.settings import Settings
from vstid.programs.applications.models import (
    Application,
    ApplicationMember,
    MemberRole,
    MemberStatus,
)
from vstid.programs.calls.models import Call
from vstid.programs.decisions.repository import DecisionRepository
from vstid.programs.mobility.service import MobilityService
from vstid.programs.models import Program, ProgramAgency
from vstid.programs.reviews.models import AgencyPosition
from vstid.projects.funding.schemas import FundingLineInput
from vstid.projects.funding.service import FundingService
from vstid.projects.models import PartnerRole
from vstid.projects.reports.models import Frequency
from vstid.projects.reports.schemas import ReportRuleInput
from vstid.projects.reports.service import ReportService
from vstid.projects.schemas import AwardPartner, ProjectAward
from vstid.projects.service import ProjectService
from vstid.rates.models import Currency

__all__ = ["AwardOpener", "frequency_for", "next_month"]


def next_month(today: date) -> date:
    """The first day of next month: an award without a start date starts then."""
    return (today.replace(day=1) + timedelta(days=32)).replace(day=1)


def frequency_for(months: int) -> Frequency:
    """The call's "report every N months" as the projects' report frequency."""
    if months <= 4:
        return Frequency.quarterly
    if months <= 9:
        return Frequency.half_yearly
    return Frequency.yearly


def _member_partner(member: ApplicationMember, role: PartnerRole) -> AwardPartner:
    name = f"{member.name} ({member.institution})" if member.institution else member.name
    return AwardPartner(
        name=name, country=member.country, role=role,
        organization_id=member.organization_id, expert_id=member.expert_id,
        contact_name=member.name, contact_email=member.email,
    )  # fmt: skip


class AwardOpener:
    def __init__(self, session: Session, settings: Settings, repo: DecisionRepository) -> None:
        self.session, self.settings, self.repo = session, settings, repo

    @staticmethod
    def _confirmed(application: Application) -> list[ApplicationMember]:
        return [
            m
            for m in application.members
            if m.role == MemberRole.lead.value or m.status == MemberStatus.confirmed.value
        ]

    def _leads(self, application: Application) -> tuple[ApplicationMember, ApplicationMember]:
        """The Vietnamese side's lead and the abroad co-lead, from the lead applicant and the
        co-lead (whichever is in Vietnam leads the Vietnamese side)."""
        leads = [
            m
            for m in self._confirmed(application)
            if m.role in (MemberRole.lead.value, MemberRole.co_lead.value)
        ]
        vietnam = next((m for m in leads if m.country == "VN"), None)
        abroad = next((m for m in leads if m.country != "VN"), None)
        if vietnam is None or abroad is None:
            raise Conflict(
                N_("an award opens a joint project: the application needs a confirmed lead in "
                   "Vietnam and one abroad"),
            )  # fmt: skip
        return vietnam, abroad

    def check_project(self, application: Application) -> None:
        """Refuses (409) an award that could not open its project, before anything is written."""
        self._leads(application)

    def open_project(
        self, actor: User, program: Program, call: Call, application: Application,
        agencies: list[ProgramAgency], names: dict[uuid.UUID, str],
        positions: dict[uuid.UUID, AgencyPosition],
    ) -> uuid.UUID:  # fmt: skip
        vietnam, abroad = self._leads(application)
        partners = [_member_partner(vietnam, PartnerRole.lead),
                    _member_partner(abroad, PartnerRole.lead)]  # fmt: skip
        partners += [
            _member_partner(m, PartnerRole.partner)
            for m in self._confirmed(application)
            if m.id not in (vietnam.id, abroad.id)
        ]
        partners += [
            AwardPartner(name=names.get(a.id, a.country), country=a.country,
                         role=PartnerRole.funder, organization_id=a.organization_id)
            for a in agencies
        ]  # fmt: skip
        start = application.start_date or next_month(date.today())
        duration = application.duration_months or call.max_duration_months or 12
        project = ProjectService(self.session, self.settings).open_from_award(
            actor,
            ProjectAward(
                hub_id=program.hub_id, title=application.title, summary=application.summary,
                language=application.language, translations=dict(application.translations or {}),
                fields=list(application.fields or []), start_date=start,
                duration_months=duration, partners=partners,
            ),
        )  # fmt: skip
        funders = {p.organization_id: p.id for p in project.partners if p.role == "funder"}
        funding = FundingService(self.session, self.settings)
        for agency in agencies:
            position = positions[agency.id]
            if position.amount is None or position.currency is None:
                continue
            funding.add_line(
                actor, project.id,
                FundingLineInput(
                    partner_id=funders.get(agency.organization_id),
                    reference=application.reference, amount=position.amount,
                    currency=Currency(position.currency),
                ),
            )  # fmt: skip
        ReportService(self.session, self.settings).set_rule(
            actor, project.id, ReportRuleInput(frequency=frequency_for(call.report_every_months))
        )
        return project.id

    def plan_mobility(self, actor: User, call: Call, application: Application) -> uuid.UUID:
        """The lead applicant's stay, planned by the mobility part from the application."""
        record = MobilityService(self.session, self.settings).plan_from_award(actor, application)
        if record is None:  # not a mobility call: the caller only asks for one
            raise Conflict(N_("only an application to a mobility call plans a stay"))
        return record.id
