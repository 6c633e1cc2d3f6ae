"""Role checks shared by services."""

from __future__ import annotations

from vstid.accounts.models import Role, User
from vstid.core.errors import Forbidden, Unauthorized
from vstid.core.i18n import N_

__all__ = ["require_role", "require_user"]


def require_user(user: User | None) -> User:
    if user is None:
        raise Unauthorized(N_("sign in first"))
    return user


def require_role(user: User | None, *roles: Role) -> User:
    user = require_user(user)
    if not user.has_role(*roles, Role.admin):
        raise Forbidden(N_("your role does not allow this action"))
    return user
