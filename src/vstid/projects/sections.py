"""What a periodic report compiles: each part of a project (plan, funding, results, risks…)
answers with one section for a period, in one shape the report pages, the PDF and the XLSX
all render. Values stay raw (dates, Decimals, Money) so each output formats them for its
reader's locale with Babel."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

__all__ = ["Cell", "Label", "Money", "ReportSection"]


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str  # ISO 4217


@dataclass(frozen=True)
class Label:
    """A word from a fixed set (a state, a kind, a status…) as its N_-marked message id: each
    output translates it for its reader, so no stored word is ever shown raw."""

    msgid: str


Cell = str | int | Decimal | date | Money | Label | None


@dataclass
class ReportSection:
    key: str  # "plan", "funding", "results", "risks"…: stable, for the XLSX sheet name
    title: str  # an N_-marked message id, translated when rendered
    columns: list[str]  # N_-marked message ids
    rows: list[list[Cell]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # already-translated remarks (totals…)
