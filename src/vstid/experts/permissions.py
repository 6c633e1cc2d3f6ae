"""Which expert profiles a user may see: scoping the query, so a hidden profile is a 404."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy import Select, or_

from vstid.accounts.models import User
from vstid.experts.models import ExpertProfile, Visibility

__all__ = ["restrict_experts"]

S = TypeVar("S", bound=Select)  # any select over expert_profiles, whatever its columns


def restrict_experts(stmt: S, user: User | None) -> S:
    """Any select over expert_profiles (rows, ids, counts) narrowed to what `user` may see."""
    if user is not None and user.is_staff:
        return stmt
    if user is None:
        return stmt.where(ExpertProfile.visibility == Visibility.public.value)
    # open registration: an unconfirmed e-mail address does not make a member yet
    seen = (
        [Visibility.public.value, Visibility.members.value]
        if user.is_verified
        else [Visibility.public.value]
    )
    return stmt.where(or_(ExpertProfile.visibility.in_(seen), ExpertProfile.user_id == user.id))
