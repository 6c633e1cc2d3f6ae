"""Consistency checks for the hand-written demo data in ``src/vstid/demo/data``.

Standard library only: the data must stay loadable without the application.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from vstid.core.text import normalise_orcid

DATA = Path(__file__).resolve().parents[1] / "src/vstid/demo/data"

LANGS = {"vi", "en", "ja", "ko"}
ORG_KINDS = {
    "enterprise",
    "startup",
    "agency",
    "university",
    "institute",
    "hospital",
    "fund",
    "association",
    "embassy_office",
}
ENGAGEMENTS = {"consulting", "joint_research", "training", "technology_transfer"}
AVAILABILITY = {"available", "limited", "unavailable"}
VISIBILITY = {"public", "members"}
CONFIDENTIALITY = {"public", "members", "invite_only"}
ORDER_STATUS = {
    "draft",
    "submitted",
    "approved",
    "open",
    "awarded",
    "closed",
    "rejected",
    "cancelled",
}
CURRENCIES = {"VND", "JPY", "KRW", "USD"}
ROLES = {"admin", "coordinator", "requester", "expert"}
USER_LOCALES = {"vi", "en", "ja", "ko"}

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ORCID_RE = re.compile(r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$")
EMAIL_RE = re.compile(r"^[^@\s]+@example\.[a-z]{2,3}$")
COUNTRY_RE = re.compile(r"^[A-Z]{2}$")
LANG_RE = re.compile(r"^[a-z]{2}$")

# Letters that only occur in Vietnamese written with diacritics.
VI_MARKS = set("ăâđêôơưáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")
KANA_OR_KANJI = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
KANA = re.compile(r"[\u3040-\u30ff]")
HANGUL = re.compile(r"[\uac00-\ud7a3]")

# Hand-picked experts who should be able to solve each order; at least one of them
# writes in another language than the order (the cross-lingual case the matcher exists for).
EXPECTED_MATCHES = {
    "bac-ninh-uav-vai-thieu": ["nguyen-thi-bich-phuong", "murakami-yuto", "vu-duc-minh"],
    "saokhue-riscv-verification": ["nguyen-van-quyet", "morita-kotaro", "pham-duc-thang"],
    "haiphong-fowlp-warpage": [
        "hasegawa-mari",
        "nguyen-thi-thuy-linh",
        "luu-thi-ngoc-diep",
        "hoang-van-tien",
        "kim-do-yun",
    ],
    "vinh-long-ai-vong-mac": [
        "nguyen-thi-lan-anh",
        "huynh-ngoc-sang",
        "aiko-fujimoto",
        "lee-seo-yeon",
        "phan-thi-my-duyen",
    ],
    "most-kg-nhiem-vu-khcn": [
        "vo-minh-nhut",
        "onodera-satoshi",
        "bach-thi-thu-thuy",
        "dang-thi-minh-khue",
    ],
    "ptit-oran-energy-xapp": [
        "nguyen-thanh-cong",
        "duong-quoc-trung",
        "jung-ha-eun",
        "truong-minh-khang",
        "takeshi-nomura",
    ],
    "lam-dong-bun-do-vat-lieu": ["lai-thi-hong-van", "nishimura-kyoko", "lim-soo-jin"],
    "dak-lak-ca-phe-eudr": ["tran-van-hau", "vu-duc-minh", "kazuki-ishida"],
    "an-phat-robot-han": ["doan-van-sy", "to-quang-huy", "otsuka-ryosuke", "park-jun-young"],
    "hanul-aoi-ai-rejudge": ["choi-min-jae", "tran-cong-minh", "tran-huu-nghi"],
    "senvang-pentest-zero-trust": [
        "kha-minh-nhat",
        "le-quang-thai",
        "nguyen-van-hoa",
        "sugawara-yuka",
        "han-seung-woo",
    ],
    "mekong-bio-phytase-scaleup": [
        "nguyen-hoang-phuc",
        "do-thi-thanh-mai",
        "pham-thi-thu-hang",
        "furukawa-tetsuya",
    ],
}


def load(name: str) -> Any:
    raw = (DATA / name).read_bytes()
    return json.loads(raw.decode("utf-8"))


@pytest.fixture(scope="module")
def taxonomy() -> list[dict]:
    return load("taxonomy.json")


@pytest.fixture(scope="module")
def hubs() -> list[dict]:
    return load("hubs.json")


@pytest.fixture(scope="module")
def orgs() -> list[dict]:
    return load("organizations.json")


@pytest.fixture(scope="module")
def experts() -> list[dict]:
    return load("experts.json")


@pytest.fixture(scope="module")
def orders() -> list[dict]:
    return load("orders.json")


@pytest.fixture(scope="module")
def users() -> list[dict]:
    return load("users.json")


@pytest.fixture(scope="module")
def projects() -> list[dict]:
    return load("projects.json")


@pytest.fixture(scope="module")
def rates() -> list[dict]:
    return load("rates.json")


def check_keys(record: dict, required: dict[str, Any], optional: dict[str, Any] | None = None):
    optional = optional or {}
    missing = set(required) - set(record)
    extra = set(record) - set(required) - set(optional)
    assert not missing, f"missing keys {missing} in {record.get('slug') or record}"
    assert not extra, f"unexpected keys {extra} in {record.get('slug') or record}"
    for key, types in {**required, **optional}.items():
        if key in record:
            assert isinstance(record[key], types), f"{key} has type {type(record[key])}"


def strings(obj: Any):
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, list):
        for item in obj:
            yield from strings(item)
    elif isinstance(obj, dict):
        for key, value in obj.items():
            yield key
            yield from strings(value)


def has_vi_marks(text: str) -> bool:
    return any(ch in VI_MARKS for ch in text.lower())


def words(text: str) -> int:
    return len(text.split())


def unique(values: list) -> None:
    dupes = [v for v, n in Counter(values).items() if n > 1]
    assert not dupes, f"duplicates: {dupes}"


def assert_in_language(text: str, lang: str, what: str) -> None:
    if lang == "vi":
        assert has_vi_marks(text), f"{what}: Vietnamese text without diacritics"
    elif lang == "ja":
        assert KANA_OR_KANJI.search(text), f"{what}: Japanese text without kana/kanji"
    elif lang == "ko":
        assert HANGUL.search(text), f"{what}: Korean text without hangul"
    elif lang == "en":
        assert not HANGUL.search(text) and not KANA.search(text), what


# --- files -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "taxonomy.json",
        "hubs.json",
        "organizations.json",
        "experts.json",
        "orders.json",
        "users.json",
        "projects.json",
        "rates.json",
        "programs.json",
    ],
)
def test_file_is_utf8_json_list_and_nfc(name: str) -> None:
    raw = (DATA / name).read_bytes()
    text = raw.decode("utf-8")
    assert "\\u" not in text, "write with ensure_ascii=False"
    data = json.loads(text)
    assert isinstance(data, list) and data
    for s in strings(data):
        assert unicodedata.is_normalized("NFC", s), f"not NFC: {s[:60]!r}"
        assert s == s.strip(), f"stray whitespace: {s[:60]!r}"


# --- taxonomy and hubs -----------------------------------------------------------------


def test_taxonomy(taxonomy: list[dict]) -> None:
    codes = [t["code"] for t in taxonomy]
    unique(codes)
    assert 20 <= len(codes) <= 30
    for t in taxonomy:
        check_keys(t, {"code": str, "parent": (str, type(None)), "labels": dict})
        assert SLUG_RE.match(t["code"])
        assert set(t["labels"]) == LANGS
        assert all(isinstance(v, str) and v for v in t["labels"].values())
        assert_in_language(t["labels"]["ja"], "ja", t["code"])
        assert_in_language(t["labels"]["ko"], "ko", t["code"])
        if t["parent"] is not None:
            assert t["parent"] in codes and t["parent"] != t["code"]
    required = {
        "ai",
        "edge-ai",
        "semiconductors",
        "semiconductor-design",
        "semiconductor-materials",
        "advanced-packaging",
        "iot-embedded",
        "quantum",
        "new-materials",
        "clean-energy",
        "biotech",
        "big-data",
        "information-security",
        "mobile-networks",
        "digital-transformation",
        "automation",
    }
    assert required <= set(codes)
    by_code = {t["code"]: t for t in taxonomy}
    for child in ("semiconductor-design", "semiconductor-materials", "advanced-packaging"):
        assert by_code[child]["parent"] == "semiconductors"


def test_hubs(hubs: list[dict]) -> None:
    unique([h["code"] for h in hubs])
    assert {h["code"] for h in hubs} >= {"JP", "KR"}
    for h in hubs:
        check_keys(
            h,
            {"code": str, "name": dict, "country": str, "is_pilot": bool, "description": dict},
        )
        assert set(h["name"]) == LANGS
        # every site language, so no reader (ko included) falls back to English
        assert set(h["description"]) == LANGS
        assert HANGUL.search(h["description"]["ko"]) and KANA.search(h["description"]["ja"])
        assert COUNTRY_RE.match(h["country"])
    assert [h["code"] for h in hubs if h["is_pilot"]] == ["JP"]


# --- organizations ---------------------------------------------------------------------


def test_organizations(orgs: list[dict], hubs: list[dict]) -> None:
    hub_codes = {h["code"] for h in hubs}
    slugs = [o["slug"] for o in orgs]
    unique(slugs)
    assert 25 <= len(orgs) <= 36  # 35 since the programs' agencies and universities
    for o in orgs:
        check_keys(
            o,
            {
                "slug": str,
                "name": str,
                "kind": str,
                "country": str,
                "hub": str,
                "website": (str, type(None)),
                "description": dict,
            },
            {"member_of": str},
        )
        assert SLUG_RE.match(o["slug"])
        assert o["kind"] in ORG_KINDS
        assert COUNTRY_RE.match(o["country"])
        assert o["hub"] in hub_codes
        # every site language, so a Korean reader is not shown the English text
        assert set(o["description"]) == LANGS
        assert_in_language(o["description"]["vi"], "vi", o["slug"])
        assert_in_language(o["description"]["ja"], "ja", o["slug"])
        assert HANGUL.search(o["description"]["ko"]), o["slug"]
        if "member_of" in o:
            parent = next(p for p in orgs if p["slug"] == o["member_of"])
            assert parent["kind"] == "association"


def test_organization_mix(orgs: list[dict]) -> None:
    kinds = Counter(o["kind"] for o in orgs)
    for kind in ("enterprise", "startup", "agency", "university", "institute", "hospital"):
        assert kinds[kind] >= 1, kind
    assert kinds["fund"] >= 1 and kinds["embassy_office"] >= 1
    members = Counter(o["member_of"] for o in orgs if "member_of" in o)
    assert members and max(members.values()) >= 4
    assert any(o["country"] == "KR" for o in orgs)
    assert sum(o["country"] == "VN" for o in orgs) >= 8


# --- experts ---------------------------------------------------------------------------

EXPERT_KEYS = {
    "slug": str,
    "name": str,
    "name_variants": list,
    "email": str,
    "country_of_residence": str,
    "hub": str,
    "affiliation": str,
    "organization": (str, type(None)),
    "languages": list,
    "profile_language": str,
    "headline": str,
    "bio": str,
    "expertise": list,
    "fields": list,
    "publications": list,
    "orcid": (str, type(None)),
    "capacity": int,
    "availability": str,
    "engagement_types": list,
    "visibility": str,
}
PUB_KEYS = {
    "title": str,
    "abstract": (str, type(None)),
    "year": int,
    "venue": str,
    "doi": (str, type(None)),
    "language": str,
}


def test_experts_schema_and_references(
    experts: list[dict], orgs: list[dict], hubs: list[dict], taxonomy: list[dict]
) -> None:
    org_slugs = {o["slug"] for o in orgs}
    hub_codes = {h["code"] for h in hubs}
    codes = {t["code"] for t in taxonomy}
    assert len(experts) >= 60
    unique([e["slug"] for e in experts])
    unique([e["email"] for e in experts])
    unique([e["name"] for e in experts])
    for e in experts:
        check_keys(e, EXPERT_KEYS)
        slug = e["slug"]
        assert SLUG_RE.match(slug), slug
        assert EMAIL_RE.match(e["email"]), e["email"]
        assert COUNTRY_RE.match(e["country_of_residence"])
        assert e["hub"] in hub_codes
        assert e["organization"] is None or e["organization"] in org_slugs, slug
        assert e["profile_language"] in LANGS
        assert e["languages"] and all(LANG_RE.match(x) for x in e["languages"])
        unique(e["languages"])
        assert e["profile_language"] in e["languages"], slug
        assert e["name_variants"] and all(isinstance(v, str) and v for v in e["name_variants"])
        assert e["name"] not in e["name_variants"], slug
        assert 3 <= len(e["expertise"]) <= 8, slug
        assert all(isinstance(k, str) and k for k in e["expertise"])
        assert e["fields"] and set(e["fields"]) <= codes, slug
        unique(e["fields"])
        assert 1 <= e["capacity"] <= 4
        assert e["availability"] in AVAILABILITY
        assert e["engagement_types"] and set(e["engagement_types"]) <= ENGAGEMENTS
        assert e["visibility"] in VISIBILITY
        assert e["orcid"] is None or ORCID_RE.match(e["orcid"]), slug
        assert 2 <= len(e["publications"]) <= 4, slug
        for p in e["publications"]:
            check_keys(p, PUB_KEYS)
            assert 1990 <= p["year"] <= 2026
            assert p["language"] in LANGS
            assert p["doi"] is None or p["doi"].startswith("10.5555/")
            assert_in_language(p["title"], p["language"], f"{slug} publication")


def test_expert_text_is_in_profile_language(experts: list[dict]) -> None:
    for e in experts:
        lang, slug = e["profile_language"], e["slug"]
        for field in ("headline", "bio"):
            assert_in_language(e[field], lang, f"{slug}.{field}")
        bio = e["bio"]
        if lang in ("en", "vi"):
            assert 60 <= words(bio) <= 125, f"{slug}: {words(bio)} words"
        elif lang == "ja":
            assert 150 <= len(bio) <= 230, f"{slug}: {len(bio)} characters"
            assert KANA.search(bio)
        else:
            assert 150 <= len(bio) <= 330, f"{slug}: {len(bio)} characters"
        if lang == "vi":
            assert not bio.isascii()
            assert any(has_vi_marks(k) for k in e["expertise"]), slug
        if lang == "en":
            assert not HANGUL.search(bio) and not KANA.search(bio), slug


def test_expert_mix(experts: list[dict]) -> None:
    n = len(experts)
    langs = Counter(e["profile_language"] for e in experts)
    assert set(langs) == LANGS
    assert 0.30 <= langs["en"] / n <= 0.50
    assert 0.18 <= langs["ja"] / n <= 0.32
    assert 0.14 <= langs["vi"] / n <= 0.26
    assert 0.10 <= langs["ko"] / n <= 0.20
    residence = Counter(e["country_of_residence"] for e in experts)
    assert residence["JP"] > n / 2 and residence["KR"] >= 5
    assert len(residence) >= 5
    vietnamese = [e for e in experts if "vi" in e["languages"]]
    assert 0.5 <= len(vietnamese) / n <= 0.7
    # Some Vietnamese in Japan write in Japanese, some in Korea in Korean.
    assert any(e["profile_language"] == "ja" for e in vietnamese)
    assert any(e["profile_language"] == "ko" for e in vietnamese)
    # A few diaspora names are spelled without diacritics on purpose.
    assert sum(e["name"].isascii() for e in vietnamese) >= 3
    assert sum(e["orcid"] is not None for e in experts) >= 5
    assert {"available", "limited", "unavailable"} == {e["availability"] for e in experts}
    assert {"public", "members"} == {e["visibility"] for e in experts}


def test_lengths_fit_database_columns(
    experts: list[dict], orgs: list[dict], orders: list[dict], users: list[dict]
) -> None:
    for e in experts:
        assert len(e["slug"]) <= 120 and len(e["name"]) <= 200
        assert len(e["headline"]) <= 300 and len(e["affiliation"]) <= 300
        for p in e["publications"]:
            assert len(p["title"]) <= 1000 and len(p["venue"]) <= 300
    for o in orgs:
        assert len(o["slug"]) <= 120 and len(o["name"]) <= 300
    for o in orders:
        assert len(o["slug"]) <= 140 and len(o["title"]) <= 300
    for u in users:
        assert len(u["display_name"]) <= 200 and len(u["email"]) <= 254


def test_experts_cover_priority_fields(experts: list[dict]) -> None:
    fields = Counter(f for e in experts for f in e["fields"])
    for code in (
        "ai",
        "edge-ai",
        "semiconductor-design",
        "semiconductor-materials",
        "advanced-packaging",
        "quantum",
        "new-materials",
        "clean-energy",
        "biotech",
        "big-data",
        "information-security",
        "mobile-networks",
        "iot-embedded",
        "automation",
        "digital-transformation",
        "medical-ai",
        "agritech",
    ):
        assert fields[code] >= 2, code


# --- orders ----------------------------------------------------------------------------

ORDER_KEYS = {
    "slug": str,
    "organization": str,
    "hub": str,
    "title": str,
    "description": str,
    "language": str,
    "fields": list,
    "budget_amount": int,
    "currency": str,
    "deadline": str,
    "engagement_type": str,
    "confidentiality": str,
    "status": str,
}


def test_orders(
    orders: list[dict], orgs: list[dict], hubs: list[dict], taxonomy: list[dict]
) -> None:
    by_org = {o["slug"]: o for o in orgs}
    hub_codes = {h["code"] for h in hubs}
    codes = {t["code"] for t in taxonomy}
    assert len(orders) == 12
    unique([o["slug"] for o in orders])
    unique([o["title"] for o in orders])
    for o in orders:
        check_keys(o, ORDER_KEYS)
        slug = o["slug"]
        assert SLUG_RE.match(slug)
        assert o["organization"] in by_org, slug
        assert by_org[o["organization"]]["kind"] not in {"embassy_office", "association"}
        assert o["hub"] in hub_codes
        assert o["language"] in LANGS
        assert o["fields"] and set(o["fields"]) <= codes
        assert o["budget_amount"] > 0 and o["currency"] in CURRENCIES
        assert DATE_RE.match(o["deadline"]) and "2027-01-01" <= o["deadline"] <= "2029-12-31"
        assert o["engagement_type"] in ENGAGEMENTS
        assert o["confidentiality"] in CONFIDENTIALITY
        assert o["status"] in ORDER_STATUS
        for field in ("title", "description"):
            assert_in_language(o[field], o["language"], f"{slug}.{field}")
        if o["language"] in ("vi", "en"):
            assert 80 <= words(o["description"]) <= 180, slug
        else:
            assert 200 <= len(o["description"]) <= 450, slug


def test_order_mix(orders: list[dict], orgs: list[dict]) -> None:
    langs = Counter(o["language"] for o in orders)
    assert 8 <= langs["vi"] <= 9 and 1 <= langs["en"] <= 2 and langs["ja"] == 1
    status = Counter(o["status"] for o in orders)
    assert status["submitted"] == 2 and status["draft"] == 1 and status["awarded"] == 1
    assert status["open"] == len(orders) - 4
    conf = Counter(o["confidentiality"] for o in orders)
    assert conf["members"] == 2 and conf["invite_only"] == 1
    kinds = {next(g["kind"] for g in orgs if g["slug"] == o["organization"]) for o in orders}
    assert {"enterprise", "agency", "hospital"} <= kinds


def test_every_order_has_cross_lingual_matches(
    orders: list[dict], experts: list[dict], taxonomy: list[dict]
) -> None:
    by_slug = {e["slug"]: e for e in experts}
    parent = {t["code"]: t["parent"] for t in taxonomy}

    def family(codes: list[str]) -> set[str]:
        return set(codes) | {parent[c] for c in codes if parent[c]}

    assert set(EXPECTED_MATCHES) == {o["slug"] for o in orders}
    for o in orders:
        matches = EXPECTED_MATCHES[o["slug"]]
        assert len(matches) >= 2
        for slug in matches:
            e = by_slug[slug]
            specific = family(o["fields"]) - {"ai"} or {"ai"}
            assert family(e["fields"]) & specific, (o["slug"], slug)
        assert any(by_slug[s]["profile_language"] != o["language"] for s in matches), o["slug"]


# --- users -----------------------------------------------------------------------------


def test_users(
    users: list[dict],
    orgs: list[dict],
    experts: list[dict],
    hubs: list[dict],
    orders: list[dict],
    projects: list[dict],
) -> None:
    org_slugs = {o["slug"]: o for o in orgs}
    by_expert = {e["slug"]: e for e in experts}
    hub_codes = {h["code"] for h in hubs}
    unique([u["email"].lower() for u in users])
    for u in users:
        check_keys(
            u,
            {
                "email": str,
                "display_name": str,
                "role": str,
                "hub": str,
                "organization": (str, type(None)),
                "expert": (str, type(None)),
                "locale": str,
            },
        )
        assert EMAIL_RE.match(u["email"]), u["email"]
        assert "password" not in json.dumps(u).lower()
        assert u["role"] in ROLES and u["hub"] in hub_codes and u["locale"] in USER_LOCALES
        assert u["organization"] is None or u["organization"] in org_slugs
        if u["role"] == "expert":
            assert u["expert"] in by_expert
            assert by_expert[u["expert"]]["email"] == u["email"]
            assert by_expert[u["expert"]]["hub"] == u["hub"]
        else:
            assert u["expert"] is None
        if u["role"] in ("coordinator", "requester"):
            assert u["organization"] is not None
        if u["role"] == "coordinator":
            assert org_slugs[u["organization"]]["kind"] == "embassy_office"
            assert org_slugs[u["organization"]]["hub"] == u["hub"]
    roles = Counter(u["role"] for u in users)
    # the programs' reviewers and co-applicants are experts; their agencies' officers requesters
    assert roles["admin"] == 1 and roles["coordinator"] == 2 and roles["expert"] == 8
    assert 4 <= roles["requester"] <= 12
    assert {u["hub"] for u in users if u["role"] == "coordinator"} == {"JP", "KR"}
    # a requester orders, acts for a partner in a demo project, applies to a program's call
    # or sits for a program's agency
    acting = {o["organization"] for o in orders}
    acting |= {slug for p in projects for slug in p["people"]}
    programs = load("programs.json")
    acting |= {a["organization"] for p in programs for a in p["agencies"]}
    acting |= {
        a["lead_organization"] for p in programs for c in p["calls"] for a in c["applications"]
    }
    for u in users:
        if u["role"] == "requester":
            assert u["organization"] in acting, u["email"]


def test_orcid_ids_pass_their_check_digit(experts: list[dict]) -> None:
    """A demo expert must be able to save their profile as it is (the editor checks the
    ISO 7064 digit): 14 of 16 iDs failed it before."""
    given = [e["orcid"] for e in experts if e.get("orcid")]
    assert given and all(normalise_orcid(o) == o for o in given), given


# --- joint research projects and the exchange rates their totals need -----------------------

PARTNER_ROLES = {"lead", "partner", "funder", "associated"}
PROJECT_CURRENCIES = {"VND", "JPY", "KRW", "USD", "EUR"}
PLAN_STATUS = {
    "deliverable": {"pending", "draft", "submitted", "accepted", "revision_requested"},
    "milestone": {"pending", "reached"},
}
REPORT_DECISIONS = {"accepted", "returned"}
LEVELS = {"low", "medium", "high"}


def test_projects(
    projects: list[dict], orgs: list[dict], users: list[dict], taxonomy: list[dict]
) -> None:
    org_by_slug = {o["slug"]: o for o in orgs}
    user_by_email = {u["email"]: u for u in users}
    fields = {t["code"] for t in taxonomy}
    assert [p["hub"] for p in projects] == ["JP", "KR"]
    unique([p["key"] for p in projects])
    for p in projects:
        coordinator = user_by_email[p["coordinator"]]
        assert coordinator["role"] == "coordinator" and coordinator["hub"] == p["hub"]
        partners = {x["organization"]: x for x in p["partners"]}
        unique([x["organization"] for x in p["partners"]])
        for slug, email in p["people"].items():
            assert slug in partners and user_by_email[email]["organization"] == slug, email
        assert_in_language(p["title"], p["language"], p["key"])
        assert_in_language(p["summary"], p["language"], p["key"])
        assert set(p["translations"]) | {p["language"]} == LANGS
        for lang, text in p["translations"].items():
            assert_in_language(text["title"], lang, f"{p['key']} {lang}")
            assert_in_language(text["summary"], lang, f"{p['key']} {lang}")
        assert set(p["fields"]) <= fields and DATE_RE.match(p["start"])
        assert 12 <= p["duration_months"] <= 120 and p["confidential"] is False
        for x in p["partners"]:
            assert x["organization"] in org_by_slug and x["role"] in PARTNER_ROLES
            assert EMAIL_RE.match(x["contact_email"])
        leads = [org_by_slug[x["organization"]]["country"] for x in p["partners"] if
                 x["role"] == "lead"]  # fmt: skip
        assert sorted(c == "VN" for c in leads) == [False, True], "one lead per side"
        for slug in p["people"]:
            assert partners[slug]["role"] in ("lead", "partner")
        check_project_parts(p, partners)


def check_project_parts(p: dict, partners: dict[str, dict]) -> None:
    for f in p["funding"]:
        assert f["funder"] in partners and f["currency"] in PROJECT_CURRENCIES
        assert f["kind"] in ("cash", "in_kind") and Decimal(f["amount"]) > 0
        unique([x["fiscal_year"] for x in f["periods"]])
        for x in f["periods"]:
            assert Decimal(x["committed"]) >= Decimal(x["disbursed"]) >= Decimal(x["spent"])
    codes = []
    for wp in p["plan"]:
        assert wp["lead"] in partners and partners[wp["lead"]]["role"] == "lead"
        assert 1 <= wp["start_month"] <= wp["end_month"] <= p["duration_months"]
        codes.append(wp["code"])
        for item in wp["items"]:
            codes.append(item["code"])
            assert item["status"] in PLAN_STATUS[item["kind"]], item["code"]
            assert 1 <= item["due_month"] <= p["duration_months"]
            assert (item["status"] == "revision_requested") == bool(item.get("comment"))
    unique(codes)
    for r in p["results"]:
        assert {o["partner"] for o in r["owners"]} <= set(partners)
        assert sum(Decimal(o["share"]) for o in r["owners"]) == 100, r["title"]
        assert DATE_RE.match(r["date"]) and r["language"] in LANGS
    for a in p["agreements"]:
        assert {s["partner"] for s in a["signed"]} <= set(partners)
    for b in p["background_ip"]:
        assert b["partner"] in partners
    for risk in p["risks"]:
        assert risk["owner"] in partners and {risk["likelihood"], risk["impact"]} <= LEVELS
    reports = p["reports"]
    assert partners[reports["funder"]]["role"] == "funder" and reports["by"] in p["people"]
    for d in reports["decisions"]:
        assert d["status"] in REPORT_DECISIONS and set(d["narratives"]) <= LANGS
        assert d["status"] != "returned" or d["comment"]
        assert all(a["risk"] < len(p["risks"]) for a in d.get("risks", []))
    for a in p.get("amendments", []):
        assert a["kind"] == "end_date" and a["reason"] and a["end_date"] > p["start"]


def test_projects_tell_the_issue_story(projects: list[dict]) -> None:
    """Issue 11, item 12: VND + JPY in the Japanese project, VND + KRW in the Korean one,
    results co-owned across both countries, a returned and an accepted report."""
    jp, kr = projects
    assert {f["currency"] for f in jp["funding"]} == {"VND", "JPY"}
    assert {f["currency"] for f in kr["funding"]} == {"VND", "KRW"}
    decided = [d["status"] for p in projects for d in p["reports"]["decisions"]]
    assert {"accepted", "returned"} <= set(decided)
    assert any(len(r["owners"]) > 1 for r in kr["results"])
    assert [a["kind"] for a in kr["amendments"]] == ["end_date"]


def test_rates_cover_every_funding_period(rates: list[dict], projects: list[dict]) -> None:
    keys = [(r["currency"], r["quote"], r["valid_from"], r["source"]) for r in rates]
    unique(keys)
    for r in rates:
        assert r["quote"] in ("VND", "USD") and r["currency"] in PROJECT_CURRENCIES - {r["quote"]}
        assert Decimal(r["rate"]) > 0 and r["valid_from"] <= r["valid_to"]
        assert "demo" in r["source"]
    covered = {(r["currency"], r["quote"], int(r["valid_from"][:4])) for r in rates}
    for year in (2025, 2026):
        for currency in ("JPY", "KRW", "USD", "EUR"):
            assert (currency, "VND", year) in covered
        for currency in ("JPY", "KRW", "EUR"):
            assert (currency, "USD", year) in covered
    for p in projects:
        for f in p["funding"]:
            for x in f["periods"]:
                if f["currency"] != "VND":
                    assert (f["currency"], "VND", x["fiscal_year"]) in covered
