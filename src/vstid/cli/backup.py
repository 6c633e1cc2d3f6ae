"""`vstid backup` and `vstid restore`: one archive with the database, uploads and index."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from vstid.cli.context import cli_settings, fail
from vstid.ops.backup import BackupError, create_backup, prune_backups, restore_backup

__all__ = ["backup", "restore"]

console = Console()


def backup(
    to: Annotated[Path, typer.Option(help="Folder that receives the archive")] = Path("backups"),
    keep: Annotated[
        int, typer.Option(min=0, help="Keep only the newest N archives there (0: keep all)")
    ] = 0,
) -> None:
    """Back up the database (consistent while serving), uploaded files and the index.
    Run it from cron for scheduled backups, with --keep for retention."""
    settings = cli_settings()
    try:
        report = create_backup(settings, to)
    except BackupError as exc:
        fail(str(exc))
    pruned = prune_backups(to, keep) if keep else []
    console.print(
        f"[green]Backed up[/green] the {report.database} database and {report.files} files "
        f"to {report.archive} ({report.size_bytes / 1e6:.1f} MB)"
        + (f"; removed {len(pruned)} older archives" if pruned else "")
    )


def restore(
    archive: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="A backup archive")],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation")] = False,
) -> None:
    """Replace the database, uploads and index with a backup's. Stop the servers first."""
    if not yes:
        typer.confirm(f"Replace this installation's data with {archive.name}?", abort=True)
    settings = cli_settings()
    try:
        report = restore_backup(settings, archive)
    except BackupError as exc:
        fail(str(exc))
    console.print(
        f"[green]Restored[/green] the {report.database} database and {report.files} files "
        f"from {archive}"
    )
