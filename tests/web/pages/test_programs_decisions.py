"""The decisions pages through the app: the coordinator console (counts, panels, conflicts,
the reviewers link, exports of the reader's side only), an application's decision page with
the position form naming what is wrong, the joint decision and its letter in the lead
applicant's language, downloadable."""

from __future__ import annotations

import csv
import io

from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from tests.programs.decisions_world import in_review
from tests.programs.world import ProgramWorld
from tests.web.helpers import login, post_form
from vstid.programs.applications.models import Application


def test_the_console_and_its_exports(
    client: TestClient, pw: ProgramWorld, session: Session
) -> None:
    pw.w.coordinator.locale = "en"  # the signed-in reader's language
    in_review(session, pw)
    ref = pw.call.reference
    login(client, pw.w.coordinator.email)
    page = client.get(f"/calls/{ref}/console")
    assert page.status_code == 200
    text = page.text
    assert 'data-testid="count-in_review">1<' in text
    assert f'href="/calls/{ref}/reviewers"' in text
    assert "Co-author of the co-lead in 2025" in text
    assert "Reviews: 2/3" in text
    rows = list(
        csv.reader(
            io.StringIO(client.get(f"/calls/{ref}/console/export.csv").text.lstrip("\ufeff"))
        )
    )
    assert rows[0][:3] == ["Reference", "Title", "State"]
    assert rows[1][0] == pw.application.reference and "2000000000.00" in rows[1]
    reviews = client.get(f"/calls/{ref}/console/export.csv?what=reviews").text
    assert len(list(csv.reader(io.StringIO(reviews)))) == 1 + 6
    book = load_workbook(io.BytesIO(client.get(f"/calls/{ref}/console/export.xlsx").content))
    assert book.sheetnames == ["Applications", "Reviews"]
    assert book["Reviews"].max_row == 7


def test_an_agency_member_exports_its_side_only(
    client: TestClient, pw: ProgramWorld, session: Session
) -> None:
    pw.jp_officer.locale = "en"
    in_review(session, pw)
    ref = pw.call.reference
    login(client, pw.jp_officer.email)
    text = client.get(f"/calls/{ref}/console").text
    assert "You see your agency&#39;s side" in text or "You see your agency's side" in text
    exported = client.get(f"/calls/{ref}/console/export.csv").text
    assert "10000000.00" in exported and "JPY" in exported
    assert "VND" not in exported and "2000000000" not in exported
    assert "Quỹ Phát triển" not in exported  # no column for the other agency
    reviews = client.get(f"/calls/{ref}/console/export.csv?what=reviews").text
    assert "Reviewer JP" in reviews and "Reviewer VN" not in reviews
    book = load_workbook(io.BytesIO(client.get(f"/calls/{ref}/console/export.xlsx").content))
    cells = [str(c.value) for sheet in book for row in sheet.iter_rows() for c in row]
    assert not any("VND" in c or "Reviewer VN" in c for c in cells)
    login(client, pw.w.outsider.email)
    assert client.get(f"/calls/{ref}/console").status_code == 404
    assert client.get(f"/calls/{ref}/console/export.csv").status_code == 404


def test_positions_decision_and_letter_through_the_pages(
    client: TestClient, pw: ProgramWorld, session: Session
) -> None:
    pw.w.expert_user.locale = "ja"
    in_review(session, pw)
    base = f"/applications/{pw.application.reference}/decision"
    client.cookies.set("vstid_lang", "vi")
    login(client, pw.vn_officer.email)
    page = client.get(base).text
    assert 'data-testid="position-form"' in page and 'data-testid="decision-form"' not in page
    over = post_form(client, f"{base}/positions",
                     {"agency_id": str(pw.vn_agency.id), "position": "fund",
                      "amount": "3.000.000.001"})  # fmt: skip
    assert over.status_code == 422 and 'id="amount-error"' in over.text
    assert "vượt mức trần" in over.text  # named in the reader's language
    ok = post_form(client, f"{base}/positions",
                   {"agency_id": str(pw.vn_agency.id), "position": "fund",
                    "amount": "2.000.000.000"})  # fmt: skip
    assert ok.status_code == 303, ok.text[:1000]
    login(client, pw.w.coordinator.email)
    waiting = client.get(base).text
    assert 'data-testid="decision-waiting"' in waiting and "Japan Science Agency" in waiting
    behalf = post_form(client, f"{base}/positions",
                       {"agency_id": str(pw.jp_agency.id), "position": "fund",
                        "amount": "12.000.000"})  # fmt: skip
    assert behalf.status_code == 422 and 'id="note-error"' in behalf.text
    done = post_form(client, f"{base}/positions",
                     {"agency_id": str(pw.jp_agency.id), "position": "fund",
                      "amount": "12.000.000", "note": "Thay mặt JST, theo biên bản họp hội đồng"})  # fmt: skip
    assert done.status_code == 303
    assert 'data-testid="decision-form"' in client.get(base).text
    refused = post_form(client, base, {"decision": "reject"})
    assert refused.status_code == 422 and 'id="reason-error"' in refused.text
    decided = post_form(client, base, {"decision": "award"})
    assert decided.status_code == 303, decided.text[:1000]
    session.expire_all()
    application = session.get(Application, pw.application.id)
    assert application is not None and application.status == "awarded" and application.project_id
    shown = client.get(base).text
    assert 'data-testid="letter"' in shown and 'lang="ja"' in shown and "採択" in shown
    assert f'href="/projects/{application.project_id}"' in shown
    login(client, pw.w.expert_user.email)
    mine = client.get(base)
    assert mine.status_code == 200 and 'data-testid="positions"' not in mine.text
    download = client.get(f"{base}/letter")
    assert download.status_code == 200 and "attachment" in download.headers["content-disposition"]
    assert "￥12,000,000" in download.text and '<html lang="ja">' in download.text
    pdf = client.get(f"{base}/letter.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    login(client, pw.w.outsider.email)
    assert client.get(base).status_code == 404
