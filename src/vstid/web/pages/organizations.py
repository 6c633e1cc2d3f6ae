"""The organizations directory and one organization's page; creating an organization (pending
the hub's verification), asking to join one, "My organizations" and the coordinators'
verification queue."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from pydantic import ValidationError

from vstid.core.errors import DomainError, NotFound
from vstid.core.i18n import N_
from vstid.core.i18n import gettext as _
from vstid.core.pagination import PageParams
from vstid.hubs.service import HubService
from vstid.orders.service import OrderFilters, OrderQueries
from vstid.organizations.models import OrgKind
from vstid.organizations.schemas import OrganizationCreate
from vstid.organizations.service import OrganizationQueries, OrganizationWorkflow
from vstid.web.deps import CurrentUser, OptionalUser, PageDep, SessionDep
from vstid.web.pages.base import blank, flash, redirect, render
from vstid.web.validation import field_of, validation_message

__all__ = ["router"]

router = APIRouter()
ORDERS_SHOWN = 50
KINDS = [k.value for k in OrgKind]
DONE = {
    "verify": N_("The organization is verified; its orders can now be approved."),
    "reject": N_("The organization was rejected; its creator was told your reason."),
    "approve": N_("The request was approved: they are now a member."),
    "decline": N_("The request was declined."),
}


@router.get("/organizations")
def organizations_list(
    request: Request, session: SessionDep, params: PageDep, kind: str | None = None,
    q: str | None = None,
) -> Response:  # fmt: skip
    kind = kind if kind in KINDS else None
    page = OrganizationQueries(session).page(params, kind=kind, q=blank(q))
    return render(request, "organizations/list.html", page=page, kind=kind, q=q or "", kinds=KINDS)


def _create_page(
    request: Request, session: SessionDep, form: dict[str, str], errors: dict[str, str]
) -> Response:
    return render(
        request, "organizations/new.html", status_code=422 if errors else 200, form=form,
        errors=errors, kinds=KINDS, hubs=HubService(session).all_ordered(),
    )  # fmt: skip


@router.get("/organizations/new")
def new_organization_form(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    form = {"hub_id": str(user.hub_id or ""), "kind": OrgKind.enterprise.value, "country": "VN"}
    return _create_page(request, session, form, {})


@router.post("/organizations/new")
def create_organization(
    request: Request, session: SessionDep, user: CurrentUser, name: Annotated[str, Form()] = "",
    kind: Annotated[str, Form()] = "", country: Annotated[str, Form()] = "",
    hub_id: Annotated[str, Form()] = "", website: Annotated[str, Form()] = "",
) -> Response:  # fmt: skip
    form = {"name": name, "kind": kind, "country": country, "hub_id": hub_id, "website": website}
    try:
        data = OrganizationCreate.model_validate({k: v or None for k, v in form.items()})
        OrganizationWorkflow(session).create(user, data)
    except ValidationError as exc:
        errors = {field_of(e): validation_message(e, _) for e in exc.errors()}
        return _create_page(request, session, form, errors)
    except DomainError as exc:
        return _create_page(request, session, form, {exc.field or "form": exc.render(_)})
    flash(request, _("Your organization was created. It awaits verification by the hub's "
                     "coordinators; you can already write draft orders."), "success")  # fmt: skip
    return redirect("/organizations/mine")


@router.get("/organizations/join")
def join_page(
    request: Request, session: SessionDep, user: CurrentUser, params: PageDep,
    q: str | None = None,
) -> Response:  # fmt: skip
    page = OrganizationQueries(session).page(params, q=blank(q))
    return render(request, "organizations/join.html", page=page, q=q or "")


@router.get("/organizations/mine")
def my_organizations(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    mine = OrganizationWorkflow(session).mine(user)
    return render(request, "organizations/mine.html", mine=mine)


@router.get("/organizations/verification")
def verification_queue(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    pending = OrganizationWorkflow(session).queue(user)
    hub_codes = HubService(session).codes()  # an admin's queue spans every hub
    return render(request, "organizations/queue.html", pending=pending, hub_codes=hub_codes)


@router.post("/organizations/join-requests/{request_id}/{action}")
def decide_join_request(
    request: Request, request_id: uuid.UUID, action: str, session: SessionDep, user: CurrentUser
) -> Response:
    OrganizationWorkflow(session).decide(user, request_id, action)
    flash(request, _(DONE[action]), "success")
    return redirect("/organizations/mine")


@router.post("/organizations/{slug}/join")
def ask_to_join(request: Request, slug: str, session: SessionDep, user: CurrentUser) -> Response:
    org = OrganizationQueries(session).get(slug)
    OrganizationWorkflow(session).request_join(user, org)
    flash(request, _("Your request was sent to the organization's admins."), "success")
    return redirect("/organizations/mine")


@router.post("/organizations/{slug}/do/{action}")
def organization_action(
    request: Request, slug: str, action: str, session: SessionDep, user: CurrentUser,
    reason: Annotated[str, Form()] = "",
) -> Response:  # fmt: skip
    org = OrganizationQueries(session).get(slug)
    workflow = OrganizationWorkflow(session)
    if action == "verify":
        workflow.verify(user, org)
    elif action == "reject":
        workflow.reject(user, org, reason)
    else:
        raise NotFound(N_("page not found"))
    flash(request, _(DONE[action]), "success")
    return redirect("/organizations/verification")


@router.get("/organizations/{slug}")
def organization_detail(
    request: Request, slug: str, session: SessionDep, user: OptionalUser
) -> Response:
    queries = OrganizationQueries(session)
    org = queries.get(slug)
    orders = OrderQueries(session).list_visible(
        user, OrderFilters(organization_id=org.id), PageParams(1, ORDERS_SHOWN)
    )
    extra: dict[str, Any] = {"actions": [], "can_join": False}
    if user is not None:
        workflow = OrganizationWorkflow(session)
        extra = {"actions": workflow.allowed_actions(user, org),
                 "can_join": workflow.can_ask_to_join(user, org)}  # fmt: skip
    return render(
        request, "organizations/detail.html", org=org, parent=queries.by_id(org.parent_id),
        members=queries.members_of(org), orders=orders.items, **extra,
    )  # fmt: skip
