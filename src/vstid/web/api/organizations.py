"""Organization endpoints: the directory, one organization, creating one (pending the hub's
verification), verifying it, and asking to join one."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, File, Query, UploadFile, status

from vstid.organizations.logos import LOGO_MAX_BYTES
from vstid.organizations.models import Organization
from vstid.organizations.profile import OrganizationProfiles
from vstid.organizations.schemas import (
    JoinRequestOut,
    MemberOut,
    OrganizationCreate,
    OrganizationOut,
    OrganizationUpdate,
    ReasonIn,
)
from vstid.organizations.service import OrganizationQueries, OrganizationWorkflow
from vstid.web.api.schemas import PageOut
from vstid.web.deps import CurrentUser, OptionalUser, PageDep, SessionDep, SettingsDep
from vstid.web.org_display import logo_url
from vstid.web.uploads import read_upload

__all__ = ["router"]

router = APIRouter(tags=["organizations"])


def _out(org: Organization) -> OrganizationOut:
    out = OrganizationOut.model_validate(org)
    out.logo_url = logo_url(org, 256)
    return out


@router.get("/organizations", response_model=PageOut[OrganizationOut])
def list_organizations(
    session: SessionDep, user: OptionalUser, params: PageDep,
    kind: Annotated[str | None, Query(max_length=30)] = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
) -> Any:  # fmt: skip
    """Verified organizations, and the pending ones the caller created, belongs to or
    verifies."""
    page = OrganizationQueries(session).page(user, params, kind=kind, q=q)
    return PageOut.of(page, [_out(o) for o in page.items])


@router.post("/organizations", response_model=OrganizationOut, status_code=status.HTTP_201_CREATED)
def create_organization(data: OrganizationCreate, user: CurrentUser, session: SessionDep) -> Any:
    """The new organization is pending until the hub's coordinators verify it; its creator is
    its first admin member."""
    return _out(OrganizationWorkflow(session).create(user, data))


@router.get("/organizations/verification-queue", response_model=list[OrganizationOut])
def verification_queue(user: CurrentUser, session: SessionDep) -> Any:
    return [_out(o) for o in OrganizationWorkflow(session).queue(user)]


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
def get_organization(slug: str, session: SessionDep, user: OptionalUser) -> Any:
    return _out(OrganizationQueries(session).get(slug, user))


@router.post(
    "/organizations/{slug}/join", response_model=JoinRequestOut,
    status_code=status.HTTP_201_CREATED,
)  # fmt: skip
def join_organization(slug: str, user: CurrentUser, session: SessionDep) -> Any:
    org = OrganizationQueries(session).get(slug, user)
    return JoinRequestOut.model_validate(OrganizationWorkflow(session).request_join(user, org))


@router.post("/organizations/{slug}/verify", response_model=OrganizationOut)
def verify_organization(slug: str, user: CurrentUser, session: SessionDep) -> Any:
    org = OrganizationQueries(session).get(slug, user)
    return _out(OrganizationWorkflow(session).verify(user, org))


@router.post("/organizations/{slug}/reject", response_model=OrganizationOut)
def reject_organization(
    slug: str, user: CurrentUser, session: SessionDep, data: ReasonIn | None = None
) -> Any:
    org = OrganizationQueries(session).get(slug, user)
    reason = data.reason if data else ""
    return _out(OrganizationWorkflow(session).reject(user, org, reason))


@router.patch("/organizations/{slug}", response_model=OrganizationOut)
def update_organization(
    slug: str, data: OrganizationUpdate, user: CurrentUser, session: SessionDep,
    settings: SettingsDep,
) -> Any:  # fmt: skip
    """The organization's admins (or the hub's coordinators) edit its profile."""
    org = OrganizationQueries(session).get(slug, user)
    OrganizationProfiles(session, settings).update(user, org, data)
    return _out(org)


@router.post("/organizations/{slug}/logo", response_model=OrganizationOut)
def upload_logo(
    slug: str, user: CurrentUser, session: SessionDep, settings: SettingsDep,
    logo: UploadFile = File(),
) -> Any:  # fmt: skip
    """PNG, JPEG or WebP up to 2 MB; stored square at 256 and 64 px, without its metadata."""
    org = OrganizationQueries(session).get(slug, user)
    content = read_upload(logo, LOGO_MAX_BYTES)
    OrganizationProfiles(session, settings).set_logo(user, org, logo.filename or "logo", content)
    return _out(org)


@router.get("/organizations/{slug}/members", response_model=list[MemberOut])
def organization_members(
    slug: str, user: OptionalUser, session: SessionDep, settings: SettingsDep
) -> Any:
    """Every member with e-mail for its members and the hub's staff; the admins' names for
    anyone else."""
    org = OrganizationQueries(session).get(slug, user)
    return OrganizationProfiles(session, settings).roster(user, org).members
