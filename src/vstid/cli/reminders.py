"""`vstid reminders`: run from cron (e.g. daily) to nudge people about waiting items."""

from __future__ import annotations

from rich.console import Console

from vstid.cli.context import cli_database, cli_settings
from vstid.reminders.service import Reminders

__all__ = ["command"]


def command() -> None:
    """Remind invitees, requesters and coordinators about items waiting too long, and
    project consortia about deliverables due soon or overdue."""
    settings = cli_settings()
    with cli_database(settings).transaction() as session:
        report = Reminders(session, settings).run()
    Console().print(
        f"Reminders sent: {report.invitations} invitations, {report.proposals} proposals, "
        f"{report.orders} orders waiting for approval, "
        f"{report.deliverables} on project deliverables due or overdue"
    )
