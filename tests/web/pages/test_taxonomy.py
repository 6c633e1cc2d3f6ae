"""Issue 9, defect 16: admins browse and change the taxonomy in pages (/admin/taxonomy); a
deprecated field leaves the order form."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.web.helpers import login, post_form
from tests.world import World
from vstid.taxonomy.models import FieldOfScience

LABELS = {"label_vi": "Pin natri", "label_en": "Sodium batteries", "label_ja": "ナトリウム電池",
          "label_ko": "나트륨 배터리"}  # fmt: skip


def test_admins_add_rename_move_and_deprecate_a_field(
    client: TestClient, world: World, session: Session
) -> None:
    login(client, world.admin.email)
    tree = client.get("/admin/taxonomy")
    assert tree.status_code == 200 and 'data-testid="field-ai"' in tree.text
    added = post_form(client, "/admin/taxonomy", {"code": "sodium-batteries", "parent": "ai",
                                                  **LABELS})  # fmt: skip
    assert added.status_code == 303
    page = client.get("/admin/taxonomy/sodium-batteries")
    assert page.status_code == 200 and "ナトリウム電池" in page.text
    renamed = post_form(client, "/admin/taxonomy/sodium-batteries/labels",
                        {**LABELS, "label_en": "Sodium-ion batteries"})  # fmt: skip
    assert renamed.status_code == 303
    moved = post_form(client, "/admin/taxonomy/sodium-batteries/move", {"parent": ""})
    assert moved.status_code == 303
    field = session.get(FieldOfScience, "sodium-batteries")
    assert field is not None
    session.refresh(field)
    assert field.labels["en"] == "Sodium-ion batteries" and field.parent_code is None

    login(client, world.requester.email)
    assert 'value="sodium-batteries"' in client.get("/orders/new").text
    login(client, world.admin.email)
    assert post_form(client, "/admin/taxonomy/sodium-batteries/deprecate", {}).status_code == 303
    assert post_form(client, "/admin/taxonomy/sodium-batteries/deprecate", {}).status_code == 409
    login(client, world.requester.email)
    assert 'value="sodium-batteries"' not in client.get("/orders/new").text


def test_wrong_input_is_named_on_the_form(client: TestClient, world: World) -> None:
    login(client, world.admin.email)
    bad = post_form(client, "/admin/taxonomy", {"code": "Bad Code", **LABELS, "label_ko": ""})
    assert bad.status_code == 422
    assert 'id="code-error"' in bad.text and 'id="labels-error"' in bad.text
    assert "ナトリウム電池" in bad.text  # nothing typed is lost
    loop = post_form(client, "/admin/taxonomy/ai/move", {"parent": "ai"})
    assert loop.status_code == 422 and 'id="parent-error"' in loop.text


def test_taxonomy_pages_are_for_admins(client: TestClient, world: World) -> None:
    login(client, world.coordinator.email)
    assert client.get("/admin/taxonomy").status_code == 403
    assert post_form(client, "/admin/taxonomy/ai/deprecate", {}).status_code == 403
