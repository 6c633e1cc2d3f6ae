"""What the layout promises without JavaScript: a toast after an action is in the page, a
status a screen reader announces, with a labelled close button; the phone menu and the filter
drawer are buttons that say what they control; without JavaScript a stylesheet keeps them
open; empty lists say what to do next."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.web.helpers import login, post_form
from tests.world import World


def test_a_saved_profile_shows_an_accessible_toast(client: TestClient, world: World) -> None:
    login(client, world.expert_user.email)
    saved = post_form(client, "/profile", {
        "display_name": "Expert Em", "bio_language": "en", "capacity": "2",
        "availability": "available", "visibility": "public",
    })  # fmt: skip
    assert saved.status_code == 303, saved.text[:300]
    page = client.get("/profile").text
    toasts = page.split('data-testid="toasts"', 1)[1].split("</main>", 1)[0]
    assert 'class="flash success" role="status"' in toasts
    assert 'data-dismiss aria-label="Đóng"' in toasts  # labelled in the reader's language
    assert "Your profile was saved." in toasts or "Đã lưu hồ sơ" in toasts
    assert 'data-testid="toasts"' not in client.get("/profile").text  # shown once


def test_menu_and_filters_are_buttons_that_name_what_they_open(client: TestClient) -> None:
    page = client.get("/experts").text
    assert 'aria-expanded="false" aria-controls="site-menu" data-toggle' in page
    assert 'aria-expanded="false" aria-controls="expert-filters" data-toggle' in page
    assert '<noscript><link rel="stylesheet" href="/static/css/nojs.css"></noscript>' in page
    assert client.get("/static/css/nojs.css").status_code == 200
    assert 'href="#content"' in page and 'id="content"' in page  # skip link


def test_empty_lists_say_what_to_do_next(client: TestClient, world: World) -> None:
    login(client, world.expert_user.email)
    proposals = client.get("/proposals/mine").text
    assert 'class="empty-state empty"' in proposals and 'href="/feed"' in proposals
    login(client, world.requester.email)
    orders = client.get("/orders/mine").text
    assert 'class="empty-state empty"' in orders and 'href="/orders/new"' in orders
    assert 'class="empty-state empty"' in client.get("/orders?q=zzqqxx").text
