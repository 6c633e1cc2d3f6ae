from __future__ import annotations

import uuid

from pydantic import BaseModel, ConfigDict, Field

from vstid.organizations.models import OrgKind

__all__ = ["JoinRequestOut", "OrganizationCreate", "OrganizationOut", "ReasonIn"]


class OrganizationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    slug: str
    name: str
    kind: str
    country: str
    website: str | None
    description: dict[str, str]
    status: str
    rejection_reason: str | None = None


class OrganizationCreate(BaseModel):
    name: str = Field(min_length=2, max_length=300)
    kind: OrgKind
    country: str = Field(min_length=2, max_length=2, pattern=r"^[A-Za-z]{2}$")
    hub_id: uuid.UUID | None = None  # the requester's own hub when left out
    website: str | None = Field(default=None, max_length=300)


class ReasonIn(BaseModel):
    reason: str = ""


class JoinRequestOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    user_id: uuid.UUID
    organization_id: uuid.UUID
    status: str
