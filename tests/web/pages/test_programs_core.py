"""The programs core's pages through the app: the public list (active first, agencies with
their countries), the staff's create and edit forms (field errors keeping what was typed),
agencies and budget lines, the program page (translated-from note, budget totals,
indicators with definitions and progress, the calls slot), an indicator's page (names
hidden from outsiders) and reported values with an uploaded evidence file."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.programs.world import ProgramWorld, make_program
from tests.web.helpers import login, post_form
from vstid.programs.mobility.models import MobilityEvidence, MobilityRecord
from vstid.programs.models import IndicatorReport, Program

THIS_YEAR = date.today().year


def test_the_public_list_and_the_program_page(
    client: TestClient, pw: ProgramWorld, session: Session
) -> None:
    make_program(
        session, pw.w, slug="old-closed", title="Chương trình đã kết thúc", status="closed"
    )
    make_program(session, pw.w, slug="hidden-draft", title="Bản nháp", status="draft")
    session.commit()
    page = client.get("/programs").text
    assert page.index(pw.program.title) < page.index("Chương trình đã kết thúc")
    assert "Bản nháp" not in page
    assert "Japan Science Agency · Nhật Bản" in page
    detail = client.get(f"/programs/{pw.program.slug}")
    assert detail.status_code == 200
    text = detail.text
    assert f'hx-get="/programs/{pw.program.slug}/calls"' in text
    assert 'data-testid="indicator"' in text and "Mobility records with a departure date" in text
    assert 'data-testid="budget-total"' in text and "JPY" in text
    assert 'data-testid="program-activate"' not in text  # only the staff's buttons
    client.cookies.set("vstid_lang", "ja")
    ja = client.get(f"/programs/{pw.program.slug}").text
    assert "日越半導体共同研究プログラム" in ja and 'data-testid="translated-note"' in ja
    assert client.get("/programs/hidden-draft").status_code == 404


def test_a_coordinator_creates_edits_and_activates_a_program(
    client: TestClient, pw: ProgramWorld, session: Session
) -> None:
    login(client, pw.w.coordinator.email)
    assert client.get("/programs/new").status_code == 200
    form = {"slug": "vn-kr", "title": "Việt Nam – Hàn Quốc", "summary": "AI và bán dẫn",
            "language": "vi", "title_ko": "한-베", "start_year": str(THIS_YEAR),
            "end_year": str(THIS_YEAR + 12), "fields": "ai",
            "agencies": str(pw.vn_agency_org.id)}  # fmt: skip
    bad = post_form(client, "/programs/new", form)
    assert bad.status_code == 422 and 'id="end_year-error"' in bad.text
    assert 'value="Việt Nam – Hàn Quốc"' in bad.text  # what was typed is kept
    created = post_form(client, "/programs/new", form | {"end_year": str(THIS_YEAR + 6)})
    assert created.status_code == 303 and created.headers["location"] == "/programs/vn-kr"
    page = client.get("/programs/vn-kr").text
    assert 'data-testid="program-activate"' in page and 'data-testid="program-blockers"' in page
    refused = post_form(client, "/programs/vn-kr/activate", {})
    assert refused.status_code == 303
    assert "hai quốc gia" in client.get("/programs/vn-kr").text  # the refusal, flashed
    post_form(client, "/programs/vn-kr/agencies",
              {"organization_id": str(pw.jp_agency_org.id), "role": "owner"})  # fmt: skip
    program = session.scalars(select(Program).where(Program.slug == "vn-kr")).one()
    session.refresh(program)
    jp = next(a for a in program.agencies if a.country == "JP")
    post_form(client, "/programs/vn-kr/budget-lines",
              {"agency_id": str(jp.id), "amount": "5000000", "currency": "JPY", "note": "JSPS"})  # fmt: skip
    edit = client.get("/programs/vn-kr/edit").text
    assert 'data-testid="budget-table"' in edit and "JSPS" in edit
    saved = post_form(client, "/programs/vn-kr/edit",
                      {**form, "end_year": str(THIS_YEAR + 9), "title": "Ủy ban hỗn hợp"})  # fmt: skip
    assert saved.status_code == 303
    assert post_form(client, "/programs/vn-kr/activate", {}).status_code == 303
    session.refresh(program)
    assert (program.status, program.end_year, program.title) == (
        "active", THIS_YEAR + 9, "Ủy ban hỗn hợp",
    )  # fmt: skip
    client.cookies.clear()
    login(client, pw.w.outsider.email)
    assert client.get("/programs/vn-kr/edit").status_code == 403
    assert client.get("/programs/new").status_code == 403


def test_an_indicator_through_the_form_and_its_page(
    client: TestClient, pw: ProgramWorld, session: Session
) -> None:
    login(client, pw.w.coordinator.email)
    slug = pw.program.slug
    form = {"code": "trained", "name": "Người được đào tạo", "unit": "people",
            "definition": "Trained-person results and returned researchers.", "language": "vi",
            "baseline": "10", "target": "500", "source": "computed", "query": "people_trained",
            "breakdowns": "sex", f"target_{THIS_YEAR}": "50"}  # fmt: skip
    past = post_form(client, f"/programs/{slug}/indicators/new",
                     form | {"target_2026": "5"} if THIS_YEAR > 2026 else form | {"query": "x"})  # fmt: skip
    assert past.status_code == 422
    created = post_form(client, f"/programs/{slug}/indicators/new", form)
    assert created.status_code == 303, created.text
    assert created.headers["location"] == f"/programs/{slug}/indicators/trained"
    record = MobilityRecord(program_id=pw.program.id, person_name="Trần Minh Khoa", sex="male",
                            home_institution="ĐH Bách khoa", host_institution="Tohoku",
                            host_country="JP", departed_on=date(THIS_YEAR, 1, 5),
                            status="returned", returned_on=date.today())  # fmt: skip
    record.evidence = [MobilityEvidence(kind="departure")]
    session.add(record)
    session.commit()
    page = client.get(f"/programs/{slug}/indicators/trained").text
    assert "Trần Minh Khoa" in page and 'data-testid="breakdown-sex"' in page
    sent = client.get(f"/programs/{slug}/indicators/phd_sent").text
    assert "Trần Minh Khoa" in sent
    client.cookies.clear()
    public = client.get(f"/programs/{slug}/indicators/trained").text
    assert "Trần Minh Khoa" not in public and 'data-testid="names-hidden"' in public
    assert 'data-testid="indicator-record"' in public  # counted, without the name
    assert client.get(f"/programs/{slug}/indicators/nothing").status_code == 404


def test_a_reported_value_with_an_uploaded_file_is_verified_by_an_agency(
    client: TestClient,
    api,
    pw: ProgramWorld,
    session: Session,  # type: ignore[no-untyped-def]
) -> None:
    base = f"/programs/{pw.program.id}/indicators"
    created = api.post(pw.w.coordinator, base, {
        "code": "seminars", "name": "Hội thảo", "definition": "Joint seminars held.",
        "target": "12", "source": "reported"})  # fmt: skip
    assert created.status_code == 201, created.text
    slug = pw.program.slug
    login(client, pw.w.coordinator.email)
    opened = post_form(client, f"/programs/{slug}/indicators/seminars/reports",
                       {"period_start": f"01/01/{THIS_YEAR}", "period_end": f"30/06/{THIS_YEAR}"})  # fmt: skip
    assert opened.status_code == 303
    report = session.scalars(select(IndicatorReport)).one()
    path = f"/programs/{slug}/indicators/seminars/reports/{report.id}"
    post_form(client, f"{path}/report", {"value": "2"})  # no evidence: refused, flashed
    page = client.get(f"/programs/{slug}/indicators/seminars").text
    assert "cần bằng chứng" in page
    session.refresh(report)
    assert report.status == "open"
    pdf = b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    done = post_form(client, f"{path}/report", {"value": "2"},
                     files=[("file", ("bien-ban.pdf", pdf, "application/pdf"))])  # fmt: skip
    assert done.status_code == 303
    session.refresh(report)
    assert (report.status, report.file_name) == ("reported", "bien-ban.pdf")
    assert (
        'data-testid="report-verify"'
        not in client.get(f"/programs/{slug}/indicators/seminars").text
    )
    client.cookies.clear()
    login(client, pw.jp_officer.email)
    assert 'data-testid="report-verify"' in client.get(f"/programs/{slug}/indicators/seminars").text
    post_form(client, f"{path}/verify", {})
    session.refresh(report)
    assert report.status == "verified" and report.verified_by_id == pw.jp_officer.id


def test_a_coordinator_edits_an_indicator(
    client: TestClient, pw: ProgramWorld, session: Session
) -> None:
    slug = pw.program.slug
    assert (
        'data-testid="indicator-edit"'
        not in client.get(f"/programs/{slug}/indicators/phd_sent").text
    )
    login(client, pw.w.coordinator.email)
    form = client.get(f"/programs/{slug}/indicators/phd_sent/edit").text
    assert 'value="mobility_departed" selected' in form and "readonly" in form
    base = {"name": "Nghiên cứu sinh được cử đi", "definition": "Departed with evidence.",
            "language": "vi", "unit": "people", "baseline": "0", "target": "70",
            "query": "mobility_departed", "breakdowns": "sex", "name_ja": "派遣された博士研究者",
            "target_2027": "15", "target_2029": "60", "target_2030": "70"}  # fmt: skip
    bad = post_form(client, f"/programs/{slug}/indicators/phd_sent/edit", base | {"baseline": "-1"})
    assert bad.status_code == 422 and 'id="baseline-error"' in bad.text
    saved = post_form(client, f"/programs/{slug}/indicators/phd_sent/edit", base)
    assert saved.status_code == 303, saved.text
    [indicator] = [i for i in pw.program.indicators if i.code == "phd_sent"]
    session.refresh(indicator)
    assert indicator.target == 70 and [t.year for t in indicator.targets] == [2027, 2029, 2030]
    assert indicator.translations == {"ja": {"name": "派遣された博士研究者"}}
    client.cookies.clear()  # signed out: the language cookie decides
    client.cookies.set("vstid_lang", "ja")
    assert "派遣された博士研究者" in client.get(f"/programs/{slug}").text
