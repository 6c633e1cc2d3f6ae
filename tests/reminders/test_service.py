"""Reminders: invitees, requesters and coordinators nudged once per period about waiting items."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.world import World, open_order
from vstid.core.models import utcnow
from vstid.core.settings import Settings
from vstid.invitations.models import Invitation
from vstid.notifications.models import EmailOutbox, Notification
from vstid.reminders.service import Reminders


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
