"""`vstid worker`: run background jobs outside the web processes."""

from __future__ import annotations

import signal
import threading
from typing import Annotated

import typer
from rich.console import Console

from vstid.cli.context import cli_database, cli_settings
from vstid.core.queue.service import job_counts
from vstid.jobs.worker import app_runner

__all__ = ["command"]

console = Console()


def command(
    once: Annotated[
        bool, typer.Option("--once", help="Drain the queue, purge old finished jobs, then exit")
    ] = False,
    poll: Annotated[float, typer.Option(min=0.1, help="Seconds between polls when idle")] = 2.0,
) -> None:
    """Run queued background jobs (matching, re-indexing, imports, e-mail)."""
    settings = cli_settings()
    database = cli_database(settings)
    runner = app_runner(database, settings)
    if once:
        done = runner.run_pending()
        purged = runner.purge()
        with database.transaction() as session:
            counts = job_counts(session)
        console.print(f"Ran {done} job(s); purged {purged} old job(s); queue now: {counts}")
        return
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    console.print(f"Worker {runner.worker_id} started; Ctrl-C to stop.")
    runner.run_forever(stop, poll)
