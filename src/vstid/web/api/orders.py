"""Order endpoints: list and read (with what the caller may do now), post, edit, the lifecycle
transitions, attachments, the coordinators' approval queue, and the order's thread."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query, UploadFile, status
from fastapi.responses import StreamingResponse

from vstid.accounts.models import Role, User
from vstid.accounts.permissions import require_role
from vstid.orders.models import Order, OrderStatus
from vstid.orders.schemas import AttachmentOut, OrderInput, OrderOut, OrderPatch, ReasonInput
from vstid.orders.service import OrderFilters, OrderWorkflow
from vstid.threads.schemas import MessageInput, MessageOut
from vstid.threads.service import ThreadService
from vstid.web.api.schemas import PageOut
from vstid.web.deps import CurrentUser, OptionalUser, PageDep, SessionDep, SettingsDep
from vstid.web.uploads import download_response, read_upload

__all__ = ["router"]

router = APIRouter(tags=["orders"])


def _workflow(session: SessionDep, settings: SettingsDep) -> OrderWorkflow:
    return OrderWorkflow(session, settings)


def order_out(workflow: OrderWorkflow, user: User | None, order: Order) -> OrderOut:
    """The order with the transitions this caller may make now (the page's buttons)."""
    out = OrderOut.model_validate(order)
    out.allowed_actions = workflow.allowed_actions(user, order)
    return out


@router.get("/orders", response_model=PageOut[OrderOut])
def list_orders(
    session: SessionDep, settings: SettingsDep, user: OptionalUser, params: PageDep,
    q: Annotated[str | None, Query(max_length=200)] = None,
    status: OrderStatus | None = None,
    field: Annotated[str | None, Query(max_length=50)] = None,
) -> Any:  # fmt: skip
    workflow = _workflow(session, settings)
    filters = OrderFilters(q=q, status=status.value if status else None, field=field)
    page = workflow.queries.list_visible(user, filters, params)
    return PageOut.of(page, [order_out(workflow, user, o) for o in page.items])


@router.get("/orders/mine", response_model=PageOut[OrderOut])
def my_orders(
    session: SessionDep, settings: SettingsDep, user: CurrentUser, params: PageDep,
    status: OrderStatus | None = None,
) -> Any:  # fmt: skip
    """The orders of the caller's organizations, in every state (or the one asked for)."""
    workflow = _workflow(session, settings)
    page, _counts = workflow.queries.mine(user, status.value if status else None, params)
    return PageOut.of(page, [order_out(workflow, user, o) for o in page.items])


@router.get("/orders/{slug}", response_model=OrderOut)
def get_order(slug: str, session: SessionDep, settings: SettingsDep, user: OptionalUser) -> Any:
    workflow = _workflow(session, settings)
    return order_out(workflow, user, workflow.queries.get_visible(slug, user))


@router.post("/orders", response_model=OrderOut, status_code=status.HTTP_201_CREATED)
def create_order(
    data: OrderInput, user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> Any:
    workflow = _workflow(session, settings)
    return order_out(workflow, user, workflow.create(user, data))


@router.patch("/orders/{slug}", response_model=OrderOut)
def edit_order(
    slug: str, data: OrderPatch, user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> Any:
    workflow = _workflow(session, settings)
    order = workflow.queries.get_visible(slug, user)
    return order_out(workflow, user, workflow.update(user, order, data))


def _transition_route(action: str) -> None:
    def handle(slug: str, user: CurrentUser, session: SessionDep, settings: SettingsDep) -> Any:
        workflow = _workflow(session, settings)
        order = workflow.queries.get_visible(slug, user)
        if action in ("submit", "approve", "cancel"):
            getattr(workflow, action)(user, order)
        else:
            workflow.transition(user, order, action)
        return order_out(workflow, user, order)

    handle.__name__ = f"{action}_order"
    router.post(f"/orders/{{slug}}/{action}", response_model=OrderOut, name=f"{action}_order")(
        handle
    )


for _action in ("submit", "approve", "cancel", "close"):
    _transition_route(_action)


@router.post("/orders/{slug}/reject", response_model=OrderOut)
def reject_order(
    slug: str, user: CurrentUser, session: SessionDep, settings: SettingsDep,
    data: ReasonInput | None = None,
) -> Any:  # fmt: skip
    """Sends the order back with {"reason"}; the role is checked before the reason."""
    workflow = _workflow(session, settings)
    order = workflow.queries.get_visible(slug, user)
    return order_out(workflow, user, workflow.reject(user, order, data.reason if data else ""))


@router.post(
    "/orders/{slug}/attachments", response_model=AttachmentOut, status_code=status.HTTP_201_CREATED
)
def upload_attachment(
    slug: str, file: UploadFile, user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> Any:
    content = read_upload(file, settings.max_upload_bytes)
    workflow = _workflow(session, settings)
    order = workflow.queries.get_visible(slug, user)
    return AttachmentOut.model_validate(
        workflow.add_attachment(user, order, file.filename or "file", content)
    )


@router.get("/orders/{slug}/attachments", response_model=list[AttachmentOut])
def list_attachments(
    slug: str, user: OptionalUser, session: SessionDep, settings: SettingsDep
) -> Any:
    workflow = _workflow(session, settings)
    order = workflow.queries.get_visible(slug, user)
    return [AttachmentOut.model_validate(a) for a in workflow.attachments(order)]


@router.get(
    "/orders/{slug}/attachments/{attachment_id}",
    response_class=StreamingResponse,
    responses={
        200: {
            "description": "The file, sent with the type it was checked as on upload",
            "content": {"*/*": {"schema": {"type": "string", "format": "binary"}}},
        }
    },
)
def download_attachment(
    slug: str, attachment_id: uuid.UUID, user: OptionalUser, session: SessionDep,
    settings: SettingsDep,
) -> Any:  # fmt: skip
    """The attachment's content, from whichever storage the platform uses."""
    workflow = _workflow(session, settings)
    row, chunks = workflow.attachment_file(workflow.queries.get_visible(slug, user), attachment_id)
    return download_response(chunks, row.content_type, row.filename, row.size_bytes)


@router.get("/coordinator/queue", response_model=PageOut[OrderOut])
def approval_queue(
    user: CurrentUser, session: SessionDep, settings: SettingsDep, params: PageDep
) -> Any:
    """Submitted orders waiting for approval, within what the caller may see (their hub)."""
    require_role(user, Role.coordinator)
    workflow = _workflow(session, settings)
    submitted = OrderFilters(status=OrderStatus.submitted.value)
    page = workflow.queries.list_visible(user, submitted, params)
    return PageOut.of(page, [order_out(workflow, user, o) for o in page.items])


@router.get("/orders/{slug}/thread", response_model=list[MessageOut])
def read_thread(slug: str, user: CurrentUser, session: SessionDep, settings: SettingsDep) -> Any:
    service = ThreadService(session, settings)
    order = service.workflow.queries.get_visible(slug, user)
    return [_message_out(e.message, e.author) for e in service.entries(user, order)]


@router.post(
    "/orders/{slug}/thread", response_model=MessageOut, status_code=status.HTTP_201_CREATED
)
def post_to_thread(
    slug: str, data: MessageInput, user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> Any:
    service = ThreadService(session, settings)
    order = service.workflow.queries.get_visible(slug, user)
    return _message_out(service.post(user, order, data.body), user)


def _message_out(message: Any, author: Any) -> MessageOut:
    return MessageOut(
        id=message.id,
        author=author.display_name,
        author_role=author.role,
        body=message.body,
        created_at=message.created_at,
    )
