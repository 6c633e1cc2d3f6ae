"""`vstid assign`: propose experts for every open order at once, within capacities."""

from __future__ import annotations

import csv
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from vstid.cli.context import cli_database, cli_settings, fail
from vstid.engine.errors import EngineError
from vstid.experts.export import neutralise
from vstid.matching.assignment import plan_assignment

__all__ = ["command"]

console = Console()


def command(
    per_order: Annotated[int, typer.Option(min=1, max=50, help="Experts wanted per order")] = 3,
    abroad: Annotated[
        bool,
        typer.Option("--abroad/--no-abroad", help="At least one expert resident abroad per order"),
    ] = False,
    out: Annotated[Path | None, typer.Option(help="Also write the plan as CSV")] = None,
) -> None:
    """Optimal assignment (min-cost flow) of open orders to their matched experts."""
    settings = cli_settings()
    with cli_database(settings).transaction() as session:
        try:
            plan = plan_assignment(session, per_order=per_order, require_abroad=abroad)
        except EngineError as exc:
            fail(f"assignment: {exc}")
        rows = [(o.slug, e.slug, e.residence_country or "", s) for o, e, s in plan.rows()]
    if not plan.orders:
        console.print("No open orders.")
        return
    table = Table("order", "expert", "lives in", "score")
    for order, expert, country, score in rows:
        table.add_row(order, expert, country, f"{score:.3f}")
    console.print(table)
    result = plan.result
    console.print(
        f"total score {result.total_score:.3f} · seats unfilled {result.total_unfilled}"
        f" · solved {result.status} in {result.solve_seconds * 1000:.1f} ms"
    )
    if out is not None:
        with out.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(["order", "expert", "residence_country", "score"])
            writer.writerows([neutralise(cell) for cell in row] for row in rows)
        print(f"wrote {out}", file=sys.stderr)
