"""Month arithmetic of a project's calendar, pure: its end from its start and duration, the
last day of its month N, the report periods' boundaries. One copy, so the project's end, the
plan's due dates and the report calendar can never disagree by a day."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

__all__ = ["add_months", "end_of", "months_between"]


def months_between(start: date | None, end: date | None) -> int | None:
    """Whole months from the start to the end, a started month counting as one."""
    if start is None or end is None:
        return None
    months = (end.year - start.year) * 12 + end.month - start.month
    return months + (1 if end.day >= start.day else 0) or 1


def add_months(start: date, months: int) -> date:
    """The same day `months` later (the month's last day when it is shorter)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def end_of(start: date, months: int) -> date:
    """The last day of `months` months from `start` (the day before the same day `months`
    later): a project's end from its duration, the last day of its month N. So
    `months_between(start, end_of(start, n)) == n`."""
    return add_months(start, months) - timedelta(days=1)
