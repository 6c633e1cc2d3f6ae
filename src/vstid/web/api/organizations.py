"""Organization endpoints: the directory and one organization."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from vstid.organizations.schemas import OrganizationOut
from vstid.organizations.service import OrganizationQueries
from vstid.web.api.schemas import PageOut
from vstid.web.deps import PageDep, SessionDep

__all__ = ["router"]

router = APIRouter(tags=["organizations"])


@router.get("/organizations", response_model=PageOut[OrganizationOut])
def list_organizations(
    session: SessionDep, params: PageDep, kind: str | None = None, q: str | None = None
) -> Any:
    page = OrganizationQueries(session).page(params, kind=kind, q=q)
    return PageOut.of(page, [OrganizationOut.model_validate(o) for o in page.items])


@router.get("/organizations/{slug}", response_model=OrganizationOut)
def get_organization(slug: str, session: SessionDep) -> Any:
    return OrganizationOut.model_validate(OrganizationQueries(session).get(slug))
