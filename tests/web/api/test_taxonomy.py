"""Issue 9, defect 16: admins change the taxonomy through /api/v1/fields."""

from __future__ import annotations

from typing import Any

from tests.world import Api, World

LABELS = {
    "vi": "Cảm biến lượng tử",
    "en": "Quantum sensing",
    "ja": "量子センシング",
    "ko": "양자 센싱",
}


def test_admins_add_rename_move_deprecate_and_restore(api: Api, world: World) -> None:
    body: dict[str, Any] = {"code": "quantum-sensing", "parent": "ai", "labels": LABELS}
    created = api.post(world.admin, "/fields", body)
    assert created.status_code == 201, created.text
    assert api.post(world.admin, "/fields", body).status_code == 409
    renamed = api.client.put(
        "/api/v1/fields/quantum-sensing/labels",
        json={"labels": {**LABELS, "en": "Quantum sensors"}},
        headers=api.headers(world.admin),
    )
    assert renamed.json()["labels"]["en"] == "Quantum sensors"
    moved = api.post(world.admin, "/fields/quantum-sensing/move", {"parent": None})
    assert moved.json()["parent_code"] is None
    assert api.post(world.admin, "/fields/quantum-sensing/deprecate").json()["deprecated"] is True
    listed = {f["code"]: f for f in api.get(None, "/fields").json()}
    assert listed["quantum-sensing"]["deprecated"] is True
    assert api.post(world.admin, "/fields/quantum-sensing/deprecate").status_code == 409
    assert api.post(world.admin, "/fields/quantum-sensing/restore").status_code == 200


def test_taxonomy_changes_are_checked(api: Api, world: World) -> None:
    body = {"code": "Not A Code", "labels": LABELS}
    bad = api.post(world.admin, "/fields", body)
    assert bad.status_code == 422 and bad.json()["field"] == "code"
    short = api.post(world.admin, "/fields", {"code": "x-ray", "labels": {"en": "X-ray"}})
    assert short.status_code == 422 and short.json()["field"] == "labels"
    assert api.post(world.coordinator, "/fields", {**body, "code": "ok-code"}).status_code == 403
    assert api.post(world.admin, "/fields/nope/deprecate").status_code == 404
