"""Reading the hubs (the home page, search facets, exports, a new profile's default) and the
admins' edits of their names and descriptions. Never commits."""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from vstid.audit.service import Auditor
from vstid.core.actor import Actor, require_admin
from vstid.core.errors import NotFound
from vstid.core.i18n import N_
from vstid.hubs.models import Hub
from vstid.hubs.repository import HubRepository
from vstid.hubs.schemas import HubUpdate

__all__ = ["HubService"]


class HubService:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.repo = HubRepository(session)

    def all_ordered(self) -> list[Hub]:
        """Pilot hubs first, then by code."""
        return self.repo.all_ordered()

    def count(self) -> int:
        return self.repo.count()

    def codes(self) -> dict[uuid.UUID, str]:
        return {h.id: h.code for h in self.repo.all_ordered()}

    def get(self, code: str) -> Hub:
        hub = self.repo.by_code(code)
        if hub is None:
            raise NotFound(N_("hub not found"))
        return hub

    def update(self, actor: Actor | None, code: str, data: HubUpdate) -> Hub:
        """Admins rename a hub and rewrite its description, language by language."""
        admin = require_admin(actor)
        hub = self.get(code)
        before = {"name": hub.name, "description": hub.description}
        # New dicts, not edits in place: the JSON columns notice only a new value.
        hub.name, hub.description = dict(data.name), dict(data.description)
        Auditor(self.session, "hub")(
            admin.id, "hub.update", hub.id, code=hub.code, before=before,
            name=hub.name, description=hub.description,
        )  # fmt: skip
        return hub
