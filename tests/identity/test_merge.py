"""Identity service: suggestions, merge keeps everything, undo restores it."""

from __future__ import annotations

from sqlalchemy.orm import Session

from tests.builders import make_expert, make_hub
from vstid.experts.models import ExpertExternalId, ExpertProfile
from vstid.identity.models import MergeSuggestion
from vstid.identity.service import IdentityService


def _pair(session: Session) -> tuple[ExpertProfile, ExpertProfile]:
    hub = make_hub(session)
    a = make_expert(
        session, hub, display_name="Nguyễn Văn An", affiliation="Osaka University",
        residence_country="JP", publications=[{"title": "Edge AI on MCUs", "year": 2021,
                                               "doi": "10.1000/edge"}],
    )  # fmt: skip
    b = make_expert(
        session, hub, display_name="グエン・ヴァン・アン", affiliation="Osaka University",
        residence_country="JP", email="an@example.jp",
        publications=[{"title": "Edge AI on MCUs", "year": 2021, "doi": "10.1000/edge"},
                      {"title": "TinyML survey", "year": 2023}],
    )  # fmt: skip
    b.external_ids.append(ExpertExternalId(scheme="xling", value="X999"))
    session.flush()
    return a, b


def test_scan_suggests_and_merge_then_undo_restores(session: Session) -> None:
    a, b = _pair(session)
    service = IdentityService(session)
    result = service.scan([a.id])
    assert result.suggested == 1
    suggestion = session.query(MergeSuggestion).one()
    assert "shared DOI" in " ".join(suggestion.evidence)

    merge = service.merge(a.id, b.id, actor_id=None)
    session.expire_all()
    survivor = session.get(ExpertProfile, a.id)
    assert survivor is not None and session.get(ExpertProfile, b.id) is None
    assert {p.title for p in survivor.publications} == {"Edge AI on MCUs", "TinyML survey"}
    assert ("xling", "X999") in {(x.scheme, x.value) for x in survivor.external_ids}
    assert survivor.email == "an@example.jp"
    assert "グエン・ヴァン・アン" in survivor.name_variants

    restored = service.undo(merge.id, actor_id=None)
    session.expire_all()
    survivor = session.get(ExpertProfile, a.id)
    assert survivor is not None and survivor.email is None
    assert [p.title for p in survivor.publications] == ["Edge AI on MCUs"]
    back = session.get(ExpertProfile, restored.id)
    assert back is not None and back.display_name == "グエン・ヴァン・アン"
    assert {p.title for p in back.publications} == {"Edge AI on MCUs", "TinyML survey"}
    assert [(x.scheme, x.value) for x in back.external_ids] == [("xling", "X999")]
    assert session.query(MergeSuggestion).one().status == "pending"
