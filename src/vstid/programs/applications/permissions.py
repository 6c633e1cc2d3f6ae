"""Who may read an application, by query scoping (anyone else gets a 404).

- its members (the lead and every invited co-applicant, by user account);
- the staff of the call's program (its hubs' coordinators, admins);
- the members of an owner agency's organization, once the application is submitted: they
  read the shared part and their own country's section and budget lines only (the mirror
  submission; `ApplicationService.visible_sections`);
- a reviewer assigned to it (a ReviewAssignment of the expert profile of the reader), who
  reads only the frozen copy of the last submission."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy import ColumnElement, Select, false, or_, select

from vstid.accounts.models import User
from vstid.experts.models import ExpertProfile
from vstid.programs.applications.models import Application, ApplicationMember, ApplicationStatus
from vstid.programs.calls.models import Call
from vstid.programs.permissions import agency_programs, staff_programs
from vstid.programs.reviews.models import ReviewAssignment

__all__ = [
    "agency_clause",
    "member_clause",
    "restrict_applications",
    "reviewer_clause",
    "staff_clause",
]

T = TypeVar("T")


def member_clause(user: User) -> ColumnElement[bool]:
    mine = select(ApplicationMember.application_id).where(ApplicationMember.user_id == user.id)
    return Application.id.in_(mine)


def staff_clause(user: User) -> ColumnElement[bool]:
    calls = select(Call.id).where(Call.program_id.in_(staff_programs(user)))
    return Application.call_id.in_(calls)


def agency_clause(user: User) -> ColumnElement[bool]:
    calls = select(Call.id).where(Call.program_id.in_(agency_programs(user)))
    return Application.call_id.in_(calls) & (Application.status != ApplicationStatus.draft.value)


def reviewer_clause(user: User) -> ColumnElement[bool]:
    assigned = (
        select(ReviewAssignment.application_id)
        .join(ExpertProfile, ExpertProfile.id == ReviewAssignment.expert_id)
        .where(ExpertProfile.user_id == user.id)
    )
    return Application.id.in_(assigned) & (Application.version > 0)


def restrict_applications(stmt: Select[T], user: User | None) -> Select[T]:
    """Narrows a SELECT over Application to the rows the user may open."""
    if user is None:
        return stmt.where(false())
    return stmt.where(
        or_(member_clause(user), staff_clause(user), agency_clause(user), reviewer_clause(user))
    )
