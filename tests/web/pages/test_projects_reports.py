"""The report pages in Vietnamese and Japanese: the calendar with its overdue marks and rule
form, a report's sections, narratives and the buttons its state allows, the risk register;
outsiders get a 404. The project page links to them."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.projects.reporting import Reporting, make_project
from tests.web.helpers import login, post_form
from tests.world import Api, World, open_order, project_body, propose

NARRATIVE_VI = "Đã hoàn thành đóng gói thử nghiệm."
NARRATIVE_JA = "試作パッケージを完成しました。"


def _as(client: TestClient, email: str, lang: str) -> None:
    client.cookies.clear()
    login(client, email)  # signing in speaks the account's language; then the reader switches
    client.cookies.delete("vstid_lang")
    client.cookies.set("vstid_lang", lang)


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("vi", {"reports": "Báo cáo", "overdue": "quá hạn", "submitted": "Đã gửi"}),
        ("ja", {"reports": "報告書", "overdue": "期限超過", "submitted": "提出済み"}),
    ],
)
def test_reports_pages(
    client: TestClient, session: Session, world: World, lang: str, words: dict[str, str]
) -> None:
    rep: Reporting = make_project(
        session, world, start_date=date(2024, 1, 1), end_date=date(2025, 12, 31)
    )
    base = rep.base
    _as(client, world.coordinator.email, lang)
    page = client.get(f"{base}/reports")
    assert page.status_code == 200 and 'data-testid="rule-form"' in page.text
    assert words["reports"] in page.text
    saved = post_form(client, f"{base}/report-rule",
                      {"frequency": "yearly", "anchor": "calendar_year", "due_days": "30"})  # fmt: skip
    assert saved.status_code == 303
    calendar = client.get(f"{base}/reports").text
    assert calendar.count('data-testid="report-row"') == 2
    assert calendar.count('data-testid="overdue"') == 2 and words["overdue"] in calendar
    report_path = calendar.split(f'href="{base}/reports/')[1].split('"')[0]
    path = f"{base}/reports/{report_path}"
    staff_view = client.get(path).text
    assert 'data-testid="narrative-form"' not in staff_view  # staff do not write it
    assert 'data-testid="report-submit"' not in staff_view
    assert 'data-testid="section-risks"' in staff_view
    # a member writes in two languages and submits
    _as(client, rep.member.email, lang)
    assert 'data-testid="rule-form"' not in client.get(f"{base}/reports").text
    view = client.get(path).text
    assert 'data-testid="narrative-form"' in view and 'data-testid="report-submit"' in view
    risk = {"description": "Máy về trễ", "likelihood": "3", "impact": "4"}
    assert post_form(client, f"{base}/risks", risk).status_code == 303
    view = client.get(path).text
    risk_id = view.split(f'action="{base}/risks/')[1].split("/assess")[0]
    state = {"report_id": report_path, "state": "occurred", "note": "Trễ 2 tuần"}
    recorded = post_form(client, f"{base}/risks/{risk_id}/assess", state)
    assert recorded.status_code == 303 and recorded.headers["location"] == path
    assert 'data-state="occurred"' in client.get(f"{base}/risks").text
    pdf = client.get(f"/api/v1{path}.pdf")  # the page's download link, signed in
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    written = post_form(client, f"{path}/narratives",
                        {"narrative_vi": NARRATIVE_VI, "narrative_ja": NARRATIVE_JA})  # fmt: skip
    assert written.status_code == 303
    assert post_form(client, f"{path}/submit", {}).status_code == 303
    view = client.get(path).text
    assert words["submitted"] in view and NARRATIVE_JA in view and NARRATIVE_VI in view
    assert 'data-testid="frozen"' in view and 'data-testid="report-submit"' not in view
    assert 'lang="ja"' in view
    # the coordinator must say why a report goes back
    _as(client, world.coordinator.email, lang)
    assert 'data-testid="report-return"' in client.get(path).text
    assert post_form(client, f"{path}/return", {"comment": ""}).status_code == 303
    refused = client.get(path).text
    assert 'role="alert"' in refused and 'data-testid="report-accept"' in refused
    assert post_form(client, f"{path}/return", {"comment": "Bổ sung số liệu"}).status_code == 303
    returned = client.get(path).text
    assert 'data-testid="decision-comment"' in returned and "Bổ sung số liệu" in returned
    # a member may not accept (403), an outsider sees nothing (404)
    _as(client, rep.member.email, lang)
    assert post_form(client, f"{path}/accept", {}).status_code == 403
    _as(client, world.outsider.email, lang)
    for page_path in (f"{base}/reports", path, f"{base}/risks"):
        assert client.get(page_path).status_code == 404


@pytest.mark.parametrize("lang", ["vi", "ja"])
def test_risk_register_page(client: TestClient, session: Session, world: World, lang: str) -> None:
    rep = make_project(session, world)
    _as(client, rep.member.email, lang)
    page = client.get(f"{rep.base}/risks")
    assert page.status_code == 200 and 'data-testid="risk-form"' in page.text
    added = post_form(client, f"{rep.base}/risks", {
        "description": "Thiếu kỹ sư đóng gói", "likelihood": "4", "impact": "5",
        "mitigation": "Đào tạo tại Nhật", "owner_partner_id": str(rep.funder.id),
    })  # fmt: skip
    assert added.status_code == 303
    register = client.get(f"{rep.base}/risks").text
    assert register.count('data-testid="risk-row"') == 1 and "Thiếu kỹ sư đóng gói" in register
    bad = post_form(client, f"{rep.base}/risks", {"description": "x", "likelihood": "9"})
    assert bad.status_code == 422  # the messages beside their fields, what was typed kept
    assert 'id="description-error"' in bad.text and 'id="likelihood-error"' in bad.text
    assert 'aria-invalid="true"' in bad.text and ">x</textarea>" in bad.text
    after = client.get(f"{rep.base}/risks").text
    assert after.count('data-testid="risk-row"') == 1


def test_the_project_page_links_to_reports_and_risks(
    client: TestClient, session: Session, world: World, api: Api
) -> None:
    order = open_order(session, world)
    proposal = propose(api, world, order)
    for stage in ("screen", "assess", "finalist"):
        api.post(world.requester, f"/proposals/{proposal['id']}/stage", {"stage": stage})
    project = api.post(world.requester, f"/proposals/{proposal['id']}/accept", project_body())
    pid = project.json()["id"]
    _as(client, world.requester.email, "vi")
    page = client.get(f"/projects/{pid}").text
    assert f'href="/projects/{pid}/reports"' in page and f'href="/projects/{pid}/risks"' in page
