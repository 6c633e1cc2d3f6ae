"""The report calendar's arithmetic, pure: the periods a rule cuts a project's duration into.

A period lasts 12, 6 or 3 months. Anchored on the project's start, periods run from the start
date; anchored on a fiscal year, they follow its boundaries (1 January for the calendar year
of Vietnam and Korea, 1 April for Japan's April–March year), the first and last period being
cut short by the project's start and end."""

from __future__ import annotations

from datetime import date, timedelta

from vstid.projects.months import add_months
from vstid.projects.reports.models import Anchor, Frequency

__all__ = ["MONTHS", "periods"]

MONTHS = {Frequency.yearly: 12, Frequency.half_yearly: 6, Frequency.quarterly: 3}
FIRST_MONTH = {Anchor.calendar_year: 1, Anchor.april_march: 4}


def _first_boundary(start: date, months: int, first_month: int) -> date:
    """The latest period boundary of the fiscal grid on or before `start`."""
    offset = (start.month - first_month) % months
    return add_months(date(start.year, start.month, 1), -offset)


def periods(
    start: date, end: date, frequency: Frequency, anchor: Anchor
) -> list[tuple[date, date]]:
    """Consecutive (first day, last day) periods covering start..end, both included."""
    months = MONTHS[frequency]
    origin = (
        start
        if anchor == Anchor.project_start
        else _first_boundary(start, months, FIRST_MONTH[anchor])
    )
    out: list[tuple[date, date]] = []
    k, boundary = 0, origin
    while boundary <= end:
        following = add_months(origin, (k + 1) * months)
        out.append((max(boundary, start), min(following - timedelta(days=1), end)))
        k, boundary = k + 1, following
    return out
