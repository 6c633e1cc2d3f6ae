"""Issue 9, defect 16: admins edit a hub through PUT /api/v1/hubs/{code}."""

from __future__ import annotations

from typing import Any

from tests.world import Api, World

NAMES = {"vi": "Mạng lưới thử", "en": "Test network", "ja": "テストハブ", "ko": "테스트 허브"}


def _put(api: Api, user: Any, code: str, body: dict[str, Any]) -> Any:
    return api.client.put(f"/api/v1/hubs/{code}", json=body, headers=api.headers(user))


def test_admins_edit_a_hub(api: Api, world: World) -> None:
    response = _put(api, world.admin, world.hub.code, {"name": NAMES, "description": {"en": "E"}})
    assert response.status_code == 200, response.text
    assert api.get(None, f"/hubs/{world.hub.code}").json()["name"] == NAMES


def test_hub_edits_are_checked(api: Api, world: World) -> None:
    assert _put(api, world.coordinator, world.hub.code, {"name": NAMES}).status_code == 403
    partial = _put(api, world.admin, world.hub.code, {"name": {"vi": "Chỉ tiếng Việt"}})
    assert partial.status_code == 422 and partial.json()["field"] == "name"
    assert _put(api, world.admin, "ZZZ", {"name": NAMES}).status_code == 404
