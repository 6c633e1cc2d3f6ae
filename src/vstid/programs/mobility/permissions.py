"""Who may read a mobility record, by query scoping.

A record names a person, their sex and their documents: it is read in full by the program's
staff (`programs.permissions.staff_programs`), by members of the program's owner agencies
(`agency_programs`) and by the person themselves (the expert profile's account). For everyone
else a record does not exist (404); the program's public pages show counts only."""

from __future__ import annotations

import uuid
from typing import TypeVar

from sqlalchemy import ColumnElement, CompoundSelect, Select, false, or_, select

from vstid.accounts.models import User
from vstid.experts.models import ExpertProfile
from vstid.programs.mobility.models import MobilityRecord
from vstid.programs.permissions import agency_programs, staff_programs

__all__ = ["register_programs", "restrict_records"]

T = TypeVar("T")


def register_programs(user: User | None) -> CompoundSelect[uuid.UUID]:
    """Programs whose whole mobility register the user reads: staff and agency members."""
    return staff_programs(user).union(agency_programs(user))


def _readable(user: User | None) -> ColumnElement[bool]:
    if user is None:
        return false()
    own_profiles = select(ExpertProfile.id).where(ExpertProfile.user_id == user.id)
    return or_(
        MobilityRecord.program_id.in_(staff_programs(user)),
        MobilityRecord.program_id.in_(agency_programs(user)),
        MobilityRecord.expert_id.in_(own_profiles),
    )


def restrict_records(stmt: Select[T], user: User | None) -> Select[T]:
    return stmt.where(_readable(user))
