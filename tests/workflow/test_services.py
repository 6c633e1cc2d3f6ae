"""Attachments, ranked experts and the feed, milestones, e-mail delivery and reminders."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.workflow.conftest import Api, World, open_order, project_body, proposal_body
from vstid.audit.models import AuditEntry
from vstid.core.models import utcnow
from vstid.core.settings import Settings
from vstid.invitations.models import Invitation, InvitationStatus
from vstid.matching.models import MatchSnapshot
from vstid.notifications import mailer
from vstid.notifications.models import EmailOutbox, EmailStatus, Notification
from vstid.notifications.service import Notifier
from vstid.reminders.service import Reminders


def _upload(api: Api, user: Any, slug: str, name: str, content: bytes) -> Any:
    return api.client.post(
        f"/api/v1/orders/{slug}/attachments",
        files={"file": (name, content, "application/octet-stream")},
        headers=api.headers(user),
    )


def _xlsx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
    return buf.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "ok"),
    [
        ("brief.pdf", b"%PDF-1.7\n...", True),
        ("plan.xlsx", _xlsx(), True),
        ("photo.png", b"\x89PNG\r\n\x1a\n0000", True),
        ("photo.jpg", b"\xff\xd8\xff\xe0JFIF", True),
        ("notes.txt", "Ghi chú tiếng Việt".encode(), True),
        ("fake.pdf", b"MZ\x90\x00", False),
        ("plan.docx", _xlsx(), False),  # a spreadsheet renamed to .docx
        ("run.exe", b"MZ\x90\x00", False),
        ("binary.txt", b"\x00\x01\x02", False),
    ],
)
def test_attachments_are_checked_by_extension_and_content(
    api: Api, world: World, session: Session, name: str, content: bytes, ok: bool
) -> None:
    order = open_order(session, world, status="draft")
    response = _upload(api, world.requester, order.slug, name, content)
    assert response.status_code == (201 if ok else 422), response.text
    if not ok:
        assert response.json()["field"] == "attachments"


def test_oversize_attachment_is_refused(
    api: Api, world: World, session: Session, settings: Settings
) -> None:
    order = open_order(session, world, status="draft")
    big = b"a" * (settings.max_upload_bytes + 1)
    response = _upload(api, world.requester, order.slug, "big.txt", big)
    assert response.status_code == 422 and "larger than" in response.json()["message"]


def test_attachments_of_invisible_orders_are_404(api: Api, world: World, session: Session) -> None:
    order = open_order(session, world, confidentiality="invite_only")
    assert _upload(api, world.requester, order.slug, "a.txt", b"hello").status_code == 201
    assert api.get(world.expert_user, f"/orders/{order.slug}/attachments").status_code == 404
    assert _upload(api, world.expert_user, order.slug, "a.txt", b"x").status_code == 404


def _snapshot(session: Session, order_id: Any, w: World) -> None:
    results = [
        {
            "expert_id": str(w.expert.id),
            "score": 0.8,
            "rank": 1,
            "parts": {},
            "evidence": [
                {
                    "kind": "profile",
                    "text": "Edge AI",
                    "language": "en",
                    "dense": 0.5,
                    "lexical": 0.4,
                    "terms": ["edge"],
                }
            ],
        },
        {"expert_id": str(w.other_expert.id), "score": 0.5, "rank": 2, "parts": {}, "evidence": []},
    ]
    session.add(MatchSnapshot(order_id=order_id, model_version="test", results=results))
    session.commit()


def test_ranked_experts_need_the_requester_side(api: Api, world: World, session: Session) -> None:
    order = open_order(session, world)
    assert api.get(world.requester, f"/orders/{order.slug}/matches").json() == {
        "ready": False,
        "model_version": None,
        "matches": [],
    }
    _snapshot(session, order.id, world)
    body = api.get(world.coordinator, f"/orders/{order.slug}/matches").json()
    assert [m["expert_id"] for m in body["matches"]] == [
        str(world.expert.id),
        str(world.other_expert.id),
    ]
    assert body["matches"][0]["evidence"][0]["text"] == "Edge AI"
    assert api.get(world.expert_user, f"/orders/{order.slug}/matches").status_code == 403


def test_feed_ranks_visible_open_orders_only(api: Api, world: World, session: Session) -> None:
    public = open_order(session, world)
    secret = open_order(session, world, confidentiality="invite_only")
    draft = open_order(session, world, status="submitted")
    for order in (public, secret, draft):
        _snapshot(session, order.id, world)
    feed = api.get(world.expert_user, "/feed").json()
    assert [item["order"]["slug"] for item in feed] == [public.slug]
    session.add(
        Invitation(
            order_id=secret.id, expert_id=world.expert.id, status=InvitationStatus.invited.value
        )
    )
    session.commit()
    assert {item["order"]["slug"] for item in api.get(world.expert_user, "/feed").json()} == {
        public.slug,
        secret.slug,
    }
    assert api.get(world.requester, "/feed").status_code == 403  # the feed is for experts


def test_milestones_are_completed_once_by_the_requester_side(
    api: Api, world: World, session: Session
) -> None:
    order = open_order(session, world)
    proposal = api.post(
        world.expert_user, f"/orders/{order.slug}/proposals", proposal_body()
    ).json()
    for stage in ("screen", "assess", "finalist"):
        api.post(world.requester, f"/proposals/{proposal['id']}/stage", {"stage": stage})
    project = api.post(
        world.requester, f"/proposals/{proposal['id']}/accept", project_body()
    ).json()
    milestone = project["milestones"][0]["id"]
    from tests.web.helpers import login

    login(api.client, world.requester.email)
    token = (
        api.client.get("/notifications").text.split('name="csrf-token" content="')[1].split('"')[0]
    )
    path = f"/projects/{project['id']}/milestones/{milestone}/done"
    assert (
        api.client.post(path, headers={"X-CSRF-Token": token}, follow_redirects=False).status_code
        == 303
    )
    assert api.client.post(path, headers={"X-CSRF-Token": token}).status_code == 409
    actions = set(
        session.scalars(select(AuditEntry.action).where(AuditEntry.entity_type == "project"))
    )
    assert actions == {"project.open", "project.milestone_done"}


def test_email_waits_in_the_outbox_without_an_smtp_server(
    session: Session, world: World, settings: Settings
) -> None:
    """Delivery through a real SMTP server is in test_smtp.py."""
    row = Notifier(session, settings).email(
        "x@example.org", "vi", "Hello %(order)s", {"order": "A"}
    )
    assert row.status == EmailStatus.pending.value and not mailer.deliver(session, settings, row.id)
    assert row.attempts == 0


def test_reminders_nudge_once_per_period(
    session: Session, world: World, settings: Settings
) -> None:
    order = open_order(session, world)
    long_ago = utcnow() - timedelta(days=settings.reminder_after_days + 1)
    session.add(
        Invitation(
            order_id=order.id, expert_id=world.expert.id, status="invited", invited_at=long_ago
        )
    )
    session.commit()
    report = Reminders(session, settings).run()
    assert report.invitations == 1
    assert Reminders(session, settings).run().invitations == 0  # not again within the period
    notes = session.scalars(
        select(Notification).where(Notification.user_id == world.expert_user.id)
    ).all()
    assert [n.kind for n in notes] == ["reminder"]
    assert session.scalars(
        select(EmailOutbox).where(EmailOutbox.to_address == world.expert_user.email)
    ).first()


def test_reminders_for_waiting_proposals_and_orders(
    session: Session, world: World, settings: Settings
) -> None:
    from vstid.proposals.models import Proposal

    long_ago = utcnow() - timedelta(days=settings.reminder_after_days + 1)
    order = open_order(session, world)
    session.add(
        Proposal(
            order_id=order.id, expert_id=world.expert.id, approach="x" * 30, created_at=long_ago
        )
    )
    open_order(session, world, status="submitted", updated_at=long_ago)
    report = Reminders(session, settings).run()
    assert (report.proposals, report.orders) == (1, 1)
    kinds = {
        n.user_id: n.ref
        for n in session.scalars(select(Notification).where(Notification.kind == "reminder"))
    }
    assert kinds[world.requester.id].startswith("remind:proposal:")
    assert kinds[world.coordinator.id].startswith("remind:order:")


def test_reminders_command_is_registered() -> None:
    from typer.testing import CliRunner

    from vstid.cli.main import app

    result = CliRunner().invoke(app, ["reminders", "--help"])
    assert result.exit_code == 0 and "Remind" in result.output


def test_hidden_profiles_are_not_ranked_or_invited_by_requesters(
    api: Api, world: World, session: Session
) -> None:
    world.other_expert.visibility = "hidden"
    order = open_order(session, world)
    _snapshot(session, order.id, world)
    mine = [
        m["expert_id"]
        for m in api.get(world.requester, f"/orders/{order.slug}/matches").json()["matches"]
    ]
    assert mine == [str(world.expert.id)]
    staff = api.get(world.coordinator, f"/orders/{order.slug}/matches").json()["matches"]
    assert len(staff) == 2  # the hub's coordinators see every profile
    body = {"expert_id": str(world.other_expert.id)}
    assert api.post(world.requester, f"/orders/{order.slug}/invitations", body).status_code == 404
    assert api.post(world.coordinator, f"/orders/{order.slug}/invitations", body).status_code == 201
