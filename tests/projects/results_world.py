"""A project for the result register's tests, built directly (no proposal): the world's
organization and expert as the two leads, a second organization as a plain partner with its
member, and a local HTTP server replaying OpenAlex's recorded answer for one DOI."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import unquote

import pytest
from sqlalchemy.orm import Session

from tests.builders import add_member, make_org, make_user
from tests.samples import SAMPLES
from tests.world import World
from vstid.accounts.models import Role, User
from vstid.core.settings import Settings
from vstid.projects.models import PartnerRole, PartnerSide, Project, ProjectPartner

# The OpenAlex Work recorded in a public repository's fixtures (see samples/README.md).
RECORDED_WORK = SAMPLES / "openalex" / "b-vitamins+openalex-python" / "W2741809807.json"
KNOWN_DOI = "10.7717/peerj.4375"
UNKNOWN_DOI = "10.9999/not-a-known-work"


@dataclass
class ResultsWorld:
    w: World
    project: Project
    org_partner: ProjectPartner  # lead, Vietnam side (the world's organization)
    expert_partner: ProjectPartner  # lead, abroad (the world's expert)
    member_partner: ProjectPartner  # a plain partner
    member: User  # acts for member_partner only

    @property
    def base(self) -> str:
        return f"/projects/{self.project.id}"


def make_project(session: Session, w: World, **kw: Any) -> ResultsWorld:
    member_org = make_org(session, w.hub, name="Tohoku Lab", country="JP")
    member = make_user(session, Role.requester, hub=w.hub, display_name="Member Minh")
    add_member(session, member, member_org)
    project = Project(
        hub_id=w.hub.id,
        origin="direct",
        title=kw.pop("title", "Advanced packaging for chiplets"),
        language="en",
        translations={},
        fields=["semiconductors"],
        status=kw.pop("status", "active"),
        confidential=kw.pop("confidential", False),
        start_date=date(2026, 1, 1),
        duration_months=60,
        end_date=date(2030, 12, 31),
        **kw,
    )
    org_p = ProjectPartner(
        name="VKIST", side=PartnerSide.vietnam.value, role=PartnerRole.lead.value,
        country="VN", organization_id=w.org.id, position=0,
    )  # fmt: skip
    expert_p = ProjectPartner(
        name="Expert Em (Tohoku University)", side=PartnerSide.abroad.value,
        role=PartnerRole.lead.value, country="JP", expert_id=w.expert.id, position=1,
    )  # fmt: skip
    member_p = ProjectPartner(
        name="Tohoku Lab", side=PartnerSide.abroad.value, role=PartnerRole.partner.value,
        country="JP", organization_id=member_org.id, position=2,
    )  # fmt: skip
    project.partners = [org_p, expert_p, member_p]
    session.add(project)
    session.commit()
    return ResultsWorld(w, project, org_p, expert_p, member_p, member)


@pytest.fixture
def rw(session: Session, world: World) -> ResultsWorld:
    return make_project(session, world)


class _Replay(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        path = unquote(self.path)
        if path == f"/works/doi:{KNOWN_DOI}":
            body, code = RECORDED_WORK.read_bytes(), 200
        else:
            body, code = json.dumps({"error": "NotFound", "message": "not found"}).encode(), 404
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        return None


@pytest.fixture
def openalex(settings: Settings) -> Iterator[str]:
    """A local server answering as OpenAlex does, from a recorded payload; the settings the
    app uses point at it, so no test ever reaches the internet."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Replay)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    settings.openalex_api_url = url
    try:
        yield url
    finally:
        server.shutdown()
        server.server_close()


def result_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "kind": "patent",
        "title": "Hybrid bonding with low-temperature copper pads",
        "language": "en",
        "result_date": "2027-03-01",
        "description": "A bonding process below 200 °C.",
        "evidence_url": "https://example.org/disclosure/42",
    }
    body.update(overrides)
    return body
