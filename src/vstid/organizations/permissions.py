"""Who may act on an organization. Organizations sit beside accounts in the layering and may
not import it, so the acting user is described by the few attributes read here."""

from __future__ import annotations

import uuid
from typing import Protocol

from vstid.organizations.models import Organization
from vstid.organizations.states import STAFF

__all__ = ["ADMIN", "Actor", "hub_staff_roles", "is_staff_of", "staff_hubs"]

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
