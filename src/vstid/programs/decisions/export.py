"""The console's exports: the call's applications (members, countries, what each agency is
asked, states, positions, mean scores per criterion) and the reviews (one row per reviewer,
a score per criterion), as CSV or as an XLSX workbook with both sheets. Built from a
ConsoleView, so an agency member's export holds its own side only. Amounts are numbers with a
currency column; headings are in the reader's language."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font

from vstid.core.i18n import N_
from vstid.programs.decisions.console import ConsoleView

__all__ = ["Table", "applications_table", "csv_bytes", "reviews_table", "xlsx_bytes"]

Cell = str | int | Decimal | None
Table = tuple[list[str], list[list[Cell]]]
Translate = Callable[[str], str]

# Spreadsheet programs run a cell that starts with these as a formula.
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _members(view: ConsoleView, index: int) -> str:
    application = view.rows[index].application
    return "; ".join(
        f"{m.name} ({m.country}{', ' + m.institution if m.institution else ''})"
        for m in application.members
    )


def applications_table(view: ConsoleView, locale: str, _: Translate) -> Table:
    header = [_(N_("Reference")), _(N_("Title")), _(N_("State")), _(N_("Lead applicant")),
              _(N_("Members")), _(N_("Countries"))]  # fmt: skip
    per_agency = [N_("Requested"), N_("Currency"), N_("Reviews submitted"), N_("Mean score"),
                  N_("Position"), N_("Amount granted")]  # fmt: skip
    for a in view.agencies:
        name = view.names.get(a.id, a.country)
        header += [f"{_(label)} · {name}" for label in per_agency]
    mean = _(N_("mean"))
    header += [f"{view.criterion_label(k, locale)} ({mean})" for k in view.criteria]
    header += [_(N_("Decision"))]
    rows: list[list[Cell]] = []
    for i, row in enumerate(view.rows):
        app = row.application
        cells: list[Cell] = [app.reference, app.title, app.status, row.lead_name,
                             _members(view, i), ", ".join(row.countries)]  # fmt: skip
        for a in view.agencies:
            asked = row.requested.get(a.id) or []
            panel = row.panels.get(a.id)
            position = row.positions.get(a.id)
            cells += [
                asked[0][0] if asked else None, asked[0][1] if asked else None,
                panel.submitted if panel else 0, panel.mean if panel else None,
                position.position if position else None, position.amount if position else None,
            ]  # fmt: skip
        done = [r for r in row.reviews if r.status == "submitted"]
        for key in view.criteria:
            values = [Decimal(r.scores[key]) for r in done if key in (r.scores or {})]
            cells.append(
                (sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.01"))
                if values
                else None
            )
        cells.append(row.decision.decision if row.decision else None)
        rows.append(cells)
    return header, rows


def reviews_table(view: ConsoleView, locale: str, _: Translate) -> Table:
    header = [_(N_("Reference")), _(N_("Reviewer")), _(N_("Panel")), _(N_("State"))]
    header += [view.criterion_label(k, locale) for k in view.criteria]
    header += [_(N_("Weighted score")), _(N_("Recommendation")), _(N_("Comment"))]
    rows: list[list[Cell]] = []
    for row in view.rows:
        for r in row.reviews:
            expert = view.experts.get(r.expert_id)
            panel = view.names.get(r.agency_id, "") if r.agency_id else ""
            cells: list[Cell] = [row.application.reference,
                                 expert.display_name if expert else str(r.expert_id),
                                 panel, r.status]  # fmt: skip
            cells += [(r.scores or {}).get(k) for k in view.criteria]
            cells += [r.weighted_score, r.recommendation, r.comment]
            rows.append(cells)
    return header, rows


def _text(cell: Cell) -> str:
    if cell is None:
        return ""
    text = str(cell)
    if isinstance(cell, str) and text.startswith(_FORMULA):
        return "'" + text
    return text


def csv_bytes(table: Table) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    header, rows = table
    writer.writerow([_text(h) for h in header])
    writer.writerows([_text(c) for c in row] for row in rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # the BOM: Excel reads it as UTF-8


def xlsx_bytes(sheets: list[tuple[str, Table]]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for title, (header, rows) in sheets:
        sheet = book.create_sheet(title[:31])
        sheet.append(header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([_text(c) if isinstance(c, str) else c for c in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
