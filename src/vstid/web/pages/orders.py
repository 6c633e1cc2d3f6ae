"""Order pages: the list, the approval queue, posting and editing (one form model), the order
page with its panel (what depends on who is looking), the lifecycle buttons, attachments and
the order's thread."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import Response

from vstid.core.errors import DomainError, NotFound
from vstid.core.i18n import N_
from vstid.core.i18n import gettext as _
from vstid.orders.models import OrderStatus
from vstid.orders.service import OWNER, STAFF, OrderFilters, OrderQueries, OrderWorkflow
from vstid.organizations.service import OrganizationQueries, OrganizationWorkflow
from vstid.projects.service import ProjectService
from vstid.proposals.service import ProposalService
from vstid.taxonomy.service import TaxonomyService
from vstid.threads.service import ThreadService
from vstid.web.confirm import is_confirmed
from vstid.web.deps import (
    CoordinatorUser,
    CurrentUser,
    OptionalUser,
    PageDep,
    SessionDep,
    SettingsDep,
)
from vstid.web.pages._confirm import confirm_page
from vstid.web.pages._order_form import (
    FormInvalid,
    OrderForm,
    OrderFormDep,
    form_page,
    read_files,
    store_files,
)
from vstid.web.pages.base import blank, flash, redirect, render, safe_next
from vstid.web.uploads import download_response

__all__ = ["router"]

router = APIRouter()
# What each lifecycle button did, said after the redirect (translated when shown).
DONE = {
    "submit": N_("Your order was sent to the hub's coordinators for approval."),
    "approve": N_("The order is approved and open. Matching experts are being ranked."),
    "reject": N_("The order was sent back to the requester with your reason."),
    "cancel": N_("The order was cancelled."),
    "close": N_("The order is closed."),
}
ASK_FIRST = {"cancel": "order.cancel", "close": "order.close"}  # buttons that cannot be undone


@router.get("/orders")
def orders_list(
    request: Request, session: SessionDep, user: OptionalUser, params: PageDep,
    q: str | None = None, status: str | None = None, field: str | None = None,
) -> Response:  # fmt: skip
    status = status if status in {s.value for s in OrderStatus} else None
    filters = OrderFilters(q=blank(q), status=status, field=blank(field))
    page = OrderQueries(session).list_visible(user, filters, params)
    orgs = OrganizationQueries(session).by_ids({o.organization_id for o in page.items})
    taxonomy = TaxonomyService(session)
    return render(
        request, "orders/list.html", page=page, filters=filters, orgs=orgs,
        field_labels=taxonomy.labels(), fields=taxonomy.ordered(),
        statuses=[s.value for s in OrderStatus],
    )  # fmt: skip


@router.get("/orders/mine")
def my_orders(
    request: Request, session: SessionDep, user: CurrentUser, params: PageDep,
    status: str | None = None,
) -> Response:  # fmt: skip
    """The orders of the requester's organizations in every state, with a chip per state."""
    status = status if status in {s.value for s in OrderStatus} else None
    page, counts = OrderQueries(session).mine(user, status, params)
    orgs = OrganizationQueries(session).by_ids({o.organization_id for o in page.items})
    return render(
        request, "orders/mine.html", page=page, counts=counts, status=status, orgs=orgs,
        field_labels=TaxonomyService(session).labels(),
        statuses=[s.value for s in OrderStatus if counts.get(s.value)],
    )  # fmt: skip


@router.get("/coordinator")
def approval_queue(
    request: Request, session: SessionDep, user: CoordinatorUser, params: PageDep
) -> Response:
    """Submitted orders of the coordinator's hub, to edit, approve or reject with a reason."""
    submitted = OrderFilters(status=OrderStatus.submitted.value)
    page = OrderQueries(session).list_visible(user, submitted, params)
    orgs = OrganizationQueries(session).by_ids({o.organization_id for o in page.items})
    labels = TaxonomyService(session).labels()
    return render(request, "orders/queue.html", page=page, orgs=orgs, field_labels=labels)


@router.get("/orders/new")
def new_order_form(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    organizations = OrganizationWorkflow(session)
    if not user.is_staff and not organizations.has_membership(user):
        # Say so before the form: without an organization the order could never be saved.
        requests = organizations.mine(user).requests
        return render(request, "organizations/need_membership.html", requests=requests)
    form = OrderForm({"language": user.locale, "currency": "VND", "confidentiality": "public",
                      "engagement_type": "consulting", "fields": []})  # fmt: skip
    return form_page(request, session, form)


@router.post("/orders/new")
def create_order(
    request: Request, session: SessionDep, settings: SettingsDep, user: CurrentUser,
    form: OrderFormDep, intent: Annotated[str, Form()] = "draft",
) -> Response:  # fmt: skip
    workflow = OrderWorkflow(session, settings)
    try:
        data, files = form.parse(workflow)
        order = workflow.create(user, data)
    except FormInvalid as exc:
        return form_page(request, session, form, exc.errors)
    store_files(workflow, user, order, files)
    if intent == "submit":
        workflow.submit(user, order)
        flash(request, _(DONE["submit"]), "success")
    else:
        flash(request, _("Draft saved. Submit it when it is ready."), "success")
    return redirect(f"/orders/{order.slug}")


@router.get("/orders/{slug}")
def order_detail(
    request: Request, slug: str, session: SessionDep, settings: SettingsDep, user: OptionalUser
) -> Response:
    # The workflow panel is rendered in this response, not loaded after it: loading it pushed
    # the page down once it arrived (a layout shift under the reader's cursor).
    panel = panel_context(request, session, settings, slug, user)
    org = OrganizationQueries(session).by_id(panel["order"].organization_id)
    labels = TaxonomyService(session).labels()
    return render(request, "orders/detail.html", org=org, field_labels=labels, **panel)


@router.get("/orders/{slug}/edit")
def edit_order_form(
    request: Request, slug: str, session: SessionDep, settings: SettingsDep, user: CurrentUser
) -> Response:
    workflow = OrderWorkflow(session, settings)
    order = workflow.queries.get_visible(slug, user)
    workflow.require(user, order, frozenset({OWNER, STAFF}))
    return form_page(request, session, OrderForm.of(order), order=order)


@router.post("/orders/{slug}/edit")
def edit_order(
    request: Request, slug: str, session: SessionDep, settings: SettingsDep, user: CurrentUser,
    form: OrderFormDep,
) -> Response:  # fmt: skip
    workflow = OrderWorkflow(session, settings)
    order = workflow.queries.get_visible(slug, user)
    try:
        data, files = form.parse(workflow)
        workflow.update(user, order, data)
    except FormInvalid as exc:
        return form_page(request, session, form, exc.errors, order)
    store_files(workflow, user, order, files)
    flash(request, _("Changes saved."), "success")
    return redirect(f"/orders/{order.slug}")


@router.post("/orders/{slug}/do/{action}")
def order_action(
    request: Request, slug: str, action: str, session: SessionDep, settings: SettingsDep,
    user: CurrentUser, reason: Annotated[str, Form()] = "", next: Annotated[str, Form()] = "",
    confirmed: Annotated[str, Form()] = "",
) -> Response:  # fmt: skip
    workflow = OrderWorkflow(session, settings)
    order = workflow.queries.get_visible(slug, user)
    if action not in DONE:
        raise NotFound(N_("page not found"))
    # only an action the user may take now asks first; any other gets the service's refusal
    asks = action in ASK_FIRST and action in workflow.allowed_actions(user, order)
    if asks and not is_confirmed(confirmed):
        page, fields = f"/orders/{slug}/do/{action}", {"next": next} if next else {}
        return confirm_page(
            request, ASK_FIRST[action], page, f"/orders/{slug}", order.title, fields
        )
    if action == "reject":
        workflow.reject(user, order, reason)
    elif action == "close":
        workflow.transition(user, order, action)
    else:
        getattr(workflow, action)(user, order)
    flash(request, _(DONE[action]), "success")
    back = safe_next(next)
    return redirect(back if next and back == next else f"/orders/{slug}")


def panel_context(request: Request, session: SessionDep, settings: SettingsDep, slug: str,
                  user: Any) -> dict[str, Any]:  # fmt: skip
    workflow = OrderWorkflow(session, settings)
    order = workflow.queries.get_visible(slug, user)
    roles = workflow.roles_of(user, order)
    threads = ThreadService(session, settings)
    proposals = ProposalService(session, settings)
    side = proposals.expert_side(user, order)
    return {
        "order": order, "roles": roles, "is_owner": OWNER in roles, "is_staff": STAFF in roles,
        "actions": workflow.allowed_actions(user, order),
        "unverified_org": workflow.unverified_organization(order),
        "can_edit": workflow.can_edit(user, order),
        "attachments": workflow.attachments(order),
        "can_attach": workflow.can_attach(user, order),
        "proposal_count": proposals.count_for_order(user, order),
        "project": ProjectService(session, settings).for_order(user, order),
        "thread": threads.entries(user, order) if threads.may_take_part(user, order) else None,
        "expert": side.expert, "invitation": side.invitation, "my_proposal": side.my_proposal,
    }  # fmt: skip


@router.get("/orders/{slug}/panel")
def workflow_panel(
    request: Request, slug: str, session: SessionDep, settings: SettingsDep, user: OptionalUser
) -> Response:
    """The part of the order page that depends on who is looking, on its own (the order page
    renders it inline; an HTMX request gets the fragment to refresh it in place)."""
    fragment = request.headers.get("hx-request")
    template = "orders/_panel.html" if fragment else "orders/panel_page.html"
    return render(request, template, **panel_context(request, session, settings, slug, user))


@router.post("/orders/{slug}/attachments")
def upload(
    request: Request, slug: str, session: SessionDep, settings: SettingsDep, user: CurrentUser,
    attachments: Annotated[list[UploadFile] | None, File()] = None,
) -> Response:  # fmt: skip
    workflow = OrderWorkflow(session, settings)
    order = workflow.queries.get_visible(slug, user)
    try:
        files = read_files(workflow, attachments or [])
    except DomainError as exc:
        flash(request, exc.render(_), "error")
        return redirect(f"/orders/{slug}")
    store_files(workflow, user, order, files)
    return redirect(f"/orders/{slug}")


@router.get("/orders/{slug}/attachments/{attachment_id}")
def download(
    slug: str, attachment_id: uuid.UUID, session: SessionDep, settings: SettingsDep,
    user: OptionalUser,
) -> Response:  # fmt: skip
    workflow = OrderWorkflow(session, settings)
    order = workflow.queries.get_visible(slug, user)
    row, chunks = workflow.attachment_file(order, attachment_id)
    return download_response(chunks, row.content_type, row.filename, row.size_bytes)


@router.post("/orders/{slug}/thread")
def post_message(
    request: Request, slug: str, session: SessionDep, settings: SettingsDep, user: CurrentUser,
    body: Annotated[str, Form()] = "",
) -> Response:  # fmt: skip
    service = ThreadService(session, settings)
    order = service.workflow.queries.get_visible(slug, user)
    try:
        service.post(user, order, body)
    except DomainError as exc:
        if exc.status != 422:
            raise
        flash(request, _("Write a message first."), "error")
    return redirect(f"/orders/{slug}#thread")
