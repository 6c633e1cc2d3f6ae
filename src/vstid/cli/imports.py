"""`vstid import experts FILE`: bulk import with a progress bar and a per-row error report."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn
from rich.table import Table

from vstid.cli.context import cli_database, cli_settings, fail
from vstid.imports.records import ImportFileError, RowError
from vstid.imports.runner import ImportRejected, ImportReport, run_import

__all__ = ["app"]

app = typer.Typer(help="Bulk imports.", no_args_is_help=True)
console = Console()


def _error_table(errors: list[RowError], file: str) -> Table:
    table = Table(title=f"Invalid rows in {file}")
    for column in ("line", "field", "problem"):
        table.add_column(column)
    for error in errors:
        table.add_row(str(error.line), error.field, error.text)
    return table


def _summary(report: ImportReport) -> None:
    verb = "Would import" if report.dry_run else "Imported"
    parts = ", ".join(f"{n} {status}" for status, n in sorted(report.counts.items())) or "nothing"
    console.print(f"[green]{verb}[/green] {report.file} ({report.format}): {parts}")
    if report.skipped_done:
        console.print(f"{report.skipped_done} row(s) were already imported by an earlier run.")
    for note in report.notes[:20]:
        console.print(f"  note: {note}")
    if report.errors:
        console.print(_error_table(report.errors, report.file))


@app.command("experts")
def import_experts(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True)],
    fmt: Annotated[
        str | None, typer.Option("--format", help="csv, jsonl, orcid or openalex (default: guess)")
    ] = None,
    source: Annotated[
        str | None, typer.Option(help="Name of the source system (id scheme)")
    ] = None,
    hub: Annotated[
        str | None, typer.Option(help="Hub code for new profiles (default: pilot)")
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Validate and count only")] = False,
    skip_invalid: Annotated[
        bool, typer.Option("--skip-invalid", help="Import the valid rows, report the rest")
    ] = False,
    batch_size: Annotated[int, typer.Option(min=1, max=5000)] = 50,
) -> None:
    """Import expert profiles from CSV, JSONL, an ORCID record or OpenAlex JSON."""
    database = cli_database(cli_settings())
    data = file.read_bytes()
    try:
        with Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=console,
            transient=True,
        ) as bar:
            task = bar.add_task(f"Importing {file.name}", total=None)
            report = run_import(
                database,
                file=str(file),
                data=data,
                fmt=fmt,
                source=source,
                hub_code=hub,
                dry_run=dry_run,
                skip_invalid=skip_invalid,
                batch_size=batch_size,
                progress=lambda done, total: bar.update(task, completed=done, total=total),
            )
    except ImportFileError as exc:
        fail(str(exc))
    except ImportRejected as exc:
        console.print(_error_table(exc.report.errors, str(file)))
        fail(f"{exc} (fix them, or pass --skip-invalid)")
    _summary(report)
