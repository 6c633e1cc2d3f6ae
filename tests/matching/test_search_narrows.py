"""Search narrows (issue 9, defect 3): the semantic index no longer turns every query into
"everyone". A nonsense query finds no one, in the list, the total and every facet count, and
the page says so with what to do next; a real query finds fewer than all."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.builders import make_expert
from tests.world import World
from vstid.core.db import Database
from vstid.core.settings import Settings
from vstid.jobs.worker import run_pending
from vstid.matching.service import MatchingService

PROFILES = [
    ("Aquaculture disease diagnostics", "Shrimp farm health monitoring.", "biotech", "VN"),
    ("Power electronics for batteries", "Battery management systems.", "energy", "JP"),
    ("Semiconductor packaging", "Warpage of chip packages.", "semiconductors", "JP"),
    ("Rice breeding", "Salt-tolerant rice varieties.", "biotech", "KR"),
    ("Computer vision on the edge", "Defect detection in factories.", "ai", "VN"),
    ("Quantum sensing", "Diamond NV centres.", "physics", "KR"),
]


def _indexed(session: Session, database: Database, settings: Settings, world: World) -> None:
    for headline, bio, field, country in PROFILES:
        make_expert(session, world.hub, headline=headline, bio=bio, fields=[field],
                    residence_country=country, languages=["en"])  # fmt: skip
    MatchingService(session, settings).request_rebuild()
    session.commit()
    run_pending(database, settings)


def test_nonsense_finds_no_one_anywhere(
    client: TestClient, session: Session, database: Database, settings: Settings, world: World
) -> None:
    _indexed(session, database, settings, world)
    body = client.get("/api/v1/experts", params={"q": "zzzxqy"}).json()
    assert body["mode"] == "hybrid"  # the index was asked, and found no one above its floor
    assert body["total"] == 0 and body["items"] == []
    assert [f for counts in body["facets"].values() for f in counts if f["count"]] == []
    vi = client.get("/experts", params={"q": "zzzxqy", "field": "biotech"}).text
    assert 'data-testid="search-empty"' in vi
    assert "Không có chuyên gia nào phù hợp với “zzzxqy”." in vi and "Bỏ các bộ lọc" in vi
    client.cookies.set("vstid_lang", "en")
    page = client.get("/experts", params={"q": "zzzxqy", "field": "biotech"}).text
    assert "No expert matches “zzzxqy”." in page
    assert "Clear the filters" in page and "another language" in page


def test_a_real_query_narrows_and_counts_follow(
    client: TestClient, session: Session, database: Database, settings: Settings, world: World
) -> None:
    _indexed(session, database, settings, world)
    everyone = client.get("/api/v1/experts").json()["total"]
    body = client.get("/api/v1/experts", params={"q": "aquaculture shrimp"}).json()
    assert body["mode"] == "hybrid"
    assert 0 < body["total"] < everyone
    assert body["items"][0]["headline"] == "Aquaculture disease diagnostics"
    # every facet is counted over the matching set only
    assert sum(f["count"] for f in body["facets"]["availability"]) == body["total"]
    assert sum(f["count"] for f in body["facets"]["country"]) <= body["total"]
