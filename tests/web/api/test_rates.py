"""The rates API: anyone signed in reads; coordinators and admins record (the same rate twice
once, another figure a 409) or import a CSV file, refused whole with every line and column."""

from __future__ import annotations

from sqlalchemy.orm import Session

from tests.world import Api, World

RATE = {"currency": "JPY", "quote": "VND", "rate": "168.5", "valid_from": "2026-04-01",
        "valid_to": "2027-03-31", "source": "JST budget rate"}  # fmt: skip
CSV = (
    "currency,quote,rate,valid_from,valid_to,source\n"
    "JPY,VND,168.5,2026-04-01,2027-03-31,JST budget rate\n"
    "USD,VND,25000,2026-01-01,2026-12-31,State Bank of Vietnam central rate\n"
)


def _import(api: Api, user: object, text: str, lang: str = "en") -> object:
    headers = api.headers(user) | {"Accept-Language": lang}  # type: ignore[arg-type]
    return api.client.post(
        "/api/v1/rates/import", files={"file": ("rates.csv", text.encode(), "text/csv")},
        headers=headers,
    )  # fmt: skip


def test_rates_are_recorded_by_coordinators_once(api: Api, world: World) -> None:
    assert api.post(world.coordinator, "/rates", RATE).status_code == 201
    assert api.post(world.admin, "/rates", RATE | {"rate": "168.50"}).status_code == 200
    assert api.post(world.coordinator, "/rates", RATE | {"rate": "170"}).status_code == 409
    assert api.post(world.requester, "/rates", RATE | {"source": "x y"}).status_code == 403
    assert api.post(None, "/rates", RATE).status_code == 401
    bad = api.post(world.coordinator, "/rates", RATE | {"rate": "0"})
    assert bad.status_code == 422 and bad.json()["field"] == "rate"
    backwards = api.post(world.coordinator, "/rates", RATE | {"valid_to": "2026-01-01"})
    assert backwards.status_code == 422 and backwards.json()["field"] == "valid_to"
    rates = api.get(world.expert_user, "/rates").json()
    assert [(r["currency"], r["rate"]) for r in rates] == [("JPY", "168.5000000000")]


def test_import_is_all_or_nothing_and_idempotent(api: Api, world: World, session: Session) -> None:
    assert _import(api, world.requester, CSV).status_code == 403  # type: ignore[attr-defined]
    bad = _import(api, world.coordinator, CSV + "XYZ,VND,1,2026-01-01,2026-12-31,Bank\n", "vi")
    assert bad.status_code == 422  # type: ignore[attr-defined]
    body = bad.json()  # type: ignore[attr-defined]
    assert [(e["line"], e["column"]) for e in body["errors"]] == [(4, "currency")]
    assert "4" in body["errors"][0]["message"] and "currency" in body["errors"][0]["message"]
    assert body["errors"][0]["message"].startswith("dòng 4")  # in the reader's language
    assert api.get(world.coordinator, "/rates").json() == []
    first = _import(api, world.coordinator, CSV)
    assert first.json() == {"created": 2, "unchanged": 0}  # type: ignore[attr-defined]
    again = _import(api, world.admin, CSV)
    assert again.json() == {"created": 0, "unchanged": 2}  # type: ignore[attr-defined]
    assert len(api.get(world.coordinator, "/rates").json()) == 2


def test_convert_names_the_rates_or_the_missing_one(api: Api, world: World) -> None:
    _import(api, world.admin, CSV)
    done = api.get(world.requester, "/rates/convert?amount=1000000&currency=JPY&on=2026-06-30")
    assert done.status_code == 200
    assert (done.json()["vnd"]["amount"], done.json()["usd"]["amount"]) == ("168500000", "6740.00")
    missing = api.get(world.requester, "/rates/convert?amount=1&currency=KRW&on=2026-06-30")
    assert missing.status_code == 422
    assert missing.json()["message"] == "no KRW→VND rate recorded for 2026-06-30"
