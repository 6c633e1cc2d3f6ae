"""Who may act on an organization. Organizations sit beside accounts in the layering and may
not import it, so the acting user is described by the few attributes read here."""

from __future__ import annotations

import uuid
from typing import Any, Protocol, TypeVar

from sqlalchemy import ColumnElement, Select, or_, select

from vstid.organizations.models import Membership, Organization, OrgStatus
from vstid.organizations.states import STAFF

__all__ = [
    "ADMIN",
    "Actor",
    "hub_staff_roles",
    "is_staff_of",
    "restrict_organizations",
    "staff_hubs",
]

T = TypeVar("T", bound=Any)

COORDINATOR, ADMIN = "coordinator", "admin"  # accounts.Role values


class Actor(Protocol):
    @property
    def id(self) -> uuid.UUID: ...
    @property
    def role(self) -> str: ...
    @property
    def hub_id(self) -> uuid.UUID | None: ...


def is_staff_of(user: Actor, hub_id: uuid.UUID) -> bool:
    """The hub's coordinators verify its organizations; a site admin may act everywhere."""
    return user.role == ADMIN or (user.role == COORDINATOR and user.hub_id == hub_id)


def hub_staff_roles(user: Actor, org: Organization) -> set[str]:
    return {STAFF} if is_staff_of(user, org.hub_id) else set()


def staff_hubs(user: Actor) -> set[uuid.UUID] | None:
    """Hubs whose queue the user reads; None = all (an admin); empty = none."""
    if user.role == ADMIN:
        return None
    return {user.hub_id} if user.role == COORDINATOR and user.hub_id else set()


def restrict_organizations(stmt: Select[T], user: Actor | None) -> Select[T]:
    """A verified organization is public. A pending or rejected one exists only for its
    creator, its members and the staff of its hub (a site admin sees all): for anyone else it
    is a 404 and is missing from lists, searches, pickers and counts."""
    verified = Organization.status == OrgStatus.verified.value
    if user is None:
        return stmt.where(verified)
    hubs = staff_hubs(user)
    if hubs is None:
        return stmt
    member_of = select(Membership.organization_id).where(Membership.user_id == user.id)
    clauses: list[ColumnElement[bool]] = [
        verified,
        Organization.created_by_id == user.id,
        Organization.id.in_(member_of),
    ]
    if hubs:
        clauses.append(Organization.hub_id.in_(hubs))
    return stmt.where(or_(*clauses))
