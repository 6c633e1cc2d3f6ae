"""Defect 9: a form said one error per submit. Every form checks everything it was sent and
names every field to fix in one answer: the fields, the checks across fields, the numbers and
the attached files."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.builders import make_hub, make_user
from tests.web.helpers import csrf_from, login, post_form, start_profile
from tests.world import World, open_order
from vstid.accounts.models import Role
from vstid.proposals.models import Proposal


def _errors(html: str) -> set[str]:
    return set(re.findall(r'id="([a-z_]+)-error" role="alert"', html))


def test_accept_form_names_three_wrong_fields_in_one_answer(
    client: TestClient, world: World, session: Session
) -> None:
    order = open_order(session, world)
    proposal = Proposal(
        order_id=order.id, expert_id=world.expert.id, approach="x" * 30, status="finalist"
    )
    session.add(proposal)
    session.commit()
    login(client, world.requester.email)
    response = post_form(client, f"/proposals/{proposal.id}/accept", {
        "title": "Dự án thử", "milestone_title_0": "Báo cáo", "milestone_due_date_0": "2031-01-01",
        "start_date": "2031-06-01", "end_date": "2031-01-01",  # ends before it starts
        "requester_share_percent": "60", "expert_share_percent": "60",  # 120% owned
        "funding_source_0": "Quỹ A", "funding_amount_0": "100", "funding_share_percent_0": "70",
        "funding_source_1": "Quỹ B", "funding_amount_1": "100", "funding_share_percent_1": "40",
    })  # fmt: skip
    assert response.status_code == 422
    assert _errors(response.text) == {"end_date", "partners", "funding"}


def test_accept_form_names_a_missing_milestone_and_a_cross_field_error_together(
    client: TestClient, world: World, session: Session
) -> None:
    order = open_order(session, world)
    proposal = Proposal(
        order_id=order.id, expert_id=world.expert.id, approach="x" * 30, status="finalist"
    )
    session.add(proposal)
    session.commit()
    login(client, world.requester.email)
    response = post_form(client, f"/proposals/{proposal.id}/accept", {
        "title": "Dự án thử", "start_date": "2031-06-01", "end_date": "2031-01-01",
    })  # fmt: skip
    assert _errors(response.text) == {"milestones", "end_date"}


def test_profile_form_names_every_wrong_field(client: TestClient, session: Session) -> None:
    make_hub(session, is_pilot=True)
    user = make_user(session, Role.expert, display_name="Đặng Thu Hà")
    session.commit()
    login(client, user.email)
    start_profile(client)
    token = csrf_from(client, "/profile")
    response = client.post("/profile", data={
        "csrf_token": token, "display_name": "Đặng Thu Hà", "residence_country": "Japan",
        "orcid": "not-an-orcid", "capacity": "many",
    })  # fmt: skip
    assert response.status_code == 422
    assert _errors(response.text) == {"residence_country", "orcid", "capacity"}


def test_order_form_names_a_refused_file_with_the_wrong_fields(
    client: TestClient, world: World
) -> None:
    login(client, world.requester.email)
    files = [("attachments", ("virus.pdf", b"MZ\x90\x00 not a pdf", "application/pdf"))]
    form = {"title": "abc", "description": "short", "language": "vi", "currency": "VND",
            "engagement_type": "consulting", "confidentiality": "public"}  # fmt: skip
    response = post_form(client, "/orders/new", form, files)
    assert response.status_code == 422
    assert _errors(response.text) >= {"title", "description", "attachments"}


def test_publication_form_names_every_wrong_field(client: TestClient, session: Session) -> None:
    make_hub(session, is_pilot=True)
    user = make_user(session, Role.expert, display_name="Đặng Thu Hà")
    session.commit()
    login(client, user.email)
    start_profile(client)
    token = csrf_from(client, "/profile")
    page = client.post("/profile/publications", data={
        "csrf_token": token, "title": "x", "year": "20x4", "doi": "abc",
    })  # fmt: skip
    flash = page.text.split('class="flash error"', 1)[1].split("</div>", 1)[0]
    for message in ("Tiêu đề phải có ít nhất 2 ký tự.", "Năm phải là một số.",
                    "DOI: không phải DOI"):  # fmt: skip
        assert message in flash, flash
