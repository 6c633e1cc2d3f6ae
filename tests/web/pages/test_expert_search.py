"""Experts search (facets, scripts, fallback), export, onboarding, claims and the merge queue."""

from __future__ import annotations

import csv
import io
import json
import re

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.builders import make_expert, make_hub, make_user
from tests.samples import SAMPLES
from tests.web.helpers import bearer, csrf_from, login, start_profile
from vstid.accounts.models import Role
from vstid.core.db import Database
from vstid.core.settings import Settings
from vstid.experts.models import ExpertProfile
from vstid.identity.models import MergeRecord, MergeSuggestion
from vstid.identity.service import IdentityService
from vstid.jobs.worker import run_pending
from vstid.matching.service import MatchingService
from vstid.notifications.models import EmailOutbox


def _experts(session: Session) -> None:
    hub = make_hub(session, code="JPT")
    make_expert(session, hub, slug="an", display_name="Nguyễn Văn An", residence_country="JP",
                languages=["vi", "ja"], fields=["ai"], availability="available",
                headline="Edge AI cho nhà máy", expertise=["thị giác máy tính"])  # fmt: skip
    make_expert(session, hub, slug="lan", display_name="Trần Thị Lan", residence_country="JP",
                languages=["vi", "en"], fields=["biotech"], availability="limited",
                headline="Aquaculture disease diagnostics")  # fmt: skip
    make_expert(session, hub, slug="kim", display_name="김민수", residence_country="KR",
                languages=["ko", "en"], fields=["ai"], headline="5G private networks")  # fmt: skip
    session.commit()


def test_api_facets_count_and_filter(client: TestClient, session: Session) -> None:
    _experts(session)
    body = client.get("/api/v1/experts", params={"hub": "JPT"}).json()
    assert body["total"] == 3
    assert {"value": "JP", "count": 2} in body["facets"]["country"]
    assert {"value": "ai", "count": 2} in body["facets"]["field"]
    narrowed = client.get("/api/v1/experts", params={"hub": "JPT", "field": "ai"}).json()
    assert {e["slug"] for e in narrowed["items"]} == {"an", "kim"}
    # a facet's own counts ignore its own selection, so other values stay visible
    assert {"value": "biotech", "count": 1} in narrowed["facets"]["field"]
    assert {"value": "KR", "count": 1} in narrowed["facets"]["country"]
    by_lang = client.get("/api/v1/experts", params={"hub": "JPT", "language": "ko"}).json()
    assert [e["slug"] for e in by_lang["items"]] == ["kim"]


def test_keyword_search_across_diacritics_scripts_and_order(
    client: TestClient, session: Session
) -> None:
    _experts(session)
    for query in ("nguyen van an", "An Nguyen", "グエン・ヴァン・アン", "thi giac may tinh"):
        body = client.get("/api/v1/experts", params={"q": query, "hub": "JPT"}).json()
        assert [e["slug"] for e in body["items"]] == ["an"], query
    assert body["mode"] in ("keyword", "hybrid")
    page = client.get("/experts", params={"q": "aquaculture", "hub": "JPT"}).text
    assert "Trần Thị Lan" in page and 'data-testid="search-mode"' in page


def test_export_is_for_coordinators_utf8_without_bom(client: TestClient, session: Session) -> None:
    _experts(session)
    coordinator = make_user(session, Role.coordinator)
    expert_user = make_user(session, Role.expert)
    session.commit()
    assert (
        client.get("/api/v1/experts/export", headers=bearer(client, expert_user.email)).status_code
        == 403
    )
    headers = bearer(client, coordinator.email)
    response = client.get(
        "/api/v1/experts/export", params={"hub": "JPT", "format": "csv"}, headers=headers
    )
    assert response.status_code == 200 and not response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))
    assert {r["name"] for r in rows} == {"Nguyễn Văn An", "Trần Thị Lan", "김민수"}
    jsonl = client.get("/api/v1/experts/export", params={"hub": "JPT", "field": "ai", "format": "jsonl"},
                       headers=headers)  # fmt: skip
    names = [json.loads(line)["name"] for line in jsonl.text.splitlines()]
    assert sorted(names) == sorted(["Nguyễn Văn An", "김민수"])


def test_onboarding_profile_publications_and_import(client: TestClient, session: Session) -> None:
    make_hub(session, is_pilot=True)
    user = make_user(session, Role.expert, display_name="Đặng Thu Hà")
    session.commit()
    login(client, user.email)
    start_profile(client)
    page = client.get("/profile").text
    assert 'data-testid="completeness"' in page and "Đặng Thu Hà" in page
    token = csrf_from(client, "/profile")
    response = client.post("/profile", data={
        "csrf_token": token, "display_name": "Đặng Thu Hà", "name_variants": "Dang Thu Ha\nダン・トゥー・ハー",
        "headline": "Hydrogen storage materials", "bio_language": "en", "bio": "word " * 50,
        "headline_ja": "水素貯蔵材料", "expertise": "MOF, hydrogen, adsorption", "fields": ["new-materials"],
        "languages": ["vi", "ja"], "residence_country": "jp", "capacity": "2",
        "availability": "limited", "engagement_types": ["consulting"], "visibility": "public",
    }, follow_redirects=False)  # fmt: skip
    assert response.status_code == 303
    expert = session.scalars(select(ExpertProfile).where(ExpertProfile.user_id == user.id)).one()
    session.refresh(expert)
    assert expert.translations == {"ja": {"headline": "水素貯蔵材料"}}
    assert expert.residence_country == "JP" and expert.expertise == [
        "MOF",
        "hydrogen",
        "adsorption",
    ]
    bad = client.post("/profile", data={"csrf_token": token, "display_name": "Đặng Thu Hà",
                                        "residence_country": "Japan", "capacity": "1"})  # fmt: skip
    assert bad.status_code == 422 and "mã quốc gia hai chữ cái" in bad.text
    client.post("/profile/publications", data={"csrf_token": token, "title": "MOF-5 revisited",
                                               "year": "2022", "doi": "https://doi.org/10.1000/MOF5"})  # fmt: skip
    orcid = SAMPLES / "orcid" / "alejoacelas+orcid2taxid" / "works_0000-0002-1825-0097.json"
    record = SAMPLES / "orcid" / "eapearson+kbase-service-orcidlink" / "profile.json"
    client.post("/profile/import", data={"csrf_token": token},
                files={"file": (record.name, record.read_bytes(), "application/json")})  # fmt: skip
    session.refresh(expert)
    assert {p.doi for p in expert.publications} >= {"10.1000/mof5"}
    assert len(expert.publications) == 7
    assert orcid.exists()
    assert "Add your ORCID iD." not in client.get("/profile").text


def test_claim_by_emailed_signed_link(client: TestClient, session: Session) -> None:
    hub = make_hub(session, is_pilot=True)
    imported = make_expert(session, hub, slug="imported-vu", display_name="Vũ Hoàng Long",
                           email="long.vu@example.jp", claimed=False)  # fmt: skip
    user = make_user(session, Role.expert, display_name="Vũ Hoàng Long")
    other = make_user(session, Role.expert)
    session.commit()
    login(client, user.email)
    start_profile(client)  # the user's own (empty) profile exists too
    token = csrf_from(client, "/experts/imported-vu")
    assert client.post("/experts/imported-vu/claim", data={"csrf_token": token}).status_code == 200
    mail = session.scalars(
        select(EmailOutbox).where(EmailOutbox.to_address == "long.vu@example.jp")
    ).one()
    link = re.search(r"/claim/confirm\?token=\S+", mail.body)
    assert link
    client.get(link.group(0))
    session.refresh(imported)
    assert imported.user_id == user.id and imported.claimed
    assert (
        session.scalars(select(ExpertProfile).where(ExpertProfile.user_id == user.id)).one().id
        == imported.id
    )
    login(client, other.email)
    assert client.get(link.group(0)).status_code in (403, 409)


def test_queue_merge_and_undo_through_pages(client: TestClient, session: Session) -> None:
    hub = make_hub(session)
    a = make_expert(session, hub, slug="qa", display_name="Phạm Minh Khoa", affiliation="Tohoku University",
                    residence_country="JP")  # fmt: skip
    b = make_expert(session, hub, slug="qb", display_name="ファム・ミン・コア", affiliation="Tohoku University",
                    residence_country="JP", publications=[{"title": "Spintronics", "year": 2019}])  # fmt: skip
    coordinator = make_user(session, Role.coordinator, hub=hub)
    a_id, b_id = a.id, b.id
    IdentityService(session).scan([a_id])
    session.commit()
    login(client, coordinator.email)
    page = client.get("/identity").text
    assert "ファム・ミン・コア" in page and 'data-testid="suggestion"' in page
    suggestion = session.scalars(select(MergeSuggestion)).one()
    token = csrf_from(client, "/identity")
    client.post(f"/identity/{suggestion.id}/merge", data={"csrf_token": token, "keep": str(a_id)})
    session.expire_all()
    assert session.get(ExpertProfile, b_id) is None
    merge = session.scalars(select(MergeRecord)).one()
    client.post(f"/identity/merges/{merge.id}/undo", data={"csrf_token": token})
    session.expire_all()
    assert session.get(ExpertProfile, b_id) is not None
    assert client.get("/identity", headers={}).status_code == 200


def test_profile_api_and_orcid_claim_waits_for_a_coordinator(
    client: TestClient, session: Session
) -> None:
    hub = make_hub(session, is_pilot=True)
    make_expert(session, hub, slug="imported-orcid", display_name="Josiah Carberry",
                orcid="0000-0002-1825-0097", affiliation="Brown University")  # fmt: skip
    user = make_user(session, Role.expert, display_name="Josiah Carberry")
    session.commit()
    headers = bearer(client, user.email)
    assert client.post("/api/v1/me/profile", headers=headers).status_code == 201
    assert (
        client.get("/api/v1/me/profile", headers=headers).json()["display_name"]
        == "Josiah Carberry"
    )
    body = {"display_name": "Josiah Carberry", "orcid": "https://orcid.org/0000-0002-1825-0097",
            "bio_language": "en", "capacity": 2, "engagement_types": ["consulting"]}  # fmt: skip
    response = client.put("/api/v1/me/profile", json=body, headers=headers)
    assert response.status_code == 200 and response.json()["orcid"] == "0000-0002-1825-0097"
    bad = client.put(
        "/api/v1/me/profile", json={**body, "engagement_types": ["golf"]}, headers=headers
    )
    assert bad.status_code == 422
    pub = client.post("/api/v1/me/profile/publications", headers=headers,
                      json={"title": "Psychoceramics", "year": 2001, "doi": "10.5555/12345678"})  # fmt: skip
    assert pub.status_code == 201 and pub.json()["publications"][0]["doi"] == "10.5555/12345678"
    # the same ORCID iD typed into an account's profile: proven by the iD, but unverified,
    # so a coordinator confirms (no automatic merge hands a profile to an account)
    own = session.scalars(select(ExpertProfile).where(ExpertProfile.user_id == user.id)).one()
    result = IdentityService(session).scan([own.id], auto_merge=True)
    assert result.merged == 0 and result.suggested == 1


def test_search_uses_the_semantic_index_when_built(
    client: TestClient, session: Session, database: Database, settings: Settings
) -> None:
    _experts(session)
    before = client.get("/api/v1/experts", params={"q": "aquaculture"}).json()
    assert before["mode"] == "keyword" and before["note"]  # visibly keyword-only
    MatchingService(session, settings).request_rebuild()
    session.commit()
    run_pending(database, settings)
    after = client.get("/api/v1/experts", params={"q": "aquaculture", "hub": "JPT"}).json()
    assert after["mode"] == "hybrid" and after["items"][0]["slug"] == "lan"
    page = client.get("/experts", params={"q": "aquaculture"}).text
    assert "keyword search only" not in page


def test_import_page_checks_at_once_and_queues_the_work(
    client: TestClient, session: Session, database: Database, settings: Settings
) -> None:
    make_hub(session, is_pilot=True)
    coordinator = make_user(session, Role.coordinator)
    session.commit()
    login(client, coordinator.email)
    token = csrf_from(client, "/imports")
    good = "id,name,country\nw1,Đinh Thị Thu,VN\n".encode()
    dry = client.post("/imports", data={"csrf_token": token, "dry_run": "true"},
                      files={"file": ("w.csv", good, "text/csv")})  # fmt: skip
    assert dry.status_code == 200 and 'data-testid="import-report"' in dry.text
    queued = client.post("/imports", data={"csrf_token": token},
                         files={"file": ("w.csv", good, "text/csv")}, follow_redirects=False)  # fmt: skip
    assert queued.status_code == 303
    assert (
        session.scalars(
            select(ExpertProfile).where(ExpertProfile.display_name == "Đinh Thị Thu")
        ).first()
        is None
    )
    run_pending(database, settings)
    assert session.scalars(
        select(ExpertProfile).where(ExpertProfile.display_name == "Đinh Thị Thu")
    ).one()
    assert "w.csv" in client.get("/imports").text
    bad = client.post("/imports", data={"csrf_token": token},
                      files={"file": ("w.csv", b"id,name\nw2,\n", "text/csv")})  # fmt: skip
    assert bad.status_code == 422 and 'data-testid="import-errors"' in bad.text
    assert ">2</td><td>name</td>" in bad.text.replace("\n", "").replace(" ", "")


def test_japanese_search_facets_show_country_language_and_hub_names(
    client: TestClient, session: Session
) -> None:
    _experts(session)
    client.cookies.set("vstid_lang", "ja")
    page = client.get("/experts").text
    assert re.search(r'<option value="JP"[^>]*>日本 \(2\)</option>', page)
    assert re.search(r'<option value="en"[^>]*>英語 \(2\)</option>', page)
    # the test hub has no Japanese name: its country's name in Japanese, then its English name
    assert re.search(r'<option value="JPT"[^>]*>日本 · Test hub \(3\)</option>', page)
    assert ">JP (2)<" not in page and ">en (2)<" not in page


def test_profile_editor_offers_countries_and_languages_by_name(
    client: TestClient, session: Session
) -> None:
    hub = make_hub(session, is_pilot=True)
    user = make_user(session, Role.expert, display_name="Đỗ Minh")
    make_expert(session, hub, user_id=user.id, residence_country="JP", languages=["en"])
    session.commit()
    login(client, user.email)
    page = client.get("/profile").text
    assert '<option value="JP" selected>Nhật Bản</option>' in page
    assert page.index(">Ấn Độ<") < page.index(">Bỉ<") < page.index(">Nhật Bản<")
    names = re.findall(r'name="languages" value="(\w+)"[^>]*> ([^<]+)</label>', page)
    assert names == [("en", "Tiếng Anh"), ("ko", "Tiếng Hàn"), ("ja", "Tiếng Nhật"),
                     ("vi", "Tiếng Việt")]  # fmt: skip
