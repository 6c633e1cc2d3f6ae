"""`vstid calls close-overdue`: run from cron (every few minutes) to close the open calls past
their closing time and grace. A late submission is refused by the time whether or not this
has run; closing moves the call on to its review."""

from __future__ import annotations

import typer
from rich.console import Console

from vstid.cli.context import cli_database, cli_settings
from vstid.programs.calls.service import CallService

__all__ = ["app"]

app = typer.Typer(help="Calls of the programs.", no_args_is_help=True)


@app.command("close-overdue")
def close_overdue() -> None:
    """Close every open call whose closing time and grace have passed."""
    settings = cli_settings()
    with cli_database(settings).transaction() as session:
        references = [c.reference for c in CallService(session, settings).close_overdue()]
    Console().print(
        f"Calls closed: {len(references)}" + (f" ({', '.join(references)})" if references else "")
    )
