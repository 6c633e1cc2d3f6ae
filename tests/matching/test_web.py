"""Similar experts and semantic search through the pages and the API."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.builders import make_expert, make_hub
from vstid.core.db import Database
from vstid.core.settings import Settings
from vstid.jobs.worker import run_pending
from vstid.matching.service import MatchingService


def _experts(session: Session) -> None:
    hub = make_hub(session)
    for slug, headline, lang, visibility in [
        ("edge-vi", "Trí tuệ nhân tạo biên trên vi điều khiển", "vi", "public"),
        ("edge-ja", "エッジAIと組込みシステム", "ja", "public"),
        ("edge-ko", "엣지 AI 경량화 모델", "ko", "members"),
        ("history", "Medieval Japanese history", "en", "public"),
    ]:
        make_expert(
            session,
            hub,
            slug=slug,
            headline=headline,
            bio=headline,
            bio_language=lang,
            visibility=visibility,
        )


def test_similar_and_search_say_not_ready_before_the_index(
    client: TestClient, session: Session
) -> None:
    _experts(session)
    session.commit()
    assert client.get("/api/v1/experts/edge-vi/similar").status_code == 503
    page = client.get("/experts/edge-vi/similar")
    assert page.status_code == 200 and "similar" in page.text.lower()


def test_similar_and_search_respect_visibility(
    client: TestClient, database: Database, settings: Settings
) -> None:
    with database.transaction() as s:
        _experts(s)
        MatchingService(s, settings).request_rebuild()
    run_pending(database, settings)
    similar = client.get("/api/v1/experts/edge-vi/similar?k=10").json()
    slugs = {row["expert"]["slug"] for row in similar}
    assert "edge-ja" in slugs and "edge-vi" not in slugs
    assert "edge-ko" not in slugs  # members-only: invisible to an anonymous caller
    found = client.get("/api/v1/match/experts", params={"q": "エッジAI", "k": 10}).json()
    assert {r["expert"]["slug"] for r in found} <= {"edge-vi", "edge-ja", "history"}
    assert client.get("/api/v1/match/experts", params={"q": "x"}).status_code == 422
    fragment = client.get("/experts/edge-vi/similar").text
    assert 'data-testid="similar-experts"' in fragment and "/experts/edge-ja" in fragment
    assert client.get("/api/v1/experts/edge-ko/similar").status_code == 404
