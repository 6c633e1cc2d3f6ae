"""The result register's pages: rendered in vi and ja; wrong shares show the field's error
and keep every typed row; a DOI looked up fills the form; outsiders get 404."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.projects.results_world import KNOWN_DOI, ResultsWorld
from tests.web.helpers import csrf_from, login, post_form
from vstid.projects.results.models import ProjectResult


def _as(client: TestClient, email: str, locale: str = "en") -> None:
    login(client, email)  # signing in sets the user's own language; the switch comes after
    assert post_form(client, "/lang", {"locale": locale}).status_code == 303


@pytest.mark.parametrize("locale", ["vi", "ja"])
def test_pages_render_translated(client: TestClient, rw: ResultsWorld, locale: str) -> None:
    _as(client, rw.w.requester.email, locale)
    for path in ("/results", "/background-ip", "/agreements"):
        response = client.get(rw.base + path)
        assert response.status_code == 200, (path, response.text[:300])
    page = client.get(rw.base + "/results").text
    assert {"vi": "Kết quả", "ja": "成果"}[locale] in page
    assert "Owners and shares" not in page


def test_wrong_shares_show_the_field_error_and_keep_the_rows(
    client: TestClient, rw: ResultsWorld, session: Session
) -> None:
    _as(client, rw.w.requester.email, "vi")
    token = csrf_from(client, rw.base + "/results")
    form = {
        "csrf_token": token, "kind": "patent", "title": "Liên kết lai nhiệt độ thấp",
        "language": "vi", "result_date": "01/03/2027",
        "owner_partner_0": str(rw.org_partner.id), "owner_share_0": "60",
        "owner_name_1": "Tohoku TLO", "owner_share_1": "40,01",
    }  # fmt: skip
    response = client.post(rw.base + "/results", data=form, follow_redirects=False)
    assert response.status_code == 422
    assert 'id="owners-error"' in response.text
    assert 'value="40,01"' in response.text and 'value="Tohoku TLO"' in response.text
    assert f'<option value="{rw.org_partner.id}" selected' in response.text
    assert session.scalars(select(ProjectResult)).all() == []
    form["owner_share_1"] = "40"
    response = client.post(rw.base + "/results", data=form, follow_redirects=False)
    assert response.status_code == 303
    assert session.scalars(select(ProjectResult)).one().kind == "patent"
    page = client.get(response.headers["location"]).text
    assert "Tohoku TLO 40%" in page and 'data-testid="ip-file"' in page


def test_doi_lookup_fills_the_form(client: TestClient, rw: ResultsWorld, openalex: str) -> None:
    _as(client, rw.member.email)
    page = client.get(rw.base + f"/results?doi=https://doi.org/{KNOWN_DOI}").text
    assert 'value="The state of OA' in page and "Heather Piwowar" in page
    bad = client.get(rw.base + "/results?doi=nonsense")
    assert bad.status_code == 422 and 'id="doi-error"' in bad.text


def test_agreement_signed_through_the_pages(client: TestClient, rw: ResultsWorld) -> None:
    _as(client, rw.w.coordinator.email)
    token = csrf_from(client, rw.base + "/agreements")
    response = client.post(
        rw.base + "/agreements",
        data={"csrf_token": token, "kind": "consortium", "title": "Consortium agreement",
              "version": "1", "dated": "2026-01-10"},
        files={"file": ("ca.pdf", b"%PDF-1.4 x")},
        follow_redirects=False,
    )  # fmt: skip
    assert response.status_code == 303, response.text[:500]
    page = client.get(rw.base + "/agreements").text
    assert "ca.pdf" in page and page.count('name="status" value="signed"') == 3


def test_outsiders_get_404(client: TestClient, rw: ResultsWorld) -> None:
    _as(client, rw.w.outsider.email)
    for path in ("/results", "/background-ip", "/agreements"):
        assert client.get(rw.base + path).status_code == 404


def test_ip_buttons_follow_the_state_table(
    client: TestClient, rw: ResultsWorld, session: Session
) -> None:
    _as(client, rw.w.requester.email)
    token = csrf_from(client, rw.base + "/results")
    form = {
        "csrf_token": token, "kind": "patent", "title": "Low-temperature hybrid bonding",
        "language": "en", "result_date": "2027-03-01",
    }  # fmt: skip
    created = client.post(
        rw.base + "/results", data=form, files={"file": ("claims.pdf", b"%PDF-1.4 claims")},
        follow_redirects=False,
    )  # fmt: skip
    assert created.status_code == 303, created.text[:500]
    detail = created.headers["location"]
    page = client.get(detail).text
    assert 'data-testid="ip-file"' in page and 'data-testid="ip-grant"' not in page
    assert client.get(detail + "/file").content == b"%PDF-1.4 claims"
    filing = {
        "csrf_token": token, "ip_office": "IPVN", "application_number": "1-2027-01234",
        "filed_on": "2027-04-01",
    }  # fmt: skip
    assert client.post(detail + "/ip/file", data=filing, follow_redirects=False).status_code == 303
    page = client.get(detail).text
    assert "1-2027-01234" in page and 'data-testid="ip-grant"' in page
    assert 'data-testid="ip-file"' not in page
    # a plain partner sees the register, no IP button, and is refused if it posts anyway
    client.cookies.clear()
    _as(client, rw.member.email)
    page = client.get(detail).text
    assert 'data-testid="ip-' not in page and 'data-testid="result-form"' in page
    token = csrf_from(client, rw.base + "/results")
    grant = {"csrf_token": token, "registration_number": "VN-1", "granted_on": "2028-01-01"}
    assert client.post(detail + "/ip/grant", data=grant).status_code == 403


@pytest.mark.parametrize("locale", ["vi", "ja"])
def test_the_title_language_offers_the_four_languages_the_readers_first(
    client: TestClient, rw: ResultsWorld, locale: str
) -> None:
    """The form's language list: the platform's four content languages, the reader's chosen."""
    _as(client, rw.w.requester.email, locale)
    page = client.get(f"{rw.base}/results").text
    select = page.split('<select id="language" name="language">', 1)[1].split("</select>", 1)[0]
    assert sorted(v.split('"', 1)[0] for v in select.split('value="')[1:]) == [
        "en", "ja", "ko", "vi",
    ]  # fmt: skip
    assert f'value="{locale}" selected' in select
