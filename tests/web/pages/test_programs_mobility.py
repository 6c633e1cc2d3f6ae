"""The mobility pages through the app: the register for staff and agency members (filters,
counts, CSV), counts only for the public, the form keeping typed input on error, a record's
page with its timeline, evidence and action forms (departure without evidence refused naming
the field), dates and countries in the reader's language."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.programs.mobility_helpers import PDF, TODAY, base
from tests.programs.world import ProgramWorld
from tests.web.helpers import csrf_from, login, post_form
from vstid.programs.mobility.models import MobilityRecord


def _as(client: TestClient, email: str, locale: str = "en") -> None:
    login(client, email)
    assert post_form(client, "/lang", {"locale": locale}).status_code == 303


def _form(**overrides: str) -> dict[str, str]:
    form = {
        "person_name": "Phạm Thu Hà", "sex": "female", "nationality": "VN",
        "career_stage": "phd_candidate", "field": "semiconductors",
        "home_institution": "Đại học Quốc gia Hà Nội", "home_country": "VN",
        "host_institution": "Tokyo Institute of Technology", "host_country": "JP",
        "supervisor": "Prof. Suzuki", "planned_departure": "2027-04-01",
        "planned_return": "2030-03-31",
    }  # fmt: skip
    form.update(overrides)
    return form


def _record(client: TestClient, pw: ProgramWorld, session: Session, **overrides: str) -> str:
    response = post_form(client, f"{base(pw)}/new", _form(**overrides))
    assert response.status_code == 303, response.text[:800]
    return response.headers["location"]


def test_the_form_keeps_typed_input_and_names_the_field(
    client: TestClient, pw: ProgramWorld, session: Session
) -> None:
    _as(client, pw.w.coordinator.email, "vi")
    assert client.get(f"{base(pw)}/new").status_code == 200
    bad = post_form(client, f"{base(pw)}/new", _form(planned_return="01/01/2027"))
    assert bad.status_code == 422
    assert 'value="Phạm Thu Hà"' in bad.text and 'value="Prof. Suzuki"' in bad.text
    assert 'id="planned_return-error"' in bad.text
    assert "Ngày về dự kiến: ngày về dự kiến phải sau ngày đi dự kiến" in bad.text
    assert "planned_return:" not in bad.text  # the field by its label, not its key
    not_a_date = post_form(client, f"{base(pw)}/new", _form(planned_departure="2027-13-45"))
    assert not_a_date.status_code == 422 and 'id="planned_departure-error"' in not_a_date.text
    nobody = post_form(client, f"{base(pw)}/new", _form(person_name=""))
    assert nobody.status_code == 422 and 'id="person_name-error"' in nobody.text
    assert session.scalar(select(MobilityRecord.id).limit(1)) is None
    location = _record(
        client, pw, session, planned_departure="01/04/2027", planned_return="31/03/2030"
    )  # typed the Vietnamese way
    page = client.get(location).text
    assert "Phạm Thu Hà" in page and "Nhật Bản" in page  # the country by name, in Vietnamese
    assert "1 thg 4, 2027" in page  # the planned departure, the Vietnamese way


def test_only_staff_open_the_form(client: TestClient, pw: ProgramWorld) -> None:
    _as(client, pw.jp_officer.email)
    assert client.get(f"{base(pw)}/new").status_code == 403
    assert post_form(client, f"{base(pw)}/new", _form()).status_code == 403


def test_a_departure_without_evidence_is_refused_then_recorded_with_a_file(
    client: TestClient, pw: ProgramWorld, session: Session
) -> None:
    _as(client, pw.w.coordinator.email)
    location = _record(client, pw, session)
    page = client.get(location).text
    assert 'data-testid="action-depart"' in page and 'data-testid="action-discontinue"' in page
    assert 'data-testid="action-return"' not in page
    departed = (TODAY - timedelta(days=2)).isoformat()
    refused = post_form(client, location + "/depart", {"departed_on": departed})
    assert refused.status_code == 422
    assert 'id="evidence_url-error"' in refused.text
    assert f'value="{departed}"' in refused.text  # the date typed is kept
    token = csrf_from(client, location)
    ok = client.post(
        location + "/depart", data={"csrf_token": token, "departed_on": departed},
        files={"file": ("boarding.pdf", PDF, "application/pdf")}, follow_redirects=False,
    )  # fmt: skip
    assert ok.status_code == 303, ok.text[:500]
    page = client.get(location).text
    assert "boarding.pdf" in page and 'data-testid="action-return"' in page
    assert 'data-testid="timeline"' in page and "Departed" in page
    file_link = next(p.split('"', 1)[0] for p in page.split('href="') if "/evidence/" in p)
    assert client.get(file_link).content == PDF


def test_a_return_before_the_departure_shows_the_fields_error(
    client: TestClient, pw: ProgramWorld, session: Session
) -> None:
    _as(client, pw.w.coordinator.email)
    location = _record(client, pw, session)
    departed = (TODAY - timedelta(days=2)).isoformat()
    assert post_form(client, location + "/depart", {"departed_on": departed,
                     "evidence_url": "https://example.org/pass"}).status_code == 303  # fmt: skip
    early = post_form(client, location + "/return",
                      {"returned_on": (TODAY - timedelta(days=5)).isoformat()})  # fmt: skip
    assert early.status_code == 422 and 'id="returned_on-error"' in early.text
    ok = post_form(client, location + "/return", {"returned_on": TODAY.isoformat()})
    assert ok.status_code == 303
    outcome = post_form(client, location + "/outcome",
                        {"next_destination": "Viettel", "next_country": "VN", "degree_obtained": "phd"})  # fmt: skip
    assert outcome.status_code == 303
    assert "Viettel" in client.get(location).text


def _two_stays(client: TestClient, pw: ProgramWorld, session: Session) -> None:
    _as(client, pw.w.coordinator.email)
    first = _record(client, pw, session)
    post_form(client, first + "/depart", {"departed_on": (TODAY - timedelta(days=2)).isoformat(),
              "evidence_url": "https://example.org/pass"})  # fmt: skip
    _record(client, pw, session, person_name="Lê Quốc Bảo", sex="male", host_country="KR",
            host_institution="KAIST")  # fmt: skip
    client.post("/logout", data={"csrf_token": csrf_from(client, "/orders")})
    client.cookies.clear()


def test_a_japanese_agency_officer_sees_the_register_and_filters_it(
    client: TestClient, pw: ProgramWorld, session: Session
) -> None:
    _two_stays(client, pw, session)
    _as(client, pw.jp_officer.email, "ja")
    page = client.get(base(pw)).text
    assert "Phạm Thu Hà" in page and "Lê Quốc Bảo" in page
    assert "韓国" in page  # Korea, by name in Japanese
    only_korea = client.get(base(pw) + "?host_country=KR").text
    assert "Lê Quốc Bảo" in only_korea and "Phạm Thu Hà" not in only_korea
    by_sex = client.get(base(pw) + "?sex=female").text
    assert "Phạm Thu Hà" in by_sex and "Lê Quốc Bảo" not in by_sex
    year = (TODAY - timedelta(days=2)).year
    by_year = client.get(base(pw) + f"?year={year}").text
    assert "Phạm Thu Hà" in by_year and "Lê Quốc Bảo" not in by_year
    csv = client.get(base(pw) + ".csv?status=planned")
    assert csv.status_code == 200 and "Lê Quốc Bảo" in csv.text and "Phạm Thu Hà" not in csv.text


@pytest.mark.parametrize("who", ["outsider", "anonymous"])
def test_the_public_sees_counts_and_never_a_name(
    client: TestClient, pw: ProgramWorld, session: Session, who: str
) -> None:
    _two_stays(client, pw, session)
    record_id = session.scalars(select(MobilityRecord.id)).first()
    if who == "outsider":
        _as(client, pw.w.outsider.email)
    page = client.get(base(pw))
    assert page.status_code == 200
    assert 'data-testid="count-total">2<' in page.text
    assert 'data-testid="count-departed">1<' in page.text
    assert "Phạm Thu Hà" not in page.text and "Lê Quốc Bảo" not in page.text
    assert 'data-testid="mobility-records"' not in page.text
    expected = 404 if who == "outsider" else 303  # the anonymous reader is asked to sign in
    assert client.get(f"/mobility/{record_id}", follow_redirects=False).status_code == expected
    if who == "outsider":
        assert client.get(base(pw) + ".csv").status_code == 404


def test_the_person_sees_their_own_stay(
    client: TestClient, pw: ProgramWorld, session: Session
) -> None:
    _as(client, pw.w.coordinator.email)
    location = _record(client, pw, session, person_name="", expert_slug=pw.w.expert.slug)
    client.cookies.clear()
    _as(client, pw.w.expert_user.email)
    own: Any = client.get(location)
    assert own.status_code == 200 and 'data-testid="action-depart"' not in own.text
    register = client.get(base(pw)).text
    assert 'data-testid="own-stays"' in register


def test_the_host_can_be_an_organization_of_the_platform(
    client: TestClient, pw: ProgramWorld, session: Session
) -> None:
    _as(client, pw.w.coordinator.email)
    assert "Japan Science Agency" in client.get(f"{base(pw)}/new").text
    location = _record(client, pw, session, host_organization_id=str(pw.jp_agency_org.id),
                       host_institution="", host_country="")  # fmt: skip
    record = session.get(MobilityRecord, uuid.UUID(location.rsplit("/", 1)[-1]))
    assert record is not None
    assert (record.host_institution, record.host_country) == ("Japan Science Agency", "JP")
    assert record.host_organization_id == pw.jp_agency_org.id


def test_actions_are_refused_to_readers_who_are_not_staff(
    client: TestClient, pw: ProgramWorld, session: Session
) -> None:
    _as(client, pw.w.coordinator.email)
    location = _record(client, pw, session)
    token = csrf_from(client, location)
    added = client.post(
        location + "/evidence", data={"csrf_token": token, "kind": "host_letter", "note": "Thư mời"},
        files={"file": ("invitation.pdf", PDF, "application/pdf")}, follow_redirects=False,
    )  # fmt: skip
    assert added.status_code == 303
    assert "invitation.pdf" in client.get(location).text
    client.cookies.clear()
    _as(client, pw.jp_officer.email)
    page = client.get(location).text
    assert "invitation.pdf" in page and 'data-testid="action-' not in page  # reads, no buttons
    depart = {"departed_on": TODAY.isoformat(), "evidence_url": "https://example.org/p"}
    assert post_form(client, location + "/depart", depart).status_code == 403
    client.cookies.clear()
    _as(client, pw.w.outsider.email)
    assert client.get(location).status_code == 404
    assert post_form(client, location + "/depart", depart).status_code == 404


def test_a_correction_keeps_typed_input_on_error(
    client: TestClient, pw: ProgramWorld, session: Session
) -> None:
    _as(client, pw.w.coordinator.email, "vi")
    location = _record(client, pw, session)
    edit = client.get(location + "/edit")
    assert edit.status_code == 200
    assert 'value="Tokyo Institute of Technology"' in edit.text
    assert 'value="01/04/2027"' in edit.text  # the stored date, the Vietnamese way
    bad = post_form(client, location + "/edit", _form(host_institution="Nagoya University",
                    planned_return="01/01/2020"))  # fmt: skip
    assert bad.status_code == 422 and 'value="Nagoya University"' in bad.text
    ok = post_form(client, location + "/edit", _form(host_institution="Nagoya University"))
    assert ok.status_code == 303
    assert "Nagoya University" in client.get(location).text
    client.cookies.clear()
    _as(client, pw.jp_officer.email)
    assert client.get(location + "/edit").status_code == 403
