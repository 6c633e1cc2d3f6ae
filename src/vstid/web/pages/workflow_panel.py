"""What the order page shows below the order, depending on who is looking: lifecycle buttons,
attachments, the expert's invitation and proposal, the review links, and the thread."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import FileResponse, Response
from sqlalchemy.orm import Session

from vstid.accounts.models import User
from vstid.core.errors import DomainError
from vstid.core.i18n import gettext as _
from vstid.core.settings import Settings
from vstid.experts.repository import ExpertRepository
from vstid.invitations.repository import InvitationRepository
from vstid.orders.models import Order, OrderStatus
from vstid.orders.service import OrderWorkflow
from vstid.orders.states import EDITABLE, ORDER_STATES, OWNER, STAFF
from vstid.projects.service import ProjectService
from vstid.proposals.repository import ProposalRepository
from vstid.threads.service import ThreadService
from vstid.web.deps import CurrentUser, OptionalUser, SessionDep, SettingsDep
from vstid.web.pages.base import flash, redirect, render
from vstid.web.pages.orders_workflow import read_files, store_files

__all__ = ["allowed_actions", "panel_context", "router"]

router = APIRouter()


def allowed_actions(roles: set[str], order: Order) -> list[str]:
    """Buttons offered are exactly the transitions the service would accept."""
    return ORDER_STATES.allowed(order.status, roles)


def _expert_side(session: Session, user: User | None, order: Order) -> dict[str, Any]:
    expert = ExpertRepository(session).by_user(user.id) if user else None
    if expert is None:
        return {"expert": None, "invitation": None, "my_proposal": None}
    return {
        "expert": expert,
        "invitation": InvitationRepository(session).find(order.id, expert.id),
        "my_proposal": ProposalRepository(session).find(order.id, expert.id),
    }


def panel_context(
    session: Session, settings: Settings, slug: str, user: User | None
) -> dict[str, Any]:
    workflow = OrderWorkflow(session, settings)
    order = workflow.queries.get_visible(slug, user)
    roles = workflow.roles_of(user, order)
    threads = ThreadService(session, settings)
    in_thread = threads.may_take_part(user, order)
    return {
        "order": order,
        "roles": roles,
        "is_owner": OWNER in roles,
        "is_staff": STAFF in roles,
        "actions": allowed_actions(roles, order),
        "can_edit": any(order.status in EDITABLE[r] for r in roles),
        "attachments": workflow.attachments(order),
        "can_attach": bool(roles)
        and order.status not in (OrderStatus.closed, OrderStatus.cancelled),
        "proposal_count": len(ProposalRepository(session).for_order(order.id)) if roles else 0,
        "project": ProjectService(session, settings).for_order(user, order),
        "thread": threads.entries(user, order) if in_thread else None,
        **_expert_side(session, user, order),
    }


@router.get("/orders/{slug}/panel")
def workflow_panel(
    request: Request, slug: str, session: SessionDep, settings: SettingsDep, user: OptionalUser
) -> Response:
    """The part of the order page that depends on who is looking (loaded into `order_extra`)."""
    # Without JavaScript the link in the order page opens the panel as a page of its own.
    template = (
        "orders/_panel.html" if request.headers.get("hx-request") else "orders/panel_page.html"
    )
    return render(request, template, **panel_context(session, settings, slug, user))


@router.post("/orders/{slug}/attachments")
async def upload(
    request: Request,
    slug: str,
    session: SessionDep,
    settings: SettingsDep,
    user: CurrentUser,
    attachments: Annotated[list[UploadFile] | None, File()] = None,
) -> Response:
    workflow = OrderWorkflow(session, settings)
    order = workflow.queries.get_visible(slug, user)
    try:
        files = await read_files(workflow, attachments or [])
    except DomainError as exc:
        flash(request, _(exc.message), "error")
        return redirect(f"/orders/{slug}")
    store_files(workflow, user, order, files)
    return redirect(f"/orders/{slug}")


@router.get("/orders/{slug}/attachments/{attachment_id}")
def download(
    slug: str,
    attachment_id: uuid.UUID,
    session: SessionDep,
    settings: SettingsDep,
    user: OptionalUser,
) -> Response:
    workflow = OrderWorkflow(session, settings)
    row, path = workflow.attachment_file(workflow.queries.get_visible(slug, user), attachment_id)
    return FileResponse(path, media_type=row.content_type, filename=row.filename)


@router.post("/orders/{slug}/thread")
def post_message(
    request: Request,
    slug: str,
    session: SessionDep,
    settings: SettingsDep,
    user: CurrentUser,
    body: Annotated[str, Form()] = "",
) -> Response:
    service = ThreadService(session, settings)
    order = service.workflow.queries.get_visible(slug, user)
    try:
        service.post(user, order, body)
    except DomainError as exc:
        if exc.status != 422:
            raise
        flash(request, _("Write a message first."), "error")
    return redirect(f"/orders/{slug}#thread")
