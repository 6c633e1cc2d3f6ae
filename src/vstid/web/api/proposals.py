"""Proposal endpoints: send, withdraw, the requester side's review (stages, internal comments,
decline, accept -> a project), and the expert's feed of orders to answer."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from fastapi import APIRouter, status
from pydantic import BaseModel

from vstid.accounts.models import User
from vstid.matching.feed import ExpertFeed
from vstid.orders.schemas import OrderOut
from vstid.orders.service import OrderQueries
from vstid.projects.schemas import ProjectInput, ProjectOut
from vstid.projects.service import ProjectService
from vstid.proposals.models import ProposalComment
from vstid.proposals.schemas import CommentInput, ProposalInput, ProposalOut, StageInput
from vstid.proposals.service import ProposalService
from vstid.web.deps import CurrentUser, SessionDep, SettingsDep

__all__ = ["router"]

router = APIRouter(tags=["proposals"])


class CommentOut(BaseModel):
    id: uuid.UUID
    author_id: uuid.UUID
    author_name: str
    body: str
    created_at: datetime


class FeedItemOut(BaseModel):
    order: OrderOut
    score: float
    proposed: bool


def _proposals(session: SessionDep, settings: SettingsDep) -> ProposalService:
    return ProposalService(session, settings)


@router.post(
    "/orders/{slug}/proposals", response_model=ProposalOut, status_code=status.HTTP_201_CREATED
)
def send_proposal(
    slug: str, data: ProposalInput, user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> Any:
    order = OrderQueries(session).get_visible(slug, user)
    return ProposalOut.model_validate(_proposals(session, settings).submit(user, order, data))


@router.get("/orders/{slug}/proposals", response_model=list[ProposalOut])
def order_proposals(
    slug: str, user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> Any:
    order = OrderQueries(session).get_visible(slug, user)
    return [
        ProposalOut.model_validate(p)
        for p, _e in _proposals(session, settings).for_order(user, order)
    ]


@router.get("/proposals/mine", response_model=list[ProposalOut])
def my_proposals(user: CurrentUser, session: SessionDep, settings: SettingsDep) -> Any:
    return [ProposalOut.model_validate(p) for p, _o in _proposals(session, settings).mine(user)]


@router.get("/proposals/{proposal_id}", response_model=ProposalOut)
def get_proposal(
    proposal_id: uuid.UUID, user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> Any:
    return ProposalOut.model_validate(
        _proposals(session, settings).access(user, proposal_id).proposal
    )


@router.post("/proposals/{proposal_id}/withdraw", response_model=ProposalOut)
def withdraw_proposal(
    proposal_id: uuid.UUID, user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> Any:
    return ProposalOut.model_validate(_proposals(session, settings).withdraw(user, proposal_id))


@router.post("/proposals/{proposal_id}/decline", response_model=ProposalOut)
def decline_proposal(
    proposal_id: uuid.UUID, user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> Any:
    return ProposalOut.model_validate(_proposals(session, settings).decline(user, proposal_id))


@router.post("/proposals/{proposal_id}/stage", response_model=ProposalOut)
def move_proposal(
    proposal_id: uuid.UUID,
    data: StageInput,
    user: CurrentUser,
    session: SessionDep,
    settings: SettingsDep,
) -> Any:
    return ProposalOut.model_validate(
        _proposals(session, settings).move(user, proposal_id, data.stage)
    )


@router.get("/proposals/{proposal_id}/comments", response_model=list[CommentOut])
def proposal_comments(
    proposal_id: uuid.UUID, user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> Any:
    rows = _proposals(session, settings).comments_of(user, proposal_id)
    return [_comment_out(e.comment, e.author) for e in rows]


@router.post(
    "/proposals/{proposal_id}/comments",
    response_model=CommentOut,
    status_code=status.HTTP_201_CREATED,
)
def comment_proposal(
    proposal_id: uuid.UUID,
    data: CommentInput,
    user: CurrentUser,
    session: SessionDep,
    settings: SettingsDep,
) -> Any:
    return _comment_out(_proposals(session, settings).comment(user, proposal_id, data.body), user)


def _comment_out(comment: ProposalComment, author: User) -> CommentOut:
    return CommentOut(
        id=comment.id, author_id=comment.author_id, author_name=author.display_name,
        body=comment.body, created_at=comment.created_at,
    )  # fmt: skip


@router.post(
    "/proposals/{proposal_id}/accept",
    response_model=ProjectOut,
    status_code=status.HTTP_201_CREATED,
)
def accept_proposal(
    proposal_id: uuid.UUID,
    data: ProjectInput,
    user: CurrentUser,
    session: SessionDep,
    settings: SettingsDep,
) -> Any:
    project = ProjectService(session, settings).open_from_proposal(user, proposal_id, data)
    return ProjectOut.model_validate(project)


@router.get("/feed", response_model=list[FeedItemOut])
def feed(user: CurrentUser, session: SessionDep, settings: SettingsDep) -> Any:
    return [
        FeedItemOut(order=OrderOut.model_validate(i.order), score=i.score, proposed=i.proposed)
        for i in ExpertFeed(session, settings).for_user(user)
    ]
