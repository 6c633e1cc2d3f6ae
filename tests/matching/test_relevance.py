"""The relevance floor's concept evidence (issue 9, defect 4): a hit without keyword evidence
and below the relative dense margin is kept when it is filed under what the directly
evidenced hits are about, and only then."""

from __future__ import annotations

from vstid.engine.documents import ExpertMatch, ScoreParts
from vstid.matching.relevance import relevant


def _hit(expert_id: str, dense: float) -> ExpertMatch:
    return ExpertMatch(expert_id, dense, 1, ScoreParts(dense=dense, lexical=0.0))


FIELDS = {
    "ja-packaging": ("advanced-packaging", "semiconductors"),
    "ko-packaging": ("advanced-packaging", "semiconductors"),
    "npu": ("edge-ai", "semiconductor-design"),
    "far-packaging": ("advanced-packaging", "semiconductors"),
}


def test_a_hit_sharing_the_concept_of_the_keyword_hits_is_kept() -> None:
    hits = [_hit("ja-packaging", 0.40), _hit("npu", 0.10), _hit("ko-packaging", 0.08),
            _hit("far-packaging", -0.02)]  # fmt: skip
    shares = {"ja-packaging": 0.6}
    kept = [m.expert_id for m in relevant(hits, 0.19, shares, FIELDS)]
    # npu: other concept; far-packaging: less like the query than the average profile
    assert kept == ["ja-packaging", "ko-packaging"]
    assert [m.expert_id for m in relevant(hits, 0.19, shares)] == ["ja-packaging"]


def test_no_direct_evidence_means_no_concept_either() -> None:
    hits = [_hit("ja-packaging", 0.10), _hit("ko-packaging", 0.09)]
    assert relevant(hits, 0.19, {}, FIELDS) == []
