"""The order's ranking page (issue 9, defect 10): strong matches first and the weaker ones
folded, weak matches marked, the score's parts shown, evidence collapsed with meaningful
shared terms, and invitations that swap just their row when sent by HTMX."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.builders import make_expert
from tests.web.helpers import csrf_from, login, post_form
from tests.world import World, open_order
from vstid.experts.models import ExpertProfile
from vstid.matching.models import MatchSnapshot
from vstid.orders.models import Order

PARTS = {"dense": 0.3, "lexical": 0.2, "keywords": 0.1, "field_bonus": 0.03, "concept": 0.0,
         "language_bonus": 0.0, "availability_penalty": 0.0}  # fmt: skip
EVIDENCE = {
    "kind": "profile",
    "text": "Kỹ sư kiểm chứng thiết kế số tại nhà máy",
    "language": "vi",
    "dense": 0.3,
    "lexical": 0.2,
    # as older snapshots stored them: syllables and generic words beside the compounds
    "terms": ["kiểm chứng", "kỹ sư", "kỹ", "thuật", "engineer", "factory", "nhà máy", "uvm"],
}


def _ranked(session: Session, world: World, n: int = 18) -> tuple[Order, list[ExpertProfile]]:
    """An open order ranked like a real snapshot: a few strong experts, then a long flat tail."""
    order = open_order(session, world)
    experts = [
        make_expert(session, world.hub, display_name=f"Chuyên gia {i:02d}") for i in range(n)
    ]
    results: list[dict[str, Any]] = []
    for i, expert in enumerate(experts):
        score = 0.6 - 0.06 * i if i < 5 else 0.1 - 0.002 * i  # 0.60 .. 0.36, then <= 0.10
        results.append({"expert_id": str(expert.id), "score": score, "rank": i + 1,
                        "parts": PARTS, "evidence": [EVIDENCE] * 3})  # fmt: skip
    session.add(MatchSnapshot(order_id=order.id, model_version="test", results=results))
    session.commit()
    return order, experts


def _login(client: TestClient, world: World, session: Session) -> None:
    world.requester.locale = "en"  # the page in English, whatever the default
    session.commit()
    login(client, world.requester.email)


def _rows(html: str) -> list[str]:
    """Each ranked row's HTML, up to the next row (or the end of the page)."""
    return html.split('data-testid="match-row"')[1:]


def test_strong_matches_first_then_the_weaker_ones_folded_and_marked(
    client: TestClient, world: World, session: Session
) -> None:
    order, experts = _ranked(session, world)
    _login(client, world, session)
    html = client.get(f"/orders/{order.slug}/experts").text
    strong, _, weaker = html.partition('data-testid="weaker-matches"')
    assert weaker, "the weaker matches are not folded away"
    assert all(f'/experts/{e.slug}"' in strong for e in experts[:5])
    assert not any(f'/experts/{e.slug}"' in strong for e in experts[5:])
    assert all(f'/experts/{e.slug}"' in weaker for e in experts[5:])
    assert "13 weaker matches" in html
    assert 'data-testid="weak-match"' not in strong  # 0.36 is above 0.4 x 0.60
    assert weaker.count('data-testid="weak-match"') == 13


def test_each_result_shows_its_score_parts_and_folds_its_evidence(
    client: TestClient, world: World, session: Session
) -> None:
    order, _ = _ranked(session, world, n=2)
    _login(client, world, session)
    row = _rows(client.get(f"/orders/{order.slug}/experts").text)[0]
    parts = re.search(r'<dl class="score-parts".*?</dl>', row, re.S)
    assert parts and 'aria-label="Parts of the score"' in parts.group(0)
    text = re.sub(r"<[^>]+>", " ", parts.group(0))
    assert re.search(r"Meaning\s+0\.30", text) and re.search(r"Keywords\s+0\.10", text)
    assert re.search(r"Fields\s+0\.03", text)
    details = re.search(
        r'<details class="evidence-box".*?<summary>(.*?)</summary>(.*?)</details>', row, re.S
    )
    assert details, "the evidence is not collapsed"
    assert "3 matching passages" in details.group(1)
    assert "<q" in details.group(2) and "<q" not in details.group(1)


def test_shared_terms_are_meaningful_not_syllables_or_generic_words(
    client: TestClient, world: World, session: Session
) -> None:
    order, _ = _ranked(session, world, n=1)
    _login(client, world, session)
    row = _rows(client.get(f"/orders/{order.slug}/experts").text)[0]
    shared = re.search(r'data-testid="shared-terms">([^<]*)<', row)
    assert shared
    terms = [t.strip() for t in shared.group(1).split(",")]
    assert "kiểm chứng" in terms and "uvm" in terms
    for noise in ("kỹ", "thuật", "engineer", "factory", "nhà máy", "kỹ sư"):
        assert noise not in terms, noise


def test_invite_by_htmx_answers_with_the_row_only(
    client: TestClient, world: World, session: Session
) -> None:
    order, experts = _ranked(session, world, n=3)
    _login(client, world, session)
    token = csrf_from(client, f"/orders/{order.slug}/experts")
    form = {"expert_id": str(experts[1].id), "mode": "invite"}
    missing = client.post(f"/orders/{order.slug}/invite", data=form, headers={"HX-Request": "true"})
    assert missing.status_code == 403  # CSRF still holds for HTMX
    response = client.post(
        f"/orders/{order.slug}/invite", data=form,
        headers={"HX-Request": "true", "X-CSRF-Token": token}, follow_redirects=False,
    )  # fmt: skip
    assert response.status_code == 200
    html = response.text
    assert "<html" not in html and f'id="match-{experts[1].id}"' in html
    assert 'data-testid="row-status">Invited<' in html
    assert 'hx-swap-oob="true"' in html and experts[1].display_name in html
    assert f'value="{experts[1].id}"><input type="hidden" name="mode" value="invite"' not in html


def test_invite_without_javascript_still_redirects_back(
    client: TestClient, world: World, session: Session
) -> None:
    order, experts = _ranked(session, world, n=2)
    _login(client, world, session)
    form = {"expert_id": str(experts[0].id), "mode": "shortlist"}
    response = post_form(client, f"/orders/{order.slug}/invite", form)
    assert response.status_code == 303
    assert response.headers["location"] == f"/orders/{order.slug}/experts"
    page = client.get(f"/orders/{order.slug}/experts").text
    assert "Added to the shortlist." in page
    assert 'data-testid="row-status">Shortlisted<' in _rows(page)[0]


def test_a_refused_htmx_invite_says_why_in_the_row(
    client: TestClient, world: World, session: Session
) -> None:
    order, experts = _ranked(session, world, n=2)
    _login(client, world, session)
    token = csrf_from(client, f"/orders/{order.slug}/experts")
    form = {"expert_id": str(experts[0].id), "mode": "invite"}
    headers = {"HX-Request": "true", "X-CSRF-Token": token}
    assert (
        client.post(f"/orders/{order.slug}/invite", data=form, headers=headers).status_code == 200
    )
    again = client.post(f"/orders/{order.slug}/invite", data=form, headers=headers)
    assert again.status_code == 200 and f'id="match-{experts[0].id}"' in again.text
    assert 'class="flash error" role="alert"' in again.text
