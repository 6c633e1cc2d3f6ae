"""The reviewer desk and the coordinators' reviewers page through the app: only one's own
assignments, the rubric form keeping what was typed on an error, a conflict declared, the
assignment run and the override asked for a conflicted expert."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.programs.review_world import add_review, build_index, ready_for_review
from tests.programs.world import ProgramWorld
from tests.web.helpers import csrf_from, login, post_form
from vstid.core.db import Database
from vstid.core.settings import Settings
from vstid.programs.reviews.models import Conflict, ReviewAssignment


def _as(client: TestClient, email: str, locale: str = "en") -> None:
    login(client, email)
    assert post_form(client, "/lang", {"locale": locale}).status_code == 303


def test_the_desk_shows_only_my_reviews_and_keeps_input_on_error(
    client: TestClient, session: Session, pw: ProgramWorld
) -> None:
    rw = ready_for_review(session, pw)
    mine = add_review(session, rw, pw.reviewers_vn[0])
    other = add_review(session, rw, pw.reviewers_jp[0])
    _as(client, rw.vn_user.email)
    desk = client.get("/reviews")
    assert desk.status_code == 200 and 'data-testid="nav-reviews"' in desk.text
    assert desk.text.count('data-testid="review-row"') == 1 and f"/reviews/{mine.id}" in desk.text
    assert client.get(f"/reviews/{other.id}").status_code == 404
    page = client.get(f"/reviews/{mine.id}")
    assert page.status_code == 200
    assert "Phía Việt Nam." in page.text and "日本側の計画。" not in page.text  # VN side only
    token = csrf_from(client, f"/reviews/{mine.id}")
    form = {"csrf_token": token, "score_excellence": "4", "score_impact": "3",
            "recommendation": "fund", "comment": "Good partner.", "action": "submit"}  # fmt: skip
    r = client.post(f"/reviews/{mine.id}", data=form)
    assert r.status_code == 422
    assert 'id="score_team-error"' in r.text and "Team: give a score from 1 to 5" in r.text
    assert '<option value="4" selected>' in r.text and "Good partner." in r.text
    r = client.post(f"/reviews/{mine.id}", data=form | {"score_team": "5"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/reviews"
    session.expire_all()
    done = session.get(ReviewAssignment, mine.id)
    assert done is not None and done.status == "submitted" and str(done.weighted_score) == "78.00"
    page = client.get(f"/reviews/{mine.id}").text
    assert 'data-testid="weighted-score"' in page and 'data-testid="review-submit"' not in page


def test_declaring_a_conflict_from_the_desk(
    client: TestClient, session: Session, pw: ProgramWorld
) -> None:
    rw = ready_for_review(session, pw)
    review = add_review(session, rw, pw.reviewers_jp[0])
    _as(client, rw.jp_user.email, "ja")
    page = client.get(f"/reviews/{review.id}")
    assert (
        page.status_code == 200
        and "日本側の計画。" in page.text
        and "Phía Việt Nam." not in page.text
    )
    token = csrf_from(client, f"/reviews/{review.id}")
    r = client.post(f"/reviews/{review.id}/conflict", data={"csrf_token": token, "reason": ""})
    assert r.status_code == 422 and 'id="conflict_reason-error"' in r.text
    r = client.post(f"/reviews/{review.id}/conflict",
                    data={"csrf_token": token, "reason": "共同研究者です"}, follow_redirects=False)  # fmt: skip
    assert r.status_code == 303
    session.expire_all()
    assert session.get(ReviewAssignment, review.id).status == "declined"  # type: ignore[union-attr]
    assert session.scalars(select(Conflict)).one().reason == "共同研究者です"


def test_the_coordinators_reviewers_page(
    client: TestClient, session: Session, database: Database, settings: Settings,
    pw: ProgramWorld,
) -> None:  # fmt: skip
    rw = ready_for_review(session, pw)
    build_index(database, settings)
    path = f"/calls/{pw.call.reference}/reviewers"
    _as(client, rw.vn_user.email)
    assert client.get(path).status_code == 403
    client.cookies.clear()
    _as(client, rw.coordinator.email)
    page = client.get(path)
    assert page.status_code == 200, page.text[:500]
    assert page.text.count('data-testid="suggested-row"') >= 6
    for expert in pw.reviewers_vn + pw.reviewers_jp:
        assert f'data-expert="{expert.id}"' in page.text
    token = csrf_from(client, path)
    r = client.post(f"{path}/plan", data={"csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303
    page = client.get(path).text
    assert page.count('data-testid="assigned-row"') == 2 and "Reviewers assigned: 2." in page
    # The applicant forced by hand: refused with the reason, then assigned with an override.
    body = {"csrf_token": token, "application_id": str(pw.application.id),
            "expert_id": str(pw.jp_partner.id)}  # fmt: skip
    r = client.post(path, data=body)
    assert r.status_code == 409 and "an applicant: Sato Partner" in r.text
    assert 'data-testid="assign-error"' in r.text
    r = client.post(
        path, data=body | {"override_reason": "Only specialist"}, follow_redirects=False
    )
    assert r.status_code == 303
    page = client.get(path).text
    assert page.count('data-testid="assigned-row"') == 3 and "Only specialist" in page


def test_the_pages_render_in_vietnamese(
    client: TestClient, session: Session, pw: ProgramWorld
) -> None:
    rw = ready_for_review(session, pw)
    review = add_review(session, rw, pw.reviewers_vn[0])
    _as(client, rw.vn_user.email, "vi")
    page = client.get(f"/reviews/{review.id}").text
    assert "Your review" not in page and "Submit the review" not in page
    token = csrf_from(client, f"/reviews/{review.id}")
    r = client.post(f"/reviews/{review.id}", data={"csrf_token": token, "score_excellence": "4",
                                                   "action": "submit"})  # fmt: skip
    assert r.status_code == 422 and "Tác động: hãy cho điểm từ 1 đến 5" in r.text
    _as(client, rw.coordinator.email, "vi")
    page = client.get(f"/calls/{pw.call.reference}/reviewers")
    assert page.status_code == 200 and "Assigned reviewers" not in page.text
