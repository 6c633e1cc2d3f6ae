"""Pages stay light: each main page, as the role that uses it, weighs at most 150 KB of HTML,
CSS and JavaScript together — its own HTML, the fragments HTMX loads with it, and every
stylesheet and script it links — images (the icon sprite, logos) aside.
`pytest tests/web/test_page_weight.py -s` prints the figures."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests import showcase
from tests.web.helpers import login
from vstid.core.settings import Settings

LIMIT = 150 * 1024
ASSET = re.compile(r'<(?:link[^>]+rel="stylesheet"[^>]+href|script[^>]+src)="([^"]+)"')
ON_LOAD = re.compile(r'hx-get="([^"]+)"[^>]*hx-trigger="load"')


def _weight(client: TestClient, path: str) -> tuple[int, dict[str, int]]:
    page = client.get(path)
    assert page.status_code == 200, (path, page.status_code)
    parts = {path: len(page.content)}
    for url in ON_LOAD.findall(page.text):
        parts[url] = len(client.get(url).content)
    for url in ASSET.findall(page.text):
        response = client.get(url)
        assert response.status_code == 200, url
        parts[url] = len(response.content)
    return sum(parts.values()), parts


@pytest.fixture
def ids(session: Session, settings: Settings) -> showcase.Showcase:
    built = showcase.build(session, settings)
    session.commit()
    return built


def test_main_pages_weigh_at_most_150_kb(
    client: TestClient, ids: showcase.Showcase, db_url: str
) -> None:
    pages = [
        (None, "/"),
        (None, "/experts"),
        (None, "/orders"),
        (showcase.REQUESTER, "/"),
        (showcase.REQUESTER, "/experts"),
        (showcase.REQUESTER, f"/orders/{ids.ranked_order}"),
        (showcase.REQUESTER, f"/orders/{ids.ranked_order}/experts"),
        (showcase.EXPERT, "/profile"),
        (showcase.PROJECT_REQUESTER, f"/projects/{ids.project_id}"),
        (showcase.PROJECT_REQUESTER, f"/projects/{ids.project_id}/plan"),
        (showcase.PROJECT_REQUESTER, f"/projects/{ids.project_id}/timeline"),
        (showcase.PROJECT_REQUESTER, f"/projects/{ids.project_id}/funding"),
        (showcase.PROJECT_REQUESTER, f"/projects/{ids.project_id}/results"),
        (showcase.PROJECT_REQUESTER, f"/projects/{ids.project_id}/reports/{ids.report_id}"),
        (showcase.PROJECT_REQUESTER, f"/projects/{ids.project_id}/risks"),
        (None, f"/projects/{ids.project_id}"),
        (showcase.ADMIN, "/admin/index"),
        (showcase.ADMIN, "/coordinator"),
        (showcase.ADMIN, "/experts"),
    ]
    report, heavy = [], []
    for who, path in pages:
        client.cookies.clear()
        if who:
            login(client, who, showcase.PASSWORD)
        total, parts = _weight(client, path)
        report.append(f"{total / 1024:6.1f} KB  {who or 'visitor':30} {path}")
        if total > LIMIT:
            heavy.append(f"{path} as {who}: {total} bytes {parts}")
    print(f"\npage weight (HTML + HTMX fragments + CSS + JS), {db_url.split(':')[0]}:")
    print("\n".join(report))
    assert not heavy, heavy
