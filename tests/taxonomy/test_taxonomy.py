"""Issue 9, defect 16: admins change the taxonomy — add, rename, move, deprecate, restore —
through TaxonomyService, audited; a deprecated field is offered for no new record."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.world import World
from vstid.audit.models import AuditEntry
from vstid.core.errors import Conflict, Forbidden, ValidationFailed
from vstid.taxonomy.schemas import FieldCreate, FieldLabels, FieldMove
from vstid.taxonomy.service import TaxonomyService

LABELS = {
    "vi": "Pin thể rắn",
    "en": "Solid-state batteries",
    "ja": "全固体電池",
    "ko": "전고체 배터리",
}


def _add(session: Session, world: World, code: str, parent: str | None = None) -> None:
    TaxonomyService(session).add(world.admin, FieldCreate(code=code, parent=parent, labels=LABELS))


def test_admins_add_rename_and_move_fields(session: Session, world: World) -> None:
    taxonomy = TaxonomyService(session)
    _add(session, world, "solid-state-batteries", parent="ai")
    nodes = [(n.field.code, n.depth) for n in taxonomy.tree()]
    assert nodes.index(("solid-state-batteries", 1)) > nodes.index(("ai", 0))
    with pytest.raises(Conflict):
        _add(session, world, "solid-state-batteries")
    renamed = {**LABELS, "en": "All-solid-state batteries"}
    taxonomy.rename(world.admin, "solid-state-batteries", FieldLabels(labels=renamed))
    assert taxonomy.get("solid-state-batteries").labels["en"] == "All-solid-state batteries"
    taxonomy.move(world.admin, "solid-state-batteries", FieldMove(parent="semiconductors"))
    assert taxonomy.get("solid-state-batteries").parent_code == "semiconductors"
    actions = session.scalars(
        select(AuditEntry.action).where(AuditEntry.entity_id == "solid-state-batteries")
    )
    assert set(actions) == {"field.create", "field.rename", "field.move"}


def test_labels_are_required_in_four_languages() -> None:
    with pytest.raises(ValueError):
        FieldLabels(labels={"vi": "Pin", "en": "Batteries"})


def test_a_field_cannot_move_under_its_own_sub_field(session: Session, world: World) -> None:
    _add(session, world, "child-of-ai", parent="ai")
    with pytest.raises(ValidationFailed) as err:
        TaxonomyService(session).move(world.admin, "ai", FieldMove(parent="child-of-ai"))
    assert err.value.field == "parent"


def test_deprecating_keeps_labels_and_leaves_forms(session: Session, world: World) -> None:
    taxonomy = TaxonomyService(session)
    _add(session, world, "old-field", parent="ai")
    with pytest.raises(Conflict):  # its sub-field is still in use
        taxonomy.deprecate(world.admin, "ai")
    taxonomy.deprecate(world.admin, "old-field")
    with pytest.raises(Conflict):
        taxonomy.deprecate(world.admin, "old-field")
    assert "old-field" in taxonomy.labels()
    assert "old-field" not in {f.code for f in taxonomy.offered()}
    assert "old-field" in {f.code for f in taxonomy.offered(keep=["old-field"])}
    with pytest.raises(ValidationFailed):  # nothing new goes under a deprecated field
        _add(session, world, "under-old", parent="old-field")
    assert taxonomy.allowed_actions(world.admin, taxonomy.get("old-field")) == ["restore"]
    taxonomy.restore(world.admin, "old-field")
    assert not taxonomy.get("old-field").deprecated


def test_only_admins_change_the_taxonomy(session: Session, world: World) -> None:
    with pytest.raises(Forbidden):
        TaxonomyService(session).deprecate(world.coordinator, "ai")
    assert (
        TaxonomyService(session).allowed_actions(
            world.coordinator, TaxonomyService(session).get("ai")
        )
        == []
    )
