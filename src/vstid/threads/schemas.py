from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel, Field

__all__ = ["MessageInput", "MessageOut"]


class MessageInput(BaseModel):
    body: str = Field(min_length=1, max_length=8000)


class MessageOut(BaseModel):
    id: uuid.UUID
    author: str
    author_role: str
    body: str
    created_at: datetime
