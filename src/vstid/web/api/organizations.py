"""Organization endpoints: the directory, one organization, creating one (pending the hub's
verification), verifying it, and asking to join one."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query, status

from vstid.organizations.schemas import (
    JoinRequestOut,
    OrganizationCreate,
    OrganizationOut,
    ReasonIn,
)
from vstid.organizations.service import OrganizationQueries, OrganizationWorkflow
from vstid.web.api.schemas import PageOut
from vstid.web.deps import CurrentUser, PageDep, SessionDep

__all__ = ["router"]

router = APIRouter(tags=["organizations"])


@router.get("/organizations", response_model=PageOut[OrganizationOut])
def list_organizations(
    session: SessionDep, params: PageDep,
    kind: Annotated[str | None, Query(max_length=30)] = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
) -> Any:  # fmt: skip
    page = OrganizationQueries(session).page(params, kind=kind, q=q)
    return PageOut.of(page, [OrganizationOut.model_validate(o) for o in page.items])


@router.post("/organizations", response_model=OrganizationOut, status_code=status.HTTP_201_CREATED)
def create_organization(data: OrganizationCreate, user: CurrentUser, session: SessionDep) -> Any:
    """The new organization is pending until the hub's coordinators verify it; its creator is
    its first admin member."""
    return OrganizationOut.model_validate(OrganizationWorkflow(session).create(user, data))


@router.get("/organizations/verification-queue", response_model=list[OrganizationOut])
def verification_queue(user: CurrentUser, session: SessionDep) -> Any:
    return [OrganizationOut.model_validate(o) for o in OrganizationWorkflow(session).queue(user)]


@router.get("/organizations/join-requests", response_model=list[JoinRequestOut])
def join_requests_to_decide(user: CurrentUser, session: SessionDep) -> Any:
    """Pending requests to join the organizations the user administers."""
    mine = OrganizationWorkflow(session).mine(user)
    return [JoinRequestOut.model_validate(r) for _, r in mine.to_decide]


@router.post("/organizations/join-requests/{request_id}/{action}", response_model=JoinRequestOut)
def decide_join_request(
    request_id: uuid.UUID, action: str, user: CurrentUser, session: SessionDep
) -> Any:
    """`action` is approve or decline; the organization's admins or the hub's coordinators."""
    return JoinRequestOut.model_validate(
        OrganizationWorkflow(session).decide(user, request_id, action)
    )


@router.get("/organizations/{slug}", response_model=OrganizationOut)
def get_organization(slug: str, session: SessionDep) -> Any:
    return OrganizationOut.model_validate(OrganizationQueries(session).get(slug))


@router.post(
    "/organizations/{slug}/join", response_model=JoinRequestOut,
    status_code=status.HTTP_201_CREATED,
)  # fmt: skip
def join_organization(slug: str, user: CurrentUser, session: SessionDep) -> Any:
    org = OrganizationQueries(session).get(slug)
    return JoinRequestOut.model_validate(OrganizationWorkflow(session).request_join(user, org))


@router.post("/organizations/{slug}/verify", response_model=OrganizationOut)
def verify_organization(slug: str, user: CurrentUser, session: SessionDep) -> Any:
    org = OrganizationQueries(session).get(slug)
    return OrganizationOut.model_validate(OrganizationWorkflow(session).verify(user, org))


@router.post("/organizations/{slug}/reject", response_model=OrganizationOut)
def reject_organization(
    slug: str, user: CurrentUser, session: SessionDep, data: ReasonIn | None = None
) -> Any:
    org = OrganizationQueries(session).get(slug)
    reason = data.reason if data else ""
    return OrganizationOut.model_validate(OrganizationWorkflow(session).reject(user, org, reason))
