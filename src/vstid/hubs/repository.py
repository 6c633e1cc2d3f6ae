from __future__ import annotations

from sqlalchemy import func, select

from vstid.core.repository import Repository
from vstid.hubs.models import Hub

__all__ = ["HubRepository"]


class HubRepository(Repository[Hub]):
    model = Hub

    def by_code(self, code: str) -> Hub | None:
        """Codes are written in capitals (JP, KR) but typed in any case."""
        stmt = select(Hub).where(func.upper(Hub.code) == code.strip().upper()).limit(1)
        return self.session.scalars(stmt).first()

    def all_ordered(self) -> list[Hub]:
        return list(self.list(select(Hub).order_by(Hub.is_pilot.desc(), Hub.code)))
