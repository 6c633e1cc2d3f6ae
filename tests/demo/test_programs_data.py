"""Consistency checks for the demo's programs (data/programs.json, issue 12 item 8): every
reference resolves, every text is in the language it claims with the three others beside it,
money is a decimal string in the agency's currency under the call's ceilings, the review story
respects the conflict rules, and the mobility records leave the "sent" indicator visibly partial.

Standard library only, like tests/test_demo_data.py: the data must stay loadable without the
application."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from tests.test_demo_data import (
    CURRENCIES,
    DATE_RE,
    EMAIL_RE,
    LANGS,
    SLUG_RE,
    assert_in_language,
    check_keys,
    load,
    unique,
)

PROGRAM_KEYS = {
    "slug": str,
    "hub": str,
    "coordinator": str,
    "title": str,
    "summary": str,
    "language": str,
    "translations": dict,
    "fields": list,
    "start_year": int,
    "end_year": int,
    "status": str,
    "agencies": list,
    "budget": list,
    "indicators": list,
    "calls": list,
    "mobility": list,
}
CALL_KINDS = {"joint_research", "mobility", "seminar_grant"}
CALL_STATUS = {"draft", "forecast", "open", "closed", "in_review", "decided", "archived"}
APP_STATUS = {"draft", "submitted", "in_review", "awarded", "rejected"}
MOBILITY_STATUS = {"planned", "departed", "returned", "extended", "discontinued"}
QUERIES = {"joint_projects_funded", "applications_received", "mobility_departed", "people_trained"}
BREAKDOWNS = {"country", "sex", "institution", "field"}
TIMEZONES = {"Asia/Ho_Chi_Minh", "Asia/Tokyo", "Asia/Seoul"}
AT_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$")
HM_RE = re.compile(r"^\d{2}:\d{2}$")
# The year the data was written in: no yearly target may lie before it (a target in the past
# is refused by the programs' service).
WRITTEN = 2026

Row = dict[str, Any]


@pytest.fixture(scope="module")
def programs() -> list[Row]:
    return load("programs.json")


@pytest.fixture(scope="module")
def world() -> dict[str, dict[str, Row]]:
    return {
        "orgs": {o["slug"]: o for o in load("organizations.json")},
        "users": {u["email"]: u for u in load("users.json")},
        "experts": {e["slug"]: e for e in load("experts.json")},
        "fields": {t["code"]: t for t in load("taxonomy.json")},
    }


def calls(programs: list[Row]) -> list[Row]:
    return [c for p in programs for c in p["calls"]]


def applications(programs: list[Row]) -> list[Row]:
    return [a for c in calls(programs) for a in c["applications"]]


def check_texts(row: Row, fields: tuple[str, ...], what: str) -> None:
    """Source text in `language`, the three other languages per field in `translations`."""
    lang = row["language"]
    assert lang in LANGS, what
    assert set(row["translations"]) == LANGS - {lang}, what
    for field in fields:
        assert row[field], f"{what}.{field}"
        assert_in_language(row[field], lang, f"{what}.{field}")
        for other, text in row["translations"].items():
            assert set(text) == set(fields), f"{what} {other}"
            assert_in_language(text[field], other, f"{what}.{field} {other}")


def check_labels(items: list[Row], what: str) -> None:
    unique([i["key"] for i in items])
    for i in items:
        assert set(i["label"]) == LANGS, f"{what} {i['key']}"
        for lang, text in i["label"].items():
            assert_in_language(text, lang, f"{what} {i['key']} {lang}")


def money(value: str) -> Decimal:
    assert isinstance(value, str), "money is written as a decimal string, never a float"
    amount = Decimal(value)
    assert amount > 0
    return amount


def test_programs(programs: list[Row], world: dict[str, dict[str, Row]]) -> None:
    orgs, users = world["orgs"], world["users"]
    assert [p["slug"] for p in programs] == [
        "nexus-vj-semiconductors",
        "vj-phd-semiconductor-mobility",
        "vn-kr-strategic-technologies",
    ]
    for p in programs:
        check_keys(p, PROGRAM_KEYS)
        assert SLUG_RE.match(p["slug"]) and len(p["slug"]) <= 120
        check_texts(p, ("title", "summary"), p["slug"])
        assert len(p["title"]) <= 300
        assert set(p["fields"]) <= set(world["fields"]), p["slug"]
        assert 5 <= p["end_year"] - p["start_year"] + 1 <= 10, "long programs: 5–10 years"
        assert p["status"] == "active"
        coordinator = users[p["coordinator"]]
        assert coordinator["role"] == "coordinator" and coordinator["hub"] == p["hub"]
        owners = [a for a in p["agencies"] if a["role"] == "owner"]
        assert len({orgs[a["organization"]]["country"] for a in owners}) == 2, p["slug"]
        for a in p["agencies"]:
            assert orgs[a["organization"]]["kind"] in ("agency", "fund"), "only those take part"
            officer = users[a["officer"]]
            assert officer["organization"] == a["organization"], a["officer"]
        agencies = {a["organization"] for a in p["agencies"]}
        for line in p["budget"]:
            assert line["agency"] in agencies and line["currency"] in CURRENCIES
            money(line["amount"])
            assert line["year"] is None or p["start_year"] <= line["year"] <= p["end_year"]


def test_program_money_in_each_agency_currency(programs: list[Row]) -> None:
    nexus, phd, korea = programs
    assert {b["currency"] for b in nexus["budget"]} == {"VND", "JPY"}
    assert {b["currency"] for b in phd["budget"]} == {"VND", "JPY"}
    assert {b["currency"] for b in korea["budget"]} == {"VND", "KRW"}


def test_indicators(programs: list[Row]) -> None:
    for p in programs:
        unique([i["code"] for i in p["indicators"]])
        for i in p["indicators"]:
            what = f"{p['slug']}.{i['code']}"
            check_texts(i, ("name", "definition"), what)
            assert i["source"] in ("computed", "reported")
            assert (i["query"] in QUERIES) if i["source"] == "computed" else i["query"] is None
            assert set(i["breakdowns"]) <= BREAKDOWNS and i["unit"]
            target = money(i["target"])
            years = sorted(int(y) for y in i["targets"])
            assert years and years[0] >= WRITTEN, f"{what}: a target in the past"
            assert p["start_year"] <= years[0] and years[-1] <= p["end_year"], what
            values = [Decimal(i["targets"][str(y)]) for y in years]
            assert values == sorted(values) and values[-1] == target, "cumulative targets"
            for r in i["reports"]:
                assert DATE_RE.match(r["period_start"]) and r["period_start"] < r["period_end"]
                assert r["period_end"] < f"{WRITTEN}-12-01", "only ended periods are reported"
                assert r["evidence_url"].startswith("https://") and r["note"], what
                money(r["value"])
                assert r["verified_by"] is None or EMAIL_RE.match(r["verified_by"])
    reported = [i for p in programs for i in p["indicators"] if i["source"] == "reported"]
    assert reported and {r["verified_by"] is None for i in reported for r in i["reports"]} == {
        True,
        False,
    }, "one period verified, one waiting for an agency"


def check_when(value: str | Row, what: str) -> None:
    """An absolute local time in the call's zone, or days from the day the demo is loaded."""
    if isinstance(value, str):
        assert AT_RE.match(value), what
    else:
        assert set(value) == {"days", "at"} and HM_RE.match(value["at"]), what


def test_calls(programs: list[Row], world: dict[str, dict[str, Row]]) -> None:
    unique([c["reference"] for c in calls(programs)])
    for p in programs:
        agencies = {a["organization"]: a for a in p["agencies"]}
        for c in p["calls"]:
            what = c["reference"]
            assert c["kind"] in CALL_KINDS and c["status"] in CALL_STATUS, what
            check_texts(c, ("title", "summary"), what)
            assert set(c["fields"]) <= set(world["fields"]) and c["timezone"] in TIMEZONES
            check_when(c["opens_at"], what)
            check_when(c["closes_at"], what)
            check_labels(c["questions"], f"{what} question")
            check_labels(c["documents"], f"{what} document")
            check_labels(c["rubric"], f"{what} rubric")
            assert sum(r["weight"] for r in c["rubric"]) == 100, what
            assert set(c["languages"]) <= LANGS and c["reviews_per_application"] >= 2
            owners = {s for s, a in agencies.items() if a["role"] == "owner"}
            assert {x["agency"] for x in c["ceilings"]} == owners, what
            for x in c["ceilings"]:
                money(x["amount"])
            countries = {world["orgs"][s]["country"] for s in owners}
            if c["kind"] == "joint_research":  # one team in each owner's country
                assert set(c["eligibility"]["countries"]) == countries, what
            else:  # the researchers a mobility call sends come from Vietnam
                assert c["eligibility"]["countries"] == ["VN"], what


def test_calls_tell_the_issue_story(programs: list[Row]) -> None:
    nexus, phd, korea = programs
    semi = {"semiconductor-design", "semiconductor-materials", "advanced-packaging"}
    open_call = next(c for c in nexus["calls"] if c["status"] == "open")
    assert set(open_call["fields"]) == semi and open_call["timezone"] == "Asia/Tokyo"
    assert 7 <= open_call["closes_at"]["days"] <= 45, "closing in a few weeks"
    assert [c["kind"] for c in phd["calls"]] == ["mobility"]
    assert [c["status"] for c in korea["calls"]] == ["forecast"]
    assert set(korea["fields"]) == {"ai", "semiconductors", "quantum", "new-materials",
                                    "clean-energy"}  # fmt: skip
    states = Counter(a["status"] for a in applications(programs))
    assert set(states) == APP_STATUS and states["submitted"] >= 2


def test_applications(programs: list[Row], world: dict[str, dict[str, Row]]) -> None:
    orgs, users, experts = world["orgs"], world["users"], world["experts"]
    unique([a["key"] for a in applications(programs)])
    for p in programs:
        agencies = {a["organization"] for a in p["agencies"] if a["role"] == "owner"}
        for c in p["calls"]:
            ceilings = {x["agency"]: x for x in c["ceilings"]}
            required = {d["key"] for d in c["documents"] if d["required"]}
            for a in c["applications"]:
                what = a["key"]
                check_texts(a, ("title", "summary"), what)
                assert users[a["lead"]]["role"] in ("requester", "expert"), what
                lead_org = a["lead_organization"]
                assert lead_org is None or orgs[lead_org]["country"] == "VN", what
                countries = {"VN"} | {m["country"] for m in a["members"]}
                assert countries == set(c["eligibility"]["countries"]), what
                for m in a["members"]:
                    assert m["email"] in users and m["email"] != a["lead"], what
                    assert m["organization"] is None or m["organization"] in orgs
                    assert m["answer"] in ("invited", "confirmed")
                assert a["duration_months"] <= c["max_duration_months"], what
                asked: Counter[str] = Counter()
                for line in a["budget"]:
                    assert line["agency"] in agencies, what
                    assert line["currency"] == ceilings[line["agency"]]["currency"], what
                    asked[line["agency"]] += money(line["amount"])
                for agency, total in asked.items():
                    assert total <= money(ceilings[agency]["amount"]), f"{what} over the ceiling"
                if a["status"] != "draft":
                    assert required <= {d["kind"] for d in a["documents"]}, what
                    assert {m["answer"] for m in a["members"]} == {"confirmed"}, what
                    asked_keys = {q["key"] for q in c["questions"] if q["required"]}
                    assert asked_keys <= set(a["answers"]), what
                check_reviews(a, agencies, users, experts, orgs)


def check_reviews(
    a: Row, agencies: set[str], users: dict[str, Row], experts: dict[str, Row],
    orgs: dict[str, Row],
) -> None:  # fmt: skip
    """Reviewers are experts with an account, outside the application's consortium, from
    the country of the agency whose panel they sit on; both panels review; a decided
    application has both agencies' positions."""
    reviews = a.get("reviews", [])
    assert bool(reviews) == (a["status"] in ("in_review", "awarded", "rejected")), a["key"]
    people = {a["lead"]} | {m["email"] for m in a["members"]}
    consortium = {a["lead_organization"]} | {m["organization"] for m in a["members"]}
    for r in reviews:
        expert = experts[r["expert"]]
        assert expert["email"] in users and expert["email"] not in people, r["expert"]
        assert expert["organization"] is None or expert["organization"] not in consortium
        assert expert["country_of_residence"] == orgs[r["agency"]]["country"], r["expert"]
        if r["status"] == "submitted":
            assert set(r["scores"]) == {"excellence", "impact", "partnership"}
            assert all(1 <= s <= 5 for s in r["scores"].values()) and r["comment"]
    if reviews:
        submitted = {r["agency"] for r in reviews if r["status"] == "submitted"}
        assert submitted == agencies, f"{a['key']}: each panel scores its side"
    decided = a["status"] in ("awarded", "rejected")
    assert ("decision" in a) == decided and ("positions" in a) == decided, a["key"]
    if decided:
        assert {x["agency"] for x in a["positions"]} == agencies
        funds = {x["position"] == "fund" for x in a["positions"]}
        assert (a["decision"]["decision"] == "award") == (funds == {True}), a["key"]
        assert (a["status"] == "awarded") == (a["decision"]["decision"] == "award")


# --- mobility ---------------------------------------------------------------------------

MOBILITY_KEYS = {
    "person": str,
    "sex": str,
    "career_stage": str,
    "field": str,
    "home_institution": str,
    "home_organization": (str, type(None)),
    "host_institution": str,
    "host_organization": (str, type(None)),
    "host_country": str,
    "supervisor": str,
    "planned_departure": str,
    "planned_return": str,
    "status": str,
    "evidence": list,
}
MOBILITY_OPTIONAL = {
    "departed_on": str,
    "returned_on": str,
    "extended_to": str,
    "reason": str,
    "next_destination": str,
    "next_country": str,
    "degree": str,
}


def sent(records: list[Row]) -> int:
    """The slow obvious count the "PhD researchers sent" indicator must agree with."""
    return sum(
        1
        for r in records
        if r.get("departed_on") and any(e["kind"] == "departure" for e in r["evidence"])
    )


def test_mobility_records(programs: list[Row], world: dict[str, dict[str, Row]]) -> None:
    orgs = world["orgs"]
    records = programs[1]["mobility"]
    assert 25 <= len(records) <= 35
    unique([r["person"] for r in records])
    for r in records:
        check_keys(r, MOBILITY_KEYS, MOBILITY_OPTIONAL)
        who, status = r["person"], r["status"]
        assert_in_language(who, "vi", who)
        assert r["sex"] in ("female", "male") and r["status"] in MOBILITY_STATUS
        assert r["field"] in world["fields"] and r["host_country"] == "JP"
        for slug, country in ((r["home_organization"], "VN"), (r["host_organization"], "JP")):
            assert slug is None or orgs[slug]["country"] == country, who
        assert r["planned_departure"] < r["planned_return"]
        departed = r.get("departed_on")
        assert bool(departed) == (status in ("departed", "extended", "returned")
                                  or (status == "discontinued" and bool(departed))), who  # fmt: skip
        if departed:
            assert departed < date.today().isoformat(), "a departure is recorded after it"
            assert any(e["kind"] == "departure" for e in r["evidence"]), who
        assert ("returned_on" in r) == (status == "returned") == ("next_destination" in r)
        if status == "returned":
            assert departed and departed < r["returned_on"], who
        assert ("extended_to" in r) == (status == "extended"), who
        if status == "extended":
            assert r["extended_to"] > r["planned_return"], who
        assert ("reason" in r) == (status in ("extended", "discontinued")), who
        for e in r["evidence"]:
            assert e["kind"] in ("departure", "return", "host_letter", "degree", "other")
            assert e["note"] and e["file_name"].endswith(".pdf")


def test_mobility_progress_is_visibly_partial(programs: list[Row]) -> None:
    phd = programs[1]
    records = phd["mobility"]
    indicator = next(i for i in phd["indicators"] if i["code"] == "phd_sent")
    target = Decimal(indicator["target"])
    assert target == 60 and Decimal(phd["indicators"][1]["target"]) == 500
    assert sent(records) == 23 and 0 < sent(records) < target
    statuses = Counter(r["status"] for r in records)
    assert set(statuses) == MOBILITY_STATUS
    # a stay stopped after departure still counts as sent, one stopped before does not
    stopped = [r for r in records if r["status"] == "discontinued"]
    assert {bool(r.get("departed_on")) for r in stopped} == {True, False}
    sexes = Counter(r["sex"] for r in records)
    assert min(sexes.values()) / len(records) >= 0.35
    assert len({r["home_institution"] for r in records}) >= 6
    hosts = {r["host_institution"].split(" (")[0] for r in records}
    assert {"Tohoku University", "Osaka University", "Kyushu University"} <= hosts
    assert any("Tokyo Institute of Technology" in r["host_institution"] for r in records)
