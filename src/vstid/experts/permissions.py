"""Which expert profiles a user may see: scoping the query, so a hidden profile is a 404."""

from __future__ import annotations

from sqlalchemy import Select, or_

from vstid.accounts.models import User
from vstid.experts.models import ExpertProfile, Visibility

__all__ = ["restrict_experts"]


def restrict_experts(stmt: Select[ExpertProfile], user: User | None) -> Select[ExpertProfile]:
    if user is not None and user.is_staff:
        return stmt
    if user is None:
        return stmt.where(ExpertProfile.visibility == Visibility.public.value)
    return stmt.where(
        or_(
            ExpertProfile.visibility.in_([Visibility.public.value, Visibility.members.value]),
            ExpertProfile.user_id == user.id,
        )
    )
