"""Reviewer suggestion and the assignment plan on a real database (both backends), with the
hashing test embedder: conflicts excluded with their reasons, one reviewer per owner country,
capacity respected, the plan written as assignments."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from tests.builders import make_expert
from tests.programs.review_world import add_review, build_index, ready_for_review
from tests.programs.world import ProgramWorld
from vstid.core.db import Database
from vstid.core.errors import ValidationFailed
from vstid.core.settings import Settings
from vstid.matching.reviewers import (
    plan_review_assignment,
    run_review_assignment,
    suggest_reviewers,
)
from vstid.programs.reviews.service import ReviewService


def test_suggestions_put_conflicted_experts_apart_with_reasons(
    session: Session, database: Database, settings: Settings, pw: ProgramWorld
) -> None:
    rw = ready_for_review(session, pw)
    same_org = make_expert(session, pw.w.hub, display_name="Colleague", residence_country="VN",
                           headline="Semiconductor packaging", organization_id=pw.w.org.id)  # fmt: skip
    session.commit()
    build_index(database, settings)
    got = suggest_reviewers(session, settings, rw.application)
    suggested = {s.expert.id for s in got.suggested}
    excluded = {s.expert.id: [r.kind for r in s.conflicts] for s in got.excluded}
    assert {e.id for e in pw.reviewers_vn + pw.reviewers_jp} <= suggested
    assert excluded.get(same_org.id) == ["organization"]
    assert same_org.id not in suggested
    scores = [s.score for s in got.suggested]
    assert scores == sorted(scores, reverse=True)
    assert got.excluded[0].conflicts[0].render() == (
        "same organization as the applicants: " + pw.w.org.name
    )


def test_the_plan_gives_one_reviewer_per_country_and_writes_the_assignments(
    session: Session, database: Database, settings: Settings, pw: ProgramWorld
) -> None:
    rw = ready_for_review(session, pw)
    build_index(database, settings)
    plan, added = run_review_assignment(session, settings, rw.coordinator, pw.call.reference)
    assert plan.countries == ["JP", "VN"] and plan.unmet() == {}
    assert len(added) == 2 and plan.result.unfilled == (0,)
    by_country = {r.agency_id: r for r in added}
    vn, jp = by_country[pw.vn_agency.id], by_country[pw.jp_agency.id]
    assert vn.expert_id in {e.id for e in pw.reviewers_vn}
    assert jp.expert_id in {e.id for e in pw.reviewers_jp}
    assert all(r.match_score is not None and r.override_reason is None for r in added)
    # Run again: the application is full, nothing more is written.
    _plan, again = run_review_assignment(session, settings, rw.coordinator, pw.call.reference)
    assert again == []


def test_the_plan_tops_up_within_free_capacity_and_reports_an_uncovered_country(
    session: Session, database: Database, settings: Settings, pw: ProgramWorld
) -> None:
    rw = ready_for_review(session, pw)
    add_review(session, rw, pw.reviewers_vn[0])  # already there: VN is covered
    for expert in pw.reviewers_jp:
        expert.capacity = 0  # nobody in Japan has time
    session.commit()
    build_index(database, settings)
    plan = plan_review_assignment(session, settings, pw.call)
    assert plan.result.unfilled == (1,) and plan.unmet() == {rw.application.id: ("JP",)}
    assert plan.rows() == []  # the one free seat is Japan's, and nobody there is free

    for expert in pw.reviewers_jp:
        expert.capacity = 1
    session.commit()
    free = ReviewService(session, settings).free_capacity(pw.reviewers_jp)
    assert set(free.values()) == {1}
    plan = plan_review_assignment(session, settings, pw.call)
    ((_application, expert, _score),) = plan.rows()
    assert expert.residence_country == "JP" and plan.unmet() == {}


def test_fewer_reviews_than_countries_is_refused(
    session: Session, database: Database, settings: Settings, pw: ProgramWorld
) -> None:
    ready_for_review(session, pw)
    pw.call.reviews_per_application = 1
    session.commit()
    with pytest.raises(ValidationFailed) as err:
        plan_review_assignment(session, settings, pw.call)
    assert err.value.field == "reviews_per_application"
