"""The risk register through the API on both databases: inside only, writers, states per
report, the latest state shown."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.orm import Session

from tests.projects.reporting import Reporting, make_project
from tests.world import Api, World


@pytest.fixture
def rep(session: Session, world: World) -> Reporting:
    return make_project(session, world)


def put(api: Api, user: Any, path: str, body: Any) -> Any:
    return api.client.put(f"/api/v1{path}", json=body, headers=api.headers(user))


def test_register_through_the_api(api: Api, rep: Reporting) -> None:
    w, base = rep.w, f"{rep.base}/risks"
    put(api, w.coordinator, f"{rep.base}/report-rule", {"frequency": "yearly"})
    report = api.get(rep.member, f"{rep.base}/reports").json()[0]
    body = {"description": "Tỷ giá JPY biến động", "likelihood": "medium", "impact": 4,
            "owner_partner_id": str(rep.funder.id), "raised_on": "2026-06-01"}  # fmt: skip
    created = api.post(rep.member, base, body)
    assert created.status_code == 201, created.text
    risk = created.json()
    assert (risk["likelihood"], risk["score"], risk["owner_name"], risk["state"]) == (
        3, 12, "JST", "open",
    )  # fmt: skip
    bad = api.post(rep.member, base, body | {"impact": 9})
    assert bad.status_code == 422 and "impact" in bad.text
    assert api.post(w.outsider, base, body).status_code == 404
    assert api.get(w.foreign_coordinator, base).status_code == 404
    changed = put(api, w.requester, f"{base}/{risk['id']}", body | {"mitigation": "Hedging"})
    assert changed.json()["mitigation"] == "Hedging"
    state = {"report_id": report["id"], "state": "occurred", "note": "Yên tăng 8%"}
    assessed = api.post(w.expert_user, f"{base}/{risk['id']}/assessments", state)
    assert assessed.status_code == 200 and assessed.json()["state"] == "occurred"
    assert api.post(rep.member, f"{base}/{risk['id']}/assessments",
                    state | {"state": "gone"}).status_code == 422  # fmt: skip
    [row] = api.get(w.coordinator, base).json()
    assert (row["state"], row["state_note"], row["state_report_id"]) == (
        "occurred", "Yên tăng 8%", report["id"],
    )  # fmt: skip
