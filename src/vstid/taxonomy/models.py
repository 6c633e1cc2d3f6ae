"""The strategic field taxonomy, labelled in vi/en/ja/ko."""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, Integer, String, false
from sqlalchemy.orm import Mapped, mapped_column

from vstid.core.models import Base

__all__ = ["FieldOfScience"]


class FieldOfScience(Base):
    __tablename__ = "fields"

    code: Mapped[str] = mapped_column(String(60), primary_key=True)
    parent_code: Mapped[str | None] = mapped_column(String(60))
    labels: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    position: Mapped[int] = mapped_column(Integer, default=0)
    # A deprecated field keeps labelling the records that use it but is offered for no new one.
    deprecated: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    def label(self, locale: str) -> str:
        return self.labels.get(locale) or self.labels.get("en") or self.code
