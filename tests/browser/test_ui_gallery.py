"""The main pages as each role sees them, at 1280 px and on a 390 px phone, in Vietnamese and
Japanese: each checked by axe-core (no serious or critical violation) and saved to
test-artifacts/ui/<page>-<locale>-<width>.png for a person to look at. On the phone the header
stays one short line with a Menu button, and the expert filters wait behind a Filters button."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from sqlalchemy.orm import Session

from tests import showcase
from tests.livesrv import ARTIFACTS, LiveServer, assert_accessible, chromium, live_server, shot
from vstid.core.settings import Environment, Settings
from vstid.web.middleware import LOCALE_COOKIE

pytestmark = pytest.mark.browser

WIDTHS = (1280, 390)
LOCALES = ("vi", "ja")


def _pages(ids: showcase.Showcase) -> list[tuple[str, str | None, str]]:
    """(name, who, path): who signs in (None: a visitor)."""
    return [
        ("home", None, "/"),
        ("order", showcase.REQUESTER, f"/orders/{ids.ranked_order}"),
        ("order-ranking", showcase.REQUESTER, f"/orders/{ids.ranked_order}/experts"),
        ("experts", showcase.REQUESTER, "/experts"),
        ("experts-empty", None, "/experts?q=zzqqxx"),
        ("organization", None, "/organizations/so-khcn-bac-ninh"),
        ("profile-editor", showcase.EXPERT, "/profile"),
        ("project", showcase.PROJECT_REQUESTER, f"/projects/{ids.project_id}"),
        *(
            (f"project-{part}", showcase.PROJECT_REQUESTER, f"/projects/{ids.project_id}/{part}")
            for part in (
                "plan",
                "timeline",
                "funding",
                "results",
                "background-ip",
                "agreements",
                "reports",
                "risks",
                "partners",
                "amendments",
            )
        ),
        (
            "project-report",
            showcase.PROJECT_REQUESTER,
            f"/projects/{ids.project_id}/reports/{ids.report_id}",
        ),
        ("project-public", None, f"/projects/{ids.project_id}"),
        ("projects", showcase.ADMIN, "/projects"),
        ("admin-home", showcase.ADMIN, "/admin"),
        ("admin-users", showcase.ADMIN, "/admin/users"),
        ("admin-taxonomy", showcase.ADMIN, "/admin/taxonomy"),
        ("admin-index", showcase.ADMIN, "/admin/index"),
        ("admin-queue", showcase.ADMIN, "/coordinator"),
    ]


def _context(browser: Browser, server: LiveServer, email: str | None) -> BrowserContext:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    if email:
        page = context.new_page()
        page.goto(server.url + "/login")
        page.fill("#email", email)
        page.fill("#password", showcase.PASSWORD)
        page.get_by_test_id("login-submit").click()
        page.wait_for_url(server.url + "/")
        page.close()
    return context


def _set_locale(context: BrowserContext, server: LiveServer, locale: str) -> None:
    context.add_cookies([{"name": LOCALE_COOKIE, "value": locale, "url": server.url}])


def _check_phone_layout(page: Page, name: str) -> None:
    """One short header line with a Menu button that opens the menu; filters behind a button;
    nothing wider than the phone."""
    header = page.locator("header.topbar").bounding_box()
    assert header and header["height"] <= 64, f"{name}: header {header} on a phone"
    expect(page.locator("#site-menu")).to_be_hidden()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{name}: the page is {width} px wide on a 390 px phone"
    if name == "experts":
        expect(page.locator("#expert-filters")).to_be_hidden()
        results = page.get_by_test_id("expert-list").bounding_box()
        assert results and results["y"] < 400, f"{name}: the first result starts at {results}"


def _open_menu(page: Page) -> None:
    page.get_by_test_id("menu-toggle").click()
    expect(page.get_by_test_id("menu-toggle")).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#site-menu")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator("#site-menu")).to_be_hidden()


def _axe_catches_a_violation(page: Page) -> None:
    """The check can fail: an image without a text alternative is a critical violation."""
    page.evaluate("document.querySelector('main').append(document.createElement('img'))")
    with pytest.raises(AssertionError, match="image-alt"):
        assert_accessible(page, "a page with an unlabelled image")


def _filters_open_in_a_drawer(page: Page) -> None:
    """On a phone the expert filters wait behind a Filters button, which opens them."""
    toggle = page.get_by_test_id("filter-toggle")
    expect(page.locator("#expert-filters")).to_be_hidden()
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_test_id("facet-field")).to_be_visible()
    assert_accessible(page, "experts with the filter drawer open")
    toggle.click()
    expect(page.locator("#expert-filters")).to_be_hidden()


def _saving_shows_a_toast_that_can_be_closed(page: Page) -> None:
    page.get_by_test_id("profile-save").click()
    toast = page.get_by_test_id("toasts").locator(".flash.success")
    expect(toast).to_have_attribute("role", "status")
    expect(toast).to_be_visible()
    assert_accessible(page, "profile editor with a toast")
    toast.get_by_role("button").click()
    expect(page.get_by_test_id("toasts")).to_have_count(0)


def _prints_the_record_only(page: Page) -> None:
    """In print the header, the buttons and the forms are gone and identifying links show
    their address."""
    page.emulate_media(media="print")
    expect(page.locator("header.topbar")).to_be_hidden()
    expect(page.locator("main form").first).to_be_hidden()
    after = page.evaluate(
        "getComputedStyle(document.querySelector('main a[href^=\"/orders/\"]'), '::after').content"
    )
    assert "/orders/" in after or "attr(href)" in after, after
    shot(page, "ui", "project-print", axe=False)
    page.emulate_media(media="screen")


def test_main_pages_look_right_and_pass_axe(tmp_path: Path) -> None:
    ids: list[showcase.Showcase] = []
    settings = Settings(env=Environment.test, data_dir=tmp_path, secret_key="b" * 40)

    def seed(session: Session) -> None:
        ids.append(showcase.build(session, settings))

    counts: list[str] = []
    with live_server(tmp_path, seed=seed) as server, chromium() as browser:
        contexts: dict[str | None, BrowserContext] = {}
        for name, who, path in _pages(ids[0]):
            if who not in contexts:
                contexts[who] = _context(browser, server, who)
            context = contexts[who]
            page = context.new_page()
            for locale in LOCALES:
                _set_locale(context, server, locale)
                for width in WIDTHS:
                    page.set_viewport_size({"width": width, "height": 900})
                    page.goto(server.url + path)
                    page.wait_for_load_state("networkidle")
                    expect(page.locator("html")).to_have_attribute("lang", locale)
                    if width < 500:
                        _check_phone_layout(page, name)
                        if name == "home":
                            _open_menu(page)
                    violations = assert_accessible(page, f"{name} {locale} {width}")
                    counts.append(f"{name}-{locale}-{width}: {len(violations)} minor/moderate "
                                  f"({', '.join(v['id'] for v in violations) or 'none'})")  # fmt: skip
                    shot(page, "ui", f"{name}-{locale}-{width}", axe=False)
                    if name == "home" and locale == "vi" and width == 1280:
                        _axe_catches_a_violation(page)
                    if name == "experts" and locale == "vi" and width < 500:
                        _filters_open_in_a_drawer(page)
                    if name == "profile-editor" and locale == "vi" and width == 1280:
                        _saving_shows_a_toast_that_can_be_closed(page)
                    if name == "project" and locale == "vi" and width == 1280:
                        _prints_the_record_only(page)
            page.close()
    (ARTIFACTS / "ui" / "axe.txt").write_text("\n".join(counts) + "\n", encoding="utf-8")
