"""Issue 9, defect 16: admins edit hubs in pages (/admin/hubs)."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.web.helpers import login, post_form
from tests.world import World

NAMES = {"name_vi": "Mạng lưới Nhật", "name_en": "Japan network", "name_ja": "日本ネットワーク",
         "name_ko": "일본 네트워크"}  # fmt: skip


def test_admins_edit_a_hubs_names_and_description(
    client: TestClient, world: World, session: Session
) -> None:
    login(client, world.admin.email)
    listing = client.get("/admin/hubs")
    assert listing.status_code == 200 and f'href="/admin/hubs/{world.hub.code}"' in listing.text
    form = client.get(f"/admin/hubs/{world.hub.code}")
    assert 'name="name_ja"' in form.text and 'name="description_ko"' in form.text
    done = post_form(
        client, f"/admin/hubs/{world.hub.code}", {**NAMES, "description_vi": "Điều phối ở Tokyo"}
    )
    assert done.status_code == 303
    session.refresh(world.hub)
    assert world.hub.name["ja"] == "日本ネットワーク"
    assert world.hub.description == {"vi": "Điều phối ở Tokyo"}


def test_a_missing_name_is_named_and_nothing_typed_is_lost(
    client: TestClient, world: World
) -> None:
    login(client, world.admin.email)
    page = post_form(client, f"/admin/hubs/{world.hub.code}", {**NAMES, "name_ko": ""})
    assert page.status_code == 422
    assert 'id="name-error"' in page.text and "日本ネットワーク" in page.text


def test_hub_pages_are_for_admins(client: TestClient, world: World) -> None:
    login(client, world.coordinator.email)
    assert client.get("/admin/hubs").status_code == 403
    assert post_form(client, f"/admin/hubs/{world.hub.code}", NAMES).status_code == 403
