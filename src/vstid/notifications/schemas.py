from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import BaseModel

__all__ = ["NotificationOut"]


class NotificationOut(BaseModel):
    id: uuid.UUID
    kind: str
    text: str
    link: str
    created_at: datetime
    read: bool
