"""The funding pages: money in the reader's locale, the rates used and a missing rate shown
plainly, forms that name what is wrong and save nothing, 404 outside the project; the rates
page records a rate and refuses a bad CSV line by line."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.projects.funding_helpers import add_rate, make_project
from tests.web.helpers import csrf_from, login, post_form
from tests.world import World
from vstid.projects.funding.models import FundingLine
from vstid.projects.models import ProjectAmendment
from vstid.rates.models import ExchangeRate


def _lines(session: Session) -> list[FundingLine]:
    session.expire_all()
    return list(session.scalars(select(FundingLine).order_by(FundingLine.position)))


def test_the_funding_page_adds_lines_and_shows_totals_in_vietnamese(
    client: TestClient, world: World, session: Session
) -> None:
    funded = make_project(session, world)
    client.cookies.set("vstid_lang", "vi")
    login(client, world.requester.email)
    path = f"/projects/{funded.project.id}/funding"
    assert "funding-add" in client.get(path).text
    bad = post_form(client, path, {"funder_name": "JST", "amount": "-5", "currency": "JPY"})
    assert bad.status_code == 422 and 'id="amount-error"' in bad.text
    assert _lines(session) == []
    good = post_form(
        client, path,
        {"partner_id": str(funded.jst.id), "amount": "1.000.000", "currency": "JPY",
         "kind": "cash", "reference": "SICORP"},
    )  # fmt: skip
    assert good.status_code == 303, good.text[:2000]
    (line,) = _lines(session)
    assert (line.funder_name, line.fiscal_convention) == ("JST", "japan_april")
    page = client.get(f"{path}?on=2026-06-30").text
    assert "1.000.000\xa0¥" in page  # Babel's vi format, a no-break space before the sign
    assert "JPY→VND" in page and 'data-testid="missing-rate"' in page
    add_rate(session, "JPY", "VND", "168.5", date(2026, 4, 1), date(2027, 3, 31), "JST budget rate")
    add_rate(session, "USD", "VND", "25000")
    page = client.get(f"{path}?on=2026-06-30").text
    assert 'data-testid="missing-rate"' not in page
    assert "168.500.000\xa0₫" in page and "6.740,00\xa0US$" in page
    assert "1 JPY = 168,5 VND · JST budget rate" in page


def test_a_line_page_records_fiscal_years_and_amends_with_a_reason(
    client: TestClient, world: World, session: Session
) -> None:
    funded = make_project(session, world, status="active")
    login(client, world.coordinator.email)
    base = f"/projects/{funded.project.id}/funding"
    post_form(client, base, {"funder_name": "NAFOSTED", "funder_country": "VN",
                             "amount": "500000000", "currency": "VND", "kind": "cash"})  # fmt: skip
    (line,) = _lines(session)
    path = f"{base}/{line.id}"
    recorded = post_form(client, f"{path}/periods", {"fiscal_year": "2026", "committed": "100"})
    assert recorded.status_code == 303
    assert "FY2026" in client.get(path).text
    form = {"funder_name": "NAFOSTED", "amount": "600000000", "currency": "VND", "kind": "cash"}
    refused = post_form(client, path, form)
    assert refused.status_code == 422 and 'id="reason-error"' in refused.text
    assert _lines(session)[0].amount == 500000000
    assert post_form(client, path, form | {"reason": "Second call"}).status_code == 303
    assert _lines(session)[0].amount == 600000000
    assert session.scalar(select(func.count()).select_from(ProjectAmendment)) == 1


def test_outsiders_get_404_and_members_read_without_forms(
    client: TestClient, world: World, session: Session
) -> None:
    funded = make_project(session, world)
    path = f"/projects/{funded.project.id}/funding"
    login(client, world.outsider.email)
    assert client.get(path).status_code == 404
    login(client, funded.member.email)
    page = client.get(path)
    assert page.status_code == 200 and "funding-add" not in page.text
    refused = post_form(client, path, {"funder_name": "x", "amount": "1", "currency": "VND"})
    assert refused.status_code == 403 and _lines(session) == []


def test_the_rates_page_records_and_imports(
    client: TestClient, world: World, session: Session
) -> None:
    client.cookies.set("vstid_lang", "vi")
    login(client, world.coordinator.email)
    assert "rate-add" in client.get("/rates").text
    added = post_form(client, "/rates", {"currency": "JPY", "quote": "VND", "rate": "168,5",
                                         "valid_from": "01/04/2026", "valid_to": "31/03/2027",
                                         "source": "JST budget rate"})  # fmt: skip
    assert added.status_code == 303, added.text[:3000]
    assert "168,5 VND" in client.get("/rates").text
    csv = "currency,quote,rate,valid_from,valid_to,source\nUSD,VND,abc,2026-01-01,2026-12-31,SBV\n"
    token = csrf_from(client, "/rates")
    bad = client.post("/rates/import", data={"csrf_token": token},
                      files={"file": ("r.csv", csv.encode(), "text/csv")})  # fmt: skip
    assert bad.status_code == 422 and 'data-testid="file-errors"' in bad.text
    assert "dòng 2" in bad.text and "rate" in bad.text
    assert session.scalar(select(func.count()).select_from(ExchangeRate)) == 1
    login(client, world.requester.email)
    page = client.get("/rates")
    assert page.status_code == 200 and "rate-add" not in page.text
