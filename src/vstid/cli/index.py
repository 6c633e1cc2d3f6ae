"""`vstid index build|status`: the matching index, rebuilt from the database."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from vstid.cli.context import cli_database, cli_settings
from vstid.core.queue.service import job_counts
from vstid.matching.service import MatchingService
from vstid.matching.worker import MatchingWorker

__all__ = ["app"]

app = typer.Typer(help="The expert matching index.", no_args_is_help=True)
console = Console()


@app.command("build")
def build() -> None:
    """Re-index every expert profile (embeddings already stored are re-used)."""
    settings = cli_settings()
    database = cli_database(settings)
    columns = (
        TextColumn("Indexing experts"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console) as bar:
        task = bar.add_task("index", total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        version = MatchingWorker(database, settings).rebuild(progress)
    console.print(
        f"[green]Index version {version} published[/green] in {settings.index_dir}; "
        "rankings of published orders without one are queued (`vstid worker --once`)."
    )


@app.command("status")
def status() -> None:
    """Show the index version, its size and the job queue."""
    settings = cli_settings()
    with cli_database(settings).transaction() as session:
        state = MatchingService(session, settings).index_state()
        jobs = job_counts(session)
    console.print(
        f"version {state.version} · {state.experts} experts · model "
        f"{state.model_id or '—'} · jobs {jobs or '{}'}"
    )
