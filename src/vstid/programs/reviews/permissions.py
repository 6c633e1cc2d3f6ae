"""Who reads which review: the reviewer their own assignments only (a review of someone else is
a 404), the program's staff every review of their programs' calls. Agency members read scores
through the aggregates (`ReviewService.scores_by_agency`), not the reviews themselves."""

from __future__ import annotations

import uuid
from typing import TypeVar

from sqlalchemy import ColumnElement, Select, false, or_, select

from vstid.accounts.models import User
from vstid.experts.models import ExpertProfile
from vstid.programs.applications.models import Application
from vstid.programs.calls.models import Call
from vstid.programs.permissions import staff_programs
from vstid.programs.reviews.models import ReviewAssignment

__all__ = ["my_expert_ids", "restrict_reviews", "reviewer_clause", "staff_applications"]

T = TypeVar("T")


def my_expert_ids(user: User | None) -> Select[uuid.UUID]:
    """The expert profile(s) the user holds (one at most)."""
    if user is None:
        return select(ExpertProfile.id).where(false())
    return select(ExpertProfile.id).where(ExpertProfile.user_id == user.id)


def reviewer_clause(user: User | None) -> ColumnElement[bool]:
    return ReviewAssignment.expert_id.in_(my_expert_ids(user))


def staff_applications(user: User | None) -> Select[uuid.UUID]:
    """Applications of the calls of the programs the user runs."""
    return (
        select(Application.id)
        .join(Call, Call.id == Application.call_id)
        .where(Call.program_id.in_(staff_programs(user)))
    )


def restrict_reviews(stmt: Select[T], user: User | None) -> Select[T]:
    """Reviews the user may read: their own, or any of the programs they run."""
    return stmt.where(
        or_(reviewer_clause(user), ReviewAssignment.application_id.in_(staff_applications(user)))
    )
