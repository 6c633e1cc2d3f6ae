"""A project to fund, for the funding tests: the requester's organization leads it (its
members are "lead"), a partner organization's member is only a "member", and JST (a Japanese
funder) is a partner too. Rates are recorded straight into the table."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from tests.builders import add_member, make_org, make_user
from tests.world import World
from vstid.accounts.models import Role, User
from vstid.projects.models import PartnerRole, Project, ProjectPartner
from vstid.rates.models import ExchangeRate


@dataclass
class Funded:
    project: Project
    member: User  # acts for a partner that is not a lead: reads, never writes
    jst: ProjectPartner


def make_project(session: Session, w: World, status: str = "draft") -> Funded:
    partner_org = make_org(session, w.hub, name="Đối tác", country="VN")
    member = make_user(session, Role.requester, hub=w.hub, display_name="Member Minh")
    add_member(session, member, partner_org)
    jst_org = make_org(session, w.hub, name="JST", country="JP")
    project = Project(
        hub_id=w.hub.id, title="Advanced packaging", status=status, origin="direct",
        start_date=date(2026, 4, 1), duration_months=60, end_date=date(2031, 3, 31),
    )  # fmt: skip
    jst = ProjectPartner(
        name="JST", side="abroad", country="JP", role=PartnerRole.funder.value,
        organization_id=jst_org.id, position=2,
    )  # fmt: skip
    project.partners = [
        ProjectPartner(name=w.org.name, side="vietnam", country="VN",
                       role=PartnerRole.lead.value, organization_id=w.org.id, position=0),
        ProjectPartner(name="Đối tác", side="vietnam", country="VN",
                       role=PartnerRole.partner.value, organization_id=partner_org.id,
                       position=1),
        jst,
    ]  # fmt: skip
    session.add(project)
    session.commit()
    return Funded(project, member, jst)


def add_rate(
    session: Session, currency: str, quote: str, rate: str,
    valid_from: date = date(2026, 1, 1), valid_to: date = date(2026, 12, 31),
    source: str = "State Bank of Vietnam central rate",
) -> ExchangeRate:  # fmt: skip
    row = ExchangeRate(
        currency=currency, quote=quote, rate=Decimal(rate), valid_from=valid_from,
        valid_to=valid_to, source=source,
    )  # fmt: skip
    session.add(row)
    session.commit()
    return row
