"""The acting user as the reference packages below accounts (hubs, taxonomy) see them: they
may not import accounts, so the few attributes they read are described here."""

from __future__ import annotations

import uuid
from typing import Protocol

from vstid.core.errors import Forbidden, Unauthorized
from vstid.core.i18n import N_

__all__ = ["Actor", "require_admin"]

ADMIN = "admin"  # accounts.Role.admin


class Actor(Protocol):
    @property
    def id(self) -> uuid.UUID: ...
    @property
    def role(self) -> str: ...


def require_admin(actor: Actor | None) -> Actor:
    """Reference data (hubs, the taxonomy) is the admins' to change."""
    if actor is None:
        raise Unauthorized(N_("sign in first"))
    if actor.role != ADMIN:
        raise Forbidden(N_("your role does not allow this action"))
    return actor
