"""The admins' user pages: the list with search, filters and pagination, creating an account of
any role, one user's page (role, hub, organizations, last sign-in, recent audit entries),
changing a role and deactivating or reactivating an account. Every rule is in
accounts.service.UserAdministration."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from pydantic import ValidationError

from vstid.accounts.models import Role, User
from vstid.accounts.schemas import AccountCreateInput, RoleChangeInput, UserFilters
from vstid.accounts.service import UserAdministration
from vstid.core.errors import DomainError, ValidationFailed
from vstid.core.i18n import N_
from vstid.core.i18n import gettext as _
from vstid.hubs.service import HubService
from vstid.organizations.service import OrganizationQueries
from vstid.web.confirm import is_confirmed
from vstid.web.deps import ClientIp, CurrentUser, FormDep, PageDep, SessionDep
from vstid.web.pages._confirm import confirm_page
from vstid.web.pages.base import blank, flash, redirect, render
from vstid.web.validation import field_of, validation_message

__all__ = ["router"]

router = APIRouter()
ROLES = [r.value for r in Role]
ACTIVE = {"yes": True, "no": False}
DEACTIVATED = N_("The account is deactivated: it can no longer sign in.")
REACTIVATED = N_("The account is active again.")


@router.get("/admin/users")
def users_list(
    request: Request, session: SessionDep, user: CurrentUser, params: PageDep,
    q: str | None = None, role: str | None = None, hub: str | None = None,
    active: str | None = None,
) -> Response:  # fmt: skip
    hubs = HubService(session).all_ordered()
    filters = UserFilters(
        q=blank(q), role=Role(role) if role in ROLES else None,
        hub=hub if hub in {h.code for h in hubs} else None, active=ACTIVE.get(active or ""),
    )  # fmt: skip
    page = UserAdministration(session).page(user, filters, params)
    query = {"q": q or "", "role": filters.role or "", "hub": filters.hub or "",
             "active": active if active in ACTIVE else ""}  # fmt: skip
    return render(
        request, "accounts/list.html", page=page, query=query, roles=ROLES, hubs=hubs,
        hub_codes={h.id: h.code for h in hubs},
    )  # fmt: skip


@router.get("/admin/users/new")
def new_user_form(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    UserAdministration(session).counts_by_role(user)  # admins only (403 otherwise)
    return _new_user_page(request, session, {"role": Role.coordinator.value}, {})


@router.post("/admin/users/new")
def create_user(
    request: Request, session: SessionDep, user: CurrentUser, ip: ClientIp, posted: FormDep
) -> Response:
    accounts = UserAdministration(session)
    accounts.counts_by_role(user)  # admins only, before any field is judged
    form = {k: str(posted.get(k) or "") for k in ("email", "display_name", "role", "hub")}
    errors: dict[str, str] = {}
    if posted.get("password") != posted.get("password_confirm"):
        errors["password_confirm"] = _("The two passwords differ.")
    try:
        data = AccountCreateInput.model_validate(
            {**form, "hub": blank(form["hub"]), "password": posted.get("password") or ""}
        )
    except ValidationError as exc:
        errors = {**{field_of(e): validation_message(e, _) for e in exc.errors()}, **errors}
    if errors:
        return _new_user_page(request, session, form, errors)
    try:
        created = accounts.create(user, data, ip=ip)
    except DomainError as exc:
        if exc.status not in (409, 422):
            raise
        return _new_user_page(request, session, form, {exc.field or "form": exc.render(_)})
    flash(request, _("The account was created. Pass its first password on to its holder."),
          "success")  # fmt: skip
    return redirect(f"/admin/users/{created.id}")


def _new_user_page(
    request: Request, session: SessionDep, form: dict[str, str], errors: dict[str, str]
) -> Response:
    return render(
        request, "accounts/new.html", status_code=422 if errors else 200, form=form,
        errors=errors, roles=ROLES, hubs=HubService(session).all_ordered(),
    )  # fmt: skip


@router.get("/admin/users/{user_id}")
def user_detail(
    request: Request, user_id: uuid.UUID, session: SessionDep, user: CurrentUser
) -> Response:
    return _detail_page(request, session, user, user_id, {})


def _detail_page(
    request: Request, session: SessionDep, user: User, user_id: uuid.UUID,
    errors: dict[str, str],
) -> Response:  # fmt: skip
    detail = UserAdministration(session).detail(user, user_id)
    return render(
        request, "accounts/detail.html", status_code=422 if errors else 200, detail=detail,
        organizations=OrganizationQueries(session).of_member(user_id), roles=ROLES,
        hubs=HubService(session).all_ordered(), errors=errors or {},
    )  # fmt: skip


@router.post("/admin/users/{user_id}/role")
def change_role(
    request: Request, user_id: uuid.UUID, session: SessionDep, user: CurrentUser, ip: ClientIp,
    role: Annotated[str, Form()] = "", hub: Annotated[str, Form()] = "",
) -> Response:  # fmt: skip
    try:
        data = RoleChangeInput.model_validate({"role": role, "hub": blank(hub)})
        UserAdministration(session).change_role(user, user_id, data.role, data.hub, ip=ip)
    except ValidationError:
        return _detail_page(request, session, user, user_id, {"role": _("Choose a role.")})
    except ValidationFailed as exc:
        return _detail_page(request, session, user, user_id, {exc.field or "role": exc.render(_)})
    flash(request, _("The role was changed."), "success")
    return redirect(f"/admin/users/{user_id}")


@router.post("/admin/users/{user_id}/deactivate")
def deactivate(
    request: Request, user_id: uuid.UUID, session: SessionDep, user: CurrentUser, ip: ClientIp,
    confirmed: Annotated[str, Form()] = "",
) -> Response:  # fmt: skip
    accounts = UserAdministration(session)
    if not is_confirmed(confirmed):
        target = accounts.get(user, user_id)
        if "deactivate" in accounts.allowed_actions(user, target):
            page = f"/admin/users/{user_id}"
            return confirm_page(
                request, "user.deactivate", f"{page}/deactivate", page, target.display_name
            )
    accounts.deactivate(user, user_id, ip=ip)
    undo = {"url": f"/admin/users/{user_id}/reactivate", "label": _("Reactivate")}
    flash(request, _(DEACTIVATED), "success", action=undo)
    return redirect(f"/admin/users/{user_id}")


@router.post("/admin/users/{user_id}/reactivate")
def reactivate(
    request: Request, user_id: uuid.UUID, session: SessionDep, user: CurrentUser, ip: ClientIp
) -> Response:
    UserAdministration(session).reactivate(user, user_id, ip=ip)
    flash(request, _(REACTIVATED), "success")
    return redirect(f"/admin/users/{user_id}")
