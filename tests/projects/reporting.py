"""A project to report on: the world's organization and expert lead it, a second
organization is a plain partner (its member is "member" only), a funder partner, the hub's
coordinator is staff; the outsider and the other hub's coordinator are outside (404)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from tests.builders import add_member, make_org, make_user
from tests.world import World
from vstid.accounts.models import Role, User
from vstid.projects.models import PartnerRole, PartnerSide, Project, ProjectPartner

START = date(2026, 4, 1)
END = date(2028, 3, 31)


@dataclass
class Reporting:
    w: World
    project: Project
    member: User  # acting for a plain partner: may write and submit, never accept
    funder: ProjectPartner

    @property
    def base(self) -> str:
        return f"/projects/{self.project.id}"


def make_project(session: Session, w: World, **kw: Any) -> Reporting:
    partner_org = make_org(session, w.hub)
    member = make_user(session, Role.requester, hub=w.hub, display_name="Thành viên Mai")
    add_member(session, member, partner_org)
    project = Project(
        hub_id=w.hub.id,
        origin="direct",
        title=kw.pop("title", "Đóng gói bán dẫn tiên tiến Việt–Nhật"),
        language="vi",
        translations={},
        fields=["semiconductors"],
        status="active",
        start_date=kw.pop("start_date", START),
        end_date=kw.pop("end_date", END),
        duration_months=24,
        **kw,
    )
    funder = ProjectPartner(name="JST", side=PartnerSide.abroad.value, country="JP",
                            role=PartnerRole.funder.value, position=3)  # fmt: skip
    project.partners = [
        ProjectPartner(name=w.org.name, side=PartnerSide.vietnam.value, country="VN",
                       role=PartnerRole.lead.value, organization_id=w.org.id, position=0),
        ProjectPartner(name=w.expert.display_name, side=PartnerSide.abroad.value, country="JP",
                       role=PartnerRole.lead.value, expert_id=w.expert.id, position=1),
        ProjectPartner(name=partner_org.name, side=PartnerSide.vietnam.value, country="VN",
                       role=PartnerRole.partner.value, organization_id=partner_org.id,
                       position=2),
        funder,
    ]  # fmt: skip
    session.add(project)
    session.commit()
    return Reporting(w=w, project=project, member=member, funder=funder)
