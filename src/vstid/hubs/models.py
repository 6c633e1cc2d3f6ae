"""A hub is a country chapter (JP pilot, KR, ...); every record belongs to one."""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, String
from sqlalchemy.orm import Mapped, mapped_column

from vstid.core.models import Base, IdMixin, TimestampMixin

__all__ = ["Hub"]


class Hub(IdMixin, TimestampMixin, Base):
    __tablename__ = "hubs"

    code: Mapped[str] = mapped_column(String(8), unique=True)
    country: Mapped[str] = mapped_column(String(2))
    name: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    description: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    is_pilot: Mapped[bool] = mapped_column(Boolean, default=False)
