"""Conflicts of interest computed from the records, each with its reason; declared ones; and
the per-agency aggregates the joint decision reads."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy.orm import Session

from tests.builders import make_expert
from tests.programs.review_world import add_review, ready_for_review
from tests.programs.world import RUBRIC, ProgramWorld
from vstid.core.settings import Settings
from vstid.experts.models import Publication
from vstid.programs.reviews.models import Conflict, ReviewStatus
from vstid.programs.reviews.service import ReviewService, weighted_score


def _kinds(service: ReviewService, pw: ProgramWorld, *experts: object) -> dict[object, list[str]]:
    found = service.conflicts(pw.application, [e.id for e in experts])  # type: ignore[attr-defined]
    return {e: [r.kind for r in found.get(e.id, [])] for e in experts}  # type: ignore[attr-defined]


def test_each_computed_conflict_and_its_reason(
    session: Session, settings: Settings, pw: ProgramWorld
) -> None:
    ready_for_review(session, pw)
    w = pw.w
    pw.jp_partner.publications = [
        Publication(title="Warpage of fan-out wafer level packages", doi="10.1234/FOWLP.1"),
        Publication(title="Thermal interface materials for chiplets in AI accelerators"),
    ]
    doi_coauthor = make_expert(session, w.hub, display_name="Doi Coauthor", publications=[
        {"title": "A different title", "doi": "https://doi.org/10.1234/fowlp.1"}])  # fmt: skip
    title_coauthor = make_expert(session, w.hub, display_name="Title Coauthor", publications=[
        {"title": "Thermal Interface Materials for Chiplets in AI Accelerators."}])  # fmt: skip
    short_title = make_expert(session, w.hub, display_name="Short", publications=[
        {"title": "Introduction"}])  # fmt: skip
    pw.jp_partner.publications.append(Publication(title="Introduction"))
    same_org = make_expert(session, w.hub, display_name="Same Org", organization_id=w.org.id)
    affiliated = make_expert(session, w.hub, display_name="Affiliated",
                             affiliation="  tohoku   UNIVERSITY ")  # fmt: skip
    declared = pw.reviewers_vn[1]
    session.add(Conflict(application_id=pw.application.id, expert_id=declared.id,
                         reason="I supervised the lead's PhD"))  # fmt: skip
    session.commit()
    service = ReviewService(session, settings)
    kinds = _kinds(service, pw, w.expert, pw.jp_partner, doi_coauthor, title_coauthor,
                   short_title, same_org, affiliated, declared, pw.reviewers_jp[0])  # fmt: skip
    assert kinds == {
        w.expert: ["applicant"], pw.jp_partner: ["applicant"],
        doi_coauthor: ["coauthor"], title_coauthor: ["coauthor"], short_title: [],
        same_org: ["organization"], affiliated: ["organization"], declared: ["declared"],
        pw.reviewers_jp[0]: [],
    }  # fmt: skip
    reasons = service.conflicts(pw.application, [doi_coauthor.id, affiliated.id, declared.id])
    assert reasons[doi_coauthor.id][0].render() == (
        "co-author with Sato Partner: Warpage of fan-out wafer level packages"
    )
    assert reasons[affiliated.id][0].render() == (
        "same institution as the applicants:   tohoku   UNIVERSITY "
    )
    assert reasons[declared.id][0].render() == "declared: I supervised the lead's PhD"


def test_an_expert_holding_an_applicants_account_is_an_applicant(
    session: Session, settings: Settings, pw: ProgramWorld
) -> None:
    ready_for_review(session, pw)
    pw.application.members[1].expert_id = None  # the partner joined by account only
    session.commit()
    found = ReviewService(session, settings).conflicts(pw.application, [pw.jp_partner.id])
    assert [r.render() for r in found[pw.jp_partner.id]] == ["an applicant: Sato Partner"]


def test_weighted_score_is_the_weighted_mean_on_a_hundred() -> None:
    assert weighted_score(RUBRIC, {"excellence": 5, "impact": 5, "team": 5}) == Decimal("100.00")
    # (50·4 + 30·3 + 20·5) / (5·100) · 100 = 78
    assert weighted_score(RUBRIC, {"excellence": 4, "impact": 3, "team": 5}) == Decimal("78.00")
    assert weighted_score(RUBRIC, {"excellence": 1, "impact": 2, "team": 2}) == Decimal("30.00")
    equal = [{"key": "a", "weight": 0}, {"key": "b", "weight": 0}]
    assert weighted_score(equal, {"a": 1, "b": 2}) == Decimal("30.00")


def test_scores_by_agency_panel(session: Session, settings: Settings, pw: ProgramWorld) -> None:
    rw = ready_for_review(session, pw)
    vn0, vn1, vn2 = pw.reviewers_vn
    jp0, jp1, _ = pw.reviewers_jp
    add_review(session, rw, vn0, status=ReviewStatus.submitted.value,
               weighted_score=Decimal("80.00"), recommendation="fund")  # fmt: skip
    add_review(session, rw, vn1, status=ReviewStatus.submitted.value,
               weighted_score=Decimal("65.50"), recommendation="fund_with_changes")  # fmt: skip
    add_review(session, rw, vn2, status=ReviewStatus.declined.value)
    add_review(session, rw, jp0, status=ReviewStatus.submitted.value,
               weighted_score=Decimal("40.00"), recommendation="do_not_fund")  # fmt: skip
    add_review(session, rw, jp1)
    rows = {r.country: r for r in ReviewService(session, settings).scores_by_agency(pw.application)}
    assert list(rows) == ["VN", "JP"]
    vn, jp = rows["VN"], rows["JP"]
    assert (vn.agency_id, vn.assigned, vn.done, vn.mean_weighted_score) == (
        pw.vn_agency.id, 2, 2, Decimal("72.75"))  # fmt: skip
    assert vn.recommendations == {"fund": 1, "fund_with_changes": 1, "do_not_fund": 0}
    assert (jp.assigned, jp.done, jp.mean_weighted_score) == (2, 1, Decimal("40.00"))
    assert jp.recommendations["do_not_fund"] == 1
