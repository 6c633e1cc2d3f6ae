"""`vstid worker`: run background jobs outside the web processes."""

from __future__ import annotations

import signal
import time
from typing import Annotated

import typer
from rich.console import Console

from vstid.cli.context import cli_database, cli_settings
from vstid.jobs.repository import JobRepository
from vstid.jobs.runner import run_one, run_pending

__all__ = ["command"]

console = Console()


def command(
    once: Annotated[bool, typer.Option("--once", help="Drain the queue, then exit")] = False,
    poll: Annotated[float, typer.Option(min=0.1, help="Seconds between polls when idle")] = 2.0,
) -> None:
    """Run queued background jobs (matching, re-indexing, e-mail)."""
    settings = cli_settings()
    database = cli_database(settings)
    if once:
        done = run_pending(database, settings)
        with database.transaction() as session:
            counts = JobRepository(session).counts()
        console.print(f"Ran {done} job(s); queue now: {counts}")
        return
    stopping = False

    def _stop(*_: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    console.print("Worker started; Ctrl-C to stop.")
    while not stopping:
        if not run_one(database, settings):
            time.sleep(poll)
