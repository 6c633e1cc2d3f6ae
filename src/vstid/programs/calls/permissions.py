"""Which calls a user may read or run, by query scoping.

A draft call is seen by the program's staff only (coordinators of its hubs, admins); past the
draft (forecast, open, closed, in review, decided, archived) a call is public wherever its
program is visible (`restrict_programs`). The staff of the program change its calls."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy import ColumnElement, Select, or_

from vstid.accounts.models import User
from vstid.programs.calls.models import Call, CallStatus
from vstid.programs.models import Program
from vstid.programs.permissions import restrict_programs, staff_clause, staff_programs

__all__ = ["call_staff_clause", "restrict_calls"]

T = TypeVar("T")


def call_staff_clause(user: User | None) -> ColumnElement[bool]:
    """Calls whose program this user runs."""
    return Call.program_id.in_(staff_programs(user))


def restrict_calls(stmt: Select[T], user: User | None) -> Select[T]:
    """Calls whose page the user may open; `stmt` selects from Call (joined here to its
    program)."""
    stmt = stmt.join(Program, Program.id == Call.program_id)
    return restrict_programs(
        stmt.where(or_(Call.status != CallStatus.draft.value, staff_clause(user))), user
    )
