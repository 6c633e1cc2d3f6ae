"""Every project page is one product: the same header (title, status, buttons) and the same
tabs, with the page's tab — or its parent's, for a page under it — marked as the current one;
no part keeps its own link row."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.projects.core_helpers import create_direct
from tests.web.helpers import login
from tests.world import Api, World

# (path after /projects/<id>, the tab marked current)
PAGES = [
    ("", ""),
    ("/edit", ""),
    ("/partners", "/partners"),
    ("/plan", "/plan"),
    ("/timeline", "/timeline"),
    ("/funding", "/funding"),
    ("/results", "/results"),
    ("/background-ip", "/background-ip"),
    ("/agreements", "/agreements"),
    ("/reports", "/reports"),
    ("/risks", "/risks"),
    ("/amendments", "/amendments"),
]


def _current(html: str) -> list[str]:
    nav = html.split('data-testid="project-nav"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r'<a href="([^"]+)" aria-current="page"', nav)


def test_every_project_page_has_the_header_and_marks_its_tab(
    client: TestClient, world: World, api: Api
) -> None:
    project = create_direct(api, world)
    base = f"/projects/{project['id']}"
    login(client, world.coordinator.email)
    for path, tab in PAGES:
        page = client.get(base + path)
        assert page.status_code == 200, (path, page.status_code)
        assert page.text.count('data-testid="project-head"') == 1, path
        assert page.text.count("<h1") == 1, path
        assert _current(page.text) == [base + tab], (path, _current(page.text))
        assert 'data-testid="results-nav"' not in page.text
        assert "/static/css/plan.css" not in page.text


def test_a_page_under_a_tab_marks_its_parent(client: TestClient, world: World, api: Api) -> None:
    project = create_direct(api, world)
    base = f"/projects/{project['id']}"
    api_base = f"/projects/{project['id']}"
    rule = api.client.put(
        f"/api/v1{api_base}/report-rule", json={"frequency": "yearly"},
        headers=api.headers(world.coordinator),
    )  # fmt: skip
    assert rule.status_code == 200, rule.text
    reports = api.get(world.coordinator, api_base + "/reports").json()
    login(client, world.coordinator.email)
    page = client.get(f"{base}/reports/{reports[0]['id']}")
    assert page.status_code == 200
    assert _current(page.text) == [base + "/reports"]
    assert 'class="crumbs"' in page.text and page.text.count("<h1") == 1
