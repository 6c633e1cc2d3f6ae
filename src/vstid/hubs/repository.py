from __future__ import annotations

from sqlalchemy import select

from vstid.core.repository import Repository
from vstid.hubs.models import Hub

__all__ = ["HubRepository"]


class HubRepository(Repository[Hub]):
    model = Hub

    def by_code(self, code: str) -> Hub | None:
        return self.get_by(code=code.upper())

    def all_ordered(self) -> list[Hub]:
        return list(self.list(select(Hub).order_by(Hub.is_pilot.desc(), Hub.code)))
