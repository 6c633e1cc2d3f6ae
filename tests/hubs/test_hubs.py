"""Issue 9, defect 16: admins edit a hub's name and description per language, audited."""

from __future__ import annotations

import pytest
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.world import World
from vstid.audit.models import AuditEntry
from vstid.core.errors import Forbidden, NotFound
from vstid.hubs.schemas import HubUpdate
from vstid.hubs.service import HubService

NAMES = {"vi": "Mạng lưới Hàn Quốc", "en": "Korea hub", "ja": "韓国ハブ", "ko": "한국 허브"}


def test_admins_rename_a_hub_in_every_language(session: Session, world: World) -> None:
    data = HubUpdate(name=NAMES, description={"vi": "Điều phối tại Seoul", "ja": ""})
    hub = HubService(session).update(world.admin, world.hub.code.lower(), data)
    assert hub.name == NAMES and hub.description == {"vi": "Điều phối tại Seoul"}
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "hub.update")).one()
    assert entry.actor_id == world.admin.id and entry.data["before"]["name"]["en"] == "Test hub"


def test_a_hub_name_is_required_in_each_language() -> None:
    with pytest.raises(ValidationError):
        HubUpdate(name={**NAMES, "ko": " "})
    with pytest.raises(ValidationError):
        HubUpdate(name={**NAMES, "fr": "Hub coréen"})


def test_only_admins_edit_hubs(session: Session, world: World) -> None:
    with pytest.raises(Forbidden):
        HubService(session).update(world.coordinator, world.hub.code, HubUpdate(name=NAMES))
    with pytest.raises(NotFound):
        HubService(session).update(world.admin, "ZZ", HubUpdate(name=NAMES))
