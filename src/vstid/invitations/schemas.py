from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["InvitationOut", "InviteInput"]


class InviteInput(BaseModel):
    expert_id: uuid.UUID
    invite: bool = Field(default=True, description="false only puts the expert on the shortlist")
    message: str = Field(default="", max_length=2000)


class InvitationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    order_id: uuid.UUID
    expert_id: uuid.UUID
    status: str
    message: str
    score: float | None
    invited_at: datetime | None
    responded_at: datetime | None
