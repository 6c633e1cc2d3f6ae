"""Who takes part in a call's decisions: the program's staff (coordinators of its hubs,
admins) and the members of its owner agencies. Everyone else gets a 404, as if the call's
console, the positions and the exports did not exist; the applicants read only the decision
and its letter."""

from __future__ import annotations

import uuid

from sqlalchemy import Select, or_, select

from vstid.accounts.models import User
from vstid.programs.calls.models import Call
from vstid.programs.permissions import agency_programs, staff_programs

__all__ = ["deciding_calls"]


def deciding_calls(user: User | None) -> Select[uuid.UUID]:
    """Ids of the calls whose decisions the user takes part in."""
    return select(Call.id).where(
        or_(Call.program_id.in_(staff_programs(user)), Call.program_id.in_(agency_programs(user)))
    )
