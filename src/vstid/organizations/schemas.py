from __future__ import annotations

import uuid

from pydantic import BaseModel, ConfigDict

__all__ = ["OrganizationOut"]


class OrganizationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    slug: str
    name: str
    kind: str
    country: str
    website: str | None
    description: dict[str, str]
