"""The admins' user endpoints: list, create and read accounts, change a role (and a
coordinator's hub), deactivate and reactivate. Every rule is in
accounts.service.UserAdministration."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query, status

from vstid.accounts.models import Role
from vstid.accounts.schemas import AccountCreateInput, AdminUserOut, RoleChangeInput, UserFilters
from vstid.accounts.service import UserAdministration
from vstid.web.api.schemas import PageOut
from vstid.web.deps import ClientIp, CurrentUser, PageDep, SessionDep

__all__ = ["router"]

router = APIRouter(prefix="/users", tags=["users"])


@router.get("", response_model=PageOut[AdminUserOut])
def list_users(
    user: CurrentUser, session: SessionDep, params: PageDep,
    q: Annotated[str | None, Query(max_length=200)] = None,
    role: Role | None = None, hub: str | None = None, active: bool | None = None,
) -> Any:  # fmt: skip
    """Admins only: accounts by name or e-mail fragment, role, hub code, active or not."""
    filters = UserFilters(q=q or None, role=role, hub=hub or None, active=active)
    page = UserAdministration(session).page(user, filters, params)
    return PageOut.of(page, [AdminUserOut.model_validate(u) for u in page.items])


@router.post("", response_model=AdminUserOut, status_code=status.HTTP_201_CREATED)
def create_user(
    data: AccountCreateInput, user: CurrentUser, session: SessionDep, ip: ClientIp
) -> Any:
    """Admins: an account of any role (a coordinator needs `hub`), as `vstid users create`."""
    return AdminUserOut.model_validate(UserAdministration(session).create(user, data, ip=ip))


@router.get("/{user_id}", response_model=AdminUserOut)
def get_user(user_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> Any:
    return AdminUserOut.model_validate(UserAdministration(session).get(user, user_id))


@router.post("/{user_id}/role", response_model=AdminUserOut)
def change_role(
    user_id: uuid.UUID, data: RoleChangeInput, user: CurrentUser, session: SessionDep,
    ip: ClientIp,
) -> Any:  # fmt: skip
    """A coordinator needs `hub`; an admin cannot remove their own admin role (409)."""
    changed = UserAdministration(session).change_role(user, user_id, data.role, data.hub, ip=ip)
    return AdminUserOut.model_validate(changed)


@router.post("/{user_id}/deactivate", response_model=AdminUserOut)
def deactivate(user_id: uuid.UUID, user: CurrentUser, session: SessionDep, ip: ClientIp) -> Any:
    """The account can no longer sign in; its sessions and API tokens stop working. Refused
    (409) for oneself, the last active admin, or an account already deactivated."""
    return AdminUserOut.model_validate(UserAdministration(session).deactivate(user, user_id, ip=ip))


@router.post("/{user_id}/reactivate", response_model=AdminUserOut)
def reactivate(user_id: uuid.UUID, user: CurrentUser, session: SessionDep, ip: ClientIp) -> Any:
    return AdminUserOut.model_validate(UserAdministration(session).reactivate(user, user_id, ip=ip))
