"""Order workflow endpoints: post, edit, submit, approve/reject, cancel/close, attachments,
ranked experts, shortlist and invitations, and the order's thread. Proposals, projects, the
feed and notifications are in workflow_desk.py, included here."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, UploadFile, status
from pydantic import BaseModel

from vstid.accounts.models import Role
from vstid.accounts.permissions import require_role
from vstid.core.errors import NotFound
from vstid.invitations.schemas import InvitationOut, InviteInput
from vstid.invitations.service import REQUESTER_SIDE, InvitationService
from vstid.matching.service import MatchingService
from vstid.orders.models import OrderStatus
from vstid.orders.schemas import AttachmentOut, OrderInput, OrderOut, OrderPatch, ReasonInput
from vstid.orders.service import OrderFilters, OrderQueries, OrderWorkflow
from vstid.threads.schemas import MessageInput, MessageOut
from vstid.threads.service import ThreadService
from vstid.web.api import workflow_desk
from vstid.web.api.schemas import PageOut
from vstid.web.deps import CurrentUser, OptionalUser, PageDep, SessionDep, SettingsDep

__all__ = ["router"]

router = APIRouter(tags=["workflow"])
router.include_router(workflow_desk.router)


class MatchOut(BaseModel):
    expert_id: uuid.UUID
    expert_slug: str
    expert_name: str
    rank: int
    score: float
    evidence: list[dict[str, Any]]


class MatchesOut(BaseModel):
    ready: bool
    model_version: str | None = None
    matches: list[MatchOut] = []


def _workflow(session: SessionDep, settings: SettingsDep) -> OrderWorkflow:
    return OrderWorkflow(session, settings)


@router.post("/orders", response_model=OrderOut, status_code=status.HTTP_201_CREATED)
def create_order(
    data: OrderInput, user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> Any:
    return OrderOut.model_validate(_workflow(session, settings).create(user, data))


@router.patch("/orders/{slug}", response_model=OrderOut)
def edit_order(
    slug: str, data: OrderPatch, user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> Any:
    workflow = _workflow(session, settings)
    order = workflow.queries.get_visible(slug, user)
    return OrderOut.model_validate(workflow.update(user, order, data))


def _transition_route(action: str) -> None:
    def handle(slug: str, user: CurrentUser, session: SessionDep, settings: SettingsDep) -> Any:
        workflow = _workflow(session, settings)
        order = workflow.queries.get_visible(slug, user)
        if action in ("submit", "approve", "cancel"):
            getattr(workflow, action)(user, order)
        else:
            workflow.transition(user, order, action)
        return OrderOut.model_validate(order)

    handle.__name__ = f"{action}_order"
    router.post(f"/orders/{{slug}}/{action}", response_model=OrderOut, name=f"{action}_order")(
        handle
    )


for _action in ("submit", "approve", "cancel", "close"):
    _transition_route(_action)


@router.post("/orders/{slug}/reject", response_model=OrderOut)
def reject_order(
    slug: str,
    user: CurrentUser,
    session: SessionDep,
    settings: SettingsDep,
    data: ReasonInput | None = None,
) -> Any:
    """Sends the order back with {"reason"}; the role is checked before the reason."""
    workflow = _workflow(session, settings)
    order = workflow.queries.get_visible(slug, user)
    return OrderOut.model_validate(workflow.reject(user, order, data.reason if data else ""))


@router.post(
    "/orders/{slug}/attachments", response_model=AttachmentOut, status_code=status.HTTP_201_CREATED
)
async def upload_attachment(
    slug: str, file: UploadFile, user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> Any:
    # Read one byte past the limit: enough to refuse an oversize file without holding it all.
    content = await file.read(settings.max_upload_bytes + 1)
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
    return [
        AttachmentOut.model_validate(a)
        for a in workflow.attachments(workflow.queries.get_visible(slug, user))
    ]


@router.get("/coordinator/queue", response_model=PageOut[OrderOut])
def approval_queue(user: CurrentUser, session: SessionDep, params: PageDep) -> Any:
    """Submitted orders waiting for approval, within what the caller may see (their hub)."""
    require_role(user, Role.coordinator)
    page = OrderQueries(session).list_visible(
        user, OrderFilters(status=OrderStatus.submitted.value), params
    )
    return PageOut.of(page, [OrderOut.model_validate(o) for o in page.items])


@router.get("/orders/{slug}/matches", response_model=MatchesOut)
def ranked_experts(slug: str, user: CurrentUser, session: SessionDep, settings: SettingsDep) -> Any:
    workflow = _workflow(session, settings)
    order = workflow.queries.get_visible(slug, user)
    workflow.require(user, order, REQUESTER_SIDE)
    snapshot = MatchingService(session, settings).latest_snapshot(order.id)
    if snapshot is None:
        return MatchesOut(ready=False)
    wanted = {uuid.UUID(r["expert_id"]) for r in snapshot.results}
    visible = InvitationService(session, settings).repo.experts_by_ids(wanted, user, scoped=True)
    rows = []
    for r in snapshot.results:
        expert = visible.get(uuid.UUID(r["expert_id"]))
        if expert is not None:  # hidden profiles stay hidden from requesters
            rows.append(
                MatchOut(
                    expert_id=expert.id,
                    expert_slug=expert.slug,
                    expert_name=expert.display_name,
                    rank=r["rank"],
                    score=r["score"],
                    evidence=r.get("evidence", []),
                )
            )
    return MatchesOut(ready=True, model_version=snapshot.model_version, matches=rows)


@router.get("/orders/{slug}/invitations", response_model=list[InvitationOut])
def order_invitations(
    slug: str, user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> Any:
    service = InvitationService(session, settings)
    order = service.workflow.queries.get_visible(slug, user)
    return [InvitationOut.model_validate(v.invitation) for v in service.for_order(user, order)]


@router.post(
    "/orders/{slug}/invitations", response_model=InvitationOut, status_code=status.HTTP_201_CREATED
)
def invite_expert(
    slug: str, data: InviteInput, user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> Any:
    """Shortlists the expert (invite=false) or invites them (a shortlisted expert too)."""
    service = InvitationService(session, settings)
    order = service.workflow.queries.get_visible(slug, user)
    if data.invite:
        row = service.invite(user, order, data.expert_id, data.message)
    else:
        row = service.shortlist(user, order, data.expert_id)
    return InvitationOut.model_validate(row)


@router.get("/invitations", response_model=list[InvitationOut])
def my_invitations(user: CurrentUser, session: SessionDep, settings: SettingsDep) -> Any:
    return [
        InvitationOut.model_validate(v.invitation)
        for v in InvitationService(session, settings).mine(user)
    ]


@router.post("/invitations/{invitation_id}/{answer}", response_model=InvitationOut)
def answer_invitation(
    invitation_id: uuid.UUID,
    answer: str,
    user: CurrentUser,
    session: SessionDep,
    settings: SettingsDep,
) -> Any:
    """answer: accept or decline."""
    if answer not in ("accept", "decline"):
        raise NotFound(f"unknown answer {answer!r}")
    row = InvitationService(session, settings).answer(user, invitation_id, answer == "accept")
    return InvitationOut.model_validate(row)


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
