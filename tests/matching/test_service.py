"""The matching application layer on a real database (both backends), hashing embedder."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy.orm import Session

from tests.builders import make_expert, make_hub, make_order, make_org
from vstid.core.db import Database
from vstid.core.settings import Settings
from vstid.experts.models import ExpertProfile
from vstid.experts.profiles import ExpertProfileService
from vstid.hubs.models import Hub
from vstid.jobs.worker import run_pending
from vstid.matching.holder import IndexNotReady
from vstid.matching.models import ConflictDeclaration, StoredEmbedding
from vstid.matching.service import MatchingService
from vstid.organizations.models import Organization


def _corpus(session: Session) -> dict[str, uuid.UUID]:
    hub = make_hub(session)
    requester = make_org(session, hub, name="Sở KH&CN Cà Mau")
    rival = make_org(session, hub, name="Aqua Sensors JSC")
    ids = {}
    ids["shrimp"] = make_expert(
        session,
        hub,
        slug="shrimp",
        display_name="Lê Văn Tôm",
        bio_language="vi",
        headline="Giám sát chất lượng nước ao nuôi tôm bằng cảm biến IoT",
        bio="Thiết kế mạng cảm biến oxy hòa tan, độ mặn và pH cho ao nuôi tôm ở đồng bằng sông Cửu Long.",
        expertise=["nuôi tôm", "cảm biến IoT", "độ mặn"],
        fields=["agritech"],
        publications=[
            {"title": "Salinity and dissolved oxygen monitoring for shrimp ponds", "year": 2022}
        ],
    ).id
    ids["chip"] = make_expert(
        session,
        hub,
        slug="chip",
        display_name="田中 浩",
        bio_language="ja",
        headline="アナログ集積回路設計",
        bio="低消費電力のADCとセンサフロントエンドを設計しています。",
        expertise=["アナログ回路", "ADC"],
        fields=["semiconductor-design"],
    ).id
    ids["rival"] = make_expert(
        session,
        hub,
        slug="rival",
        display_name="Phạm Cảm Biến",
        bio_language="vi",
        headline="Cảm biến độ mặn cho ao nuôi tôm",
        bio="Giám sát độ mặn ao nuôi tôm.",
        expertise=["độ mặn", "nuôi tôm"],
        organization_id=rival.id,
    ).id
    ids["conflicted"] = make_expert(
        session,
        hub,
        slug="conflicted",
        display_name="Võ Xung Đột",
        bio_language="vi",
        headline="Giám sát chất lượng nước ao nuôi tôm",
        bio="Cảm biến nước nuôi tôm.",
        expertise=["nuôi tôm"],
    ).id
    session.add(
        ConflictDeclaration(
            expert_id=ids["conflicted"], organization_id=requester.id, reason="former employer"
        )
    )
    # Unrelated profiles in each language, as in any real hub: the engine centres each
    # language's embeddings, which needs more than one topic per language.
    for i, (lang, headline) in enumerate(
        [
            ("vi", "Lịch sử kiến trúc cung đình Huế"),
            ("vi", "Ngân hàng số và thanh toán di động"),
            ("vi", "Dịch tễ học bệnh truyền nhiễm"),
            ("ja", "日本中世史と古文書"),
            ("ja", "都市交通計画"),
            ("en", "Macroeconomic policy and inflation"),
        ]
    ):
        make_expert(
            session,
            hub,
            slug=f"other-{i}",
            bio_language=lang,
            headline=headline,
            bio=headline,
            expertise=[headline],
        )
    ids["order"] = make_order(
        session,
        hub,
        rival,
        slug="shrimp-order",
        language="vi",
        title="Hệ thống giám sát độ mặn và oxy hòa tan cho ao nuôi tôm",
        description="Cần chuyên gia cảm biến IoT cho ao nuôi tôm nước lợ.",
        fields=["agritech"],
    ).id
    ids["order_requester"] = requester.id
    session.flush()
    return ids


def test_search_before_the_index_exists_says_not_ready(
    session: Session, settings: Settings
) -> None:
    with pytest.raises(IndexNotReady):
        MatchingService(session, settings).search_experts("nuôi tôm")


def test_rebuild_then_order_snapshot_with_evidence_and_exclusions(
    database: Database, settings: Settings
) -> None:
    with database.transaction() as s:
        ids = _corpus(s)
        MatchingService(s, settings).request_rebuild()
    run_pending(database, settings)  # rebuild, then the order job it queues
    with database.transaction() as s:
        snapshot = MatchingService(s, settings).latest_snapshot(ids["order"])
        assert snapshot is not None and "index-v" in snapshot.model_version
        ranked = [uuid.UUID(r["expert_id"]) for r in snapshot.results]
        # Ranking quality is measured with the real model (test_demo_quality, bench/);
        # the hashing embedder only exercises the plumbing.
        assert ids["shrimp"] in ranked and ids["chip"] in ranked
        assert [r["rank"] for r in snapshot.results] == list(range(1, len(ranked) + 1))
        assert ids["rival"] not in ranked  # the requester's own organization
        assert snapshot.results[0]["evidence"], "every result carries evidence"
        assert snapshot.results[0]["evidence"][0]["text"]
        assert s.query(StoredEmbedding).count() > 0  # vectors kept in the database


def test_declared_conflicts_are_excluded(database: Database, settings: Settings) -> None:
    with database.transaction() as s:
        ids = _corpus(s)
        requester = s.get(Organization, ids["order_requester"])
        assert requester is not None
        order = make_order(
            s,
            s.get(Hub, requester.hub_id),
            requester,
            slug="cm-order",
            title="Giám sát chất lượng nước ao nuôi tôm",
            language="vi",
        )
        MatchingService(s, settings).request_rebuild()
    run_pending(database, settings)
    with database.transaction() as s:
        snapshot = MatchingService(s, settings).latest_snapshot(order.id)
        assert snapshot is not None
        ranked = {uuid.UUID(r["expert_id"]) for r in snapshot.results}
        assert ids["conflicted"] not in ranked and ids["shrimp"] in ranked


def test_search_similar_and_reindex_after_a_change(database: Database, settings: Settings) -> None:
    with database.transaction() as s:
        ids = _corpus(s)
        MatchingService(s, settings).request_rebuild()
    run_pending(database, settings)
    with database.transaction() as s:
        service = MatchingService(s, settings)
        found = [e for e, _ in service.search_experts("ao nuôi tôm độ mặn", k=20)]
        assert ids["shrimp"] in found
        similar = [e for e, _ in service.similar_experts(ids["shrimp"], k=5)]
        assert ids["shrimp"] not in similar and similar
        version = service.index_version()
        expert = s.get(ExpertProfile, ids["chip"])
        assert expert is not None
        expert.visibility = "hidden"
        ExpertProfileService(s).request_reindex(expert.id)
    run_pending(database, settings)
    with database.transaction() as s:
        service = MatchingService(s, settings)
        assert service.index_version() == version + 1
        found = [e for e, _ in service.search_experts("アナログ集積回路設計", k=20)]
        assert ids["chip"] not in found and found
