"""The funding API: inside the project only (404 outside), written by lead partners and staff
(403 for members), bad input named by field, a budget amendment needing a reason, and totals
refused (422) while a rate is missing."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.projects.funding_helpers import add_rate, make_project
from tests.world import Api, World
from vstid.projects.models import ProjectAmendment

LINE = {"funder_name": "JST", "funder_country": "JP", "amount": "1000000", "currency": "JPY",
        "reference": "SICORP", "periods": [{"fiscal_year": 2026, "committed": "1000000"}]}  # fmt: skip


def _put(api: Api, user: Any, path: str, body: Any) -> Any:
    return api.client.put(f"/api/v1{path}", json=body, headers=api.headers(user))


def test_outsiders_get_404_and_members_403(api: Api, world: World, session: Session) -> None:
    funded = make_project(session, world)
    base = f"/projects/{funded.project.id}/funding"
    created = api.post(world.requester, base, LINE)
    assert created.status_code == 201, created.text
    line = created.json()
    assert line["fiscal_convention"] == "japan_april"
    assert line["periods"][0] | {"committed": None} == {
        "fiscal_year": 2026, "label": "FY2026", "start_date": "2026-04-01",
        "end_date": "2027-03-31", "committed": None, "disbursed": "0.00", "spent": "0.00",
    }  # fmt: skip
    for outsider in (world.outsider, world.foreign_coordinator, world.expert_user):
        assert api.get(outsider, base).status_code == 404
        assert api.get(outsider, f"{base}/{line['id']}").status_code == 404
        assert api.get(outsider, f"{base}/consolidated?on=2026-06-30").status_code == 404
        assert api.post(outsider, base, LINE).status_code == 404
    assert api.get(None, base).status_code == 401
    assert [x["id"] for x in api.get(funded.member, base).json()] == [line["id"]]
    assert api.post(funded.member, base, LINE).status_code == 403
    assert _put(api, funded.member, f"{base}/{line['id']}", LINE).status_code == 403
    period = {"fiscal_year": 2027, "spent": "5"}
    assert _put(api, funded.member, f"{base}/{line['id']}/periods", period).status_code == 403
    assert _put(api, world.coordinator, f"{base}/{line['id']}/periods", period).status_code == 200
    assert api.get(world.admin, base).status_code == 200


def test_bad_input_is_refused_naming_the_field(api: Api, world: World, session: Session) -> None:
    funded = make_project(session, world)
    base = f"/projects/{funded.project.id}/funding"
    negative = api.post(world.requester, base, LINE | {"amount": "-1"})
    assert negative.status_code == 422 and negative.json()["field"] == "amount"
    bad_period = api.post(world.requester, base, LINE | {"periods": [{"fiscal_year": 2026,
                                                                      "spent": "-3"}]})  # fmt: skip
    assert bad_period.status_code == 422 and bad_period.json()["field"] == "periods.0.spent"
    assert api.post(world.requester, base, LINE | {"currency": "GBP"}).json()["field"] == (
        "currency"
    )
    stranger = api.post(world.requester, base, LINE | {"partner_id": str(world.org.id)})
    assert stranger.status_code == 422 and stranger.json()["field"] == "partner_id"
    assert api.get(world.requester, base).json() == []  # nothing half-saved


def test_a_budget_change_needs_a_reason(api: Api, world: World, session: Session) -> None:
    funded = make_project(session, world, status="active")
    base = f"/projects/{funded.project.id}/funding"
    line = api.post(world.requester, base, LINE).json()
    path = f"{base}/{line['id']}"
    refused = _put(api, world.requester, path, LINE | {"amount": "2000000"})
    assert refused.status_code == 422 and refused.json()["field"] == "reason"
    assert api.get(world.requester, path).json()["amount"] == "1000000.00"
    done = _put(api, world.requester, path, LINE | {"amount": "2000000", "reason": "FY2027 top-up"})
    assert done.status_code == 200 and done.json()["amount"] == "2000000.00"
    amendment = session.scalars(select(ProjectAmendment)).one()
    assert (amendment.kind, amendment.reason) == ("budget", "FY2027 top-up")
    assert (
        api.client.delete(f"/api/v1{path}", headers=api.headers(world.requester)).status_code == 422
    )
    gone = api.client.delete(
        f"/api/v1{path}?reason=withdrawn", headers=api.headers(world.requester)
    )
    assert gone.status_code == 204 and api.get(world.requester, base).json() == []


def test_consolidated_totals_name_their_rates_or_a_missing_one(
    api: Api, world: World, session: Session
) -> None:
    funded = make_project(session, world)
    base = f"/projects/{funded.project.id}/funding"
    api.post(world.requester, base, LINE)
    missing = api.get(world.requester, f"{base}/consolidated?on=2026-06-30")
    assert missing.status_code == 422
    assert missing.json()["message"] == "no JPY→VND rate recorded for 2026-06-30"
    add_rate(session, "JPY", "VND", "168.5", date(2026, 4, 1), date(2027, 3, 31), "JST budget rate")
    add_rate(session, "USD", "VND", "25000")
    body = api.get(funded.member, f"{base}/consolidated?on=2026-06-30").json()
    assert body["totals"]["amount"] == {"VND": "168500000", "USD": "6740.00"}
    (line,) = body["lines"]
    assert [(r["currency"], r["quote"], r["rate"], r["source"]) for r in line["rates"]] == [
        ("JPY", "VND", "168.5000000000", "JST budget rate"),
        ("USD", "VND", "25000.0000000000", "State Bank of Vietnam central rate"),
    ]
    assert line["amount"]["usd"]["rates"][1]["inverse"] is True
    assert line["periods"][0]["committed"]["vnd"]["amount"] == "168500000"
