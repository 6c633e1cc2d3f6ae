"""A report as its readers download it: values formatted with Babel for the reader's locale,
an XLSX workbook (openpyxl: a cover sheet, then one sheet per section, numbers as numbers,
money as an amount column and a currency column) and a PDF (WeasyPrint, from HTML the web
layer renders from its template)."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal
from openpyxl import Workbook
from openpyxl.styles import Font
from weasyprint import HTML

from vstid.projects.sections import Cell, Label, Money, ReportSection

__all__ = [
    "Cover",
    "ShownSection",
    "format_cell",
    "pdf_bytes",
    "pdf_document",
    "safe_filename",
    "shown_sections",
    "xlsx_bytes",
]

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_SHEET_UNSAFE = re.compile(r"[\[\]:*?/\\]")


def format_cell(cell: Cell, locale: str, translate: Callable[[str], str] = str) -> str:
    """A value as the reader writes it: dates and numbers in their locale, money with its
    currency, a label in their language, nothing as a dash."""
    if cell is None:
        return "—"
    if isinstance(cell, Label):
        return translate(cell.msgid)
    if isinstance(cell, Money):
        return format_currency(cell.amount, cell.currency, locale=locale)
    if isinstance(cell, date):
        return format_date(cell, "medium", locale=locale)
    if isinstance(cell, (int, Decimal)) and not isinstance(cell, bool):
        return format_decimal(cell, locale=locale)
    return str(cell)


def safe_filename(*parts: str) -> str:
    """ASCII letters, digits, dots, dashes and underscores only: safe in any header."""
    cleaned = (_UNSAFE.sub("_", p).strip("_") for p in parts)
    name = "-".join(p for p in cleaned if p)
    return name[:120] or "report"


@dataclass
class Cover:
    """The cover sheet's lines: (label, value) pairs already translated."""

    title: str
    lines: list[tuple[str, Cell]]


def _sheet_title(key: str, taken: set[str]) -> str:
    base = _SHEET_UNSAFE.sub("_", key)[:28] or "section"
    title, n = base, 1
    while title.lower() in taken:
        n += 1
        title = f"{base[:25]}_{n}"
    taken.add(title.lower())
    return title


def _money_columns(section: ReportSection) -> set[int]:
    return {i for row in section.rows for i, cell in enumerate(row) if isinstance(cell, Money)}


def xlsx_bytes(
    cover: Cover, sections: list[ReportSection], translate: Callable[[str], str]
) -> bytes:
    """A cover sheet, then one sheet per section named by its key; a money column becomes
    two (the amount as a number, then its currency)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "cover"
    taken = {"cover"}
    sheet.append([cover.title])
    sheet["A1"].font = Font(bold=True, size=14)
    for label, value in cover.lines:
        sheet.append([label, _xlsx_value(value, translate)])
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 80
    for section in sections:
        ws = book.create_sheet(_sheet_title(section.key, taken))
        money = _money_columns(section)
        header: list[str] = []
        for i, column in enumerate(section.columns):
            header.append(translate(column))
            if i in money:
                header.append(translate("Currency"))
        ws.append([translate(section.title)])
        ws["A1"].font = Font(bold=True)
        ws.append(header)
        for cell in ws[2]:
            cell.font = Font(bold=True)
        for row in section.rows:
            values: list[object] = []
            for i, cell_value in enumerate(row):
                if i in money:
                    m = cell_value if isinstance(cell_value, Money) else None
                    values += [m.amount if m else None, m.currency if m else None]
                else:
                    values.append(_xlsx_value(cell_value, translate))
            ws.append(values)
        for note in section.notes:
            ws.append([note])
        for cells in ws.iter_rows(min_row=3):
            for c in cells:
                if isinstance(c.value, date):
                    c.number_format = "yyyy-mm-dd"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx_value(cell: Cell, translate: Callable[[str], str]) -> object:
    """A cell as XLSX keeps it: numbers and dates as themselves, a label translated."""
    if isinstance(cell, Label):
        return translate(cell.msgid)
    if isinstance(cell, Money):
        return f"{cell.amount} {cell.currency}"
    return cell


def pdf_document(html: str) -> object:
    """The laid-out document (its pages and boxes), for a test to read the text back."""
    return HTML(string=html).render()


def pdf_bytes(html: str) -> bytes:
    data: bytes = HTML(string=html).write_pdf()
    return data


@dataclass
class ShownSection:
    """A section ready for a page or the PDF: translated headings, formatted values, and
    which columns are numbers (aligned right)."""

    key: str
    title: str
    columns: list[str]
    rows: list[list[str]]
    numeric: list[bool]
    notes: list[str]


def shown_sections(
    sections: list[ReportSection], locale: str, translate: Callable[[str], str]
) -> list[ShownSection]:
    out = []
    for s in sections:
        numeric = [
            bool(s.rows)
            and all(
                isinstance(row[i], (int, Decimal, Money)) or row[i] is None
                for row in s.rows
                if i < len(row)
            )
            for i in range(len(s.columns))
        ]
        out.append(
            ShownSection(
                key=s.key,
                title=translate(s.title),
                columns=[translate(c) for c in s.columns],
                rows=[[format_cell(c, locale, translate) for c in row] for row in s.rows],
                numeric=numeric,
                notes=list(s.notes),
            )
        )
    return out
