"""The Imports page's dry run counts inside the request's own transaction and keeps nothing:
no profile, no audit entry, no queued job (a savepoint rolled back)."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.builders import make_expert, make_hub, make_user
from tests.web.helpers import csrf_from, login
from vstid.accounts.models import Role
from vstid.audit.models import AuditEntry
from vstid.core.queue.models import Job
from vstid.experts.models import ExpertProfile

CSV = "id,name,country,email\nw1,Đinh Thị Thu,VN,thu@example.org\nw2,Lê Văn Nam,VN,\n"


def _count(session: Session, model: type) -> int:
    return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_dry_run_counts_and_keeps_nothing(client: TestClient, session: Session) -> None:
    hub = make_hub(session, is_pilot=True)
    make_expert(session, hub, email="thu@example.org", display_name="Đinh Thị Thu")
    coordinator = make_user(session, Role.coordinator)
    session.commit()
    login(client, coordinator.email)  # audited: count after it
    token = csrf_from(client, "/imports")
    before = [_count(session, m) for m in (ExpertProfile, AuditEntry, Job)]
    response = client.post(
        "/imports",
        data={"csrf_token": token, "dry_run": "true"},
        files={"file": ("people.csv", CSV.encode(), "text/csv")},
    )
    assert response.status_code == 200, response.text[:500]
    report = response.text.split('data-testid="import-report"', 1)[1].split("</p>", 1)[0]
    assert "people.csv" in report and "1 " in report  # one found by e-mail, one new
    session.expire_all()
    assert [_count(session, m) for m in (ExpertProfile, AuditEntry, Job)] == before


def _upload(client: TestClient, name: str, data: bytes, **form: str):  # type: ignore[no-untyped-def]
    token = csrf_from(client, "/imports")
    return client.post(
        "/imports",
        data={"csrf_token": token, **form},
        files={"file": (name, data, "text/csv")},
        follow_redirects=False,
    )


def test_over_long_cells_and_nul_bytes_are_listed_by_line_and_field_and_nothing_is_queued(
    client: TestClient, session: Session
) -> None:
    make_hub(session, is_pilot=True)
    coordinator = make_user(session, Role.coordinator)
    session.commit()
    login(client, coordinator.email)
    rows = [f"p{i},Người {i},VN,p{i}@example.org" for i in range(2, 40)]
    rows[10] = f"p12,{'H' * 250},VN,p12@example.org"
    rows[20] = "p22,Nul\x00 Name,VN,p22@example.org"
    data = ("id,name,country,email\n" + "\n".join(rows) + "\n").encode()
    before = _count(session, Job)
    for form in ({}, {"skip_invalid": "true", "dry_run": "true"}):
        response = _upload(client, "wide.csv", data, **form)
        assert response.status_code in (200, 422), response.text[:300]
        table = response.text.split('data-testid="import-errors"', 1)[1].split("</table>", 1)[0]
        assert "<td>12</td><td>name</td><td>250 ký tự, tối đa cho phép 200</td>" in table
        assert "<td>22</td><td>name</td><td>chứa ký tự điều khiển U+0000 (vị trí 4)</td>" in table
    session.expire_all()
    assert _count(session, Job) == before and _count(session, ExpertProfile) == 0


def test_an_unclosed_quote_is_refused_in_the_readers_language(
    client: TestClient, session: Session
) -> None:
    make_hub(session, is_pilot=True)
    coordinator = make_user(session, Role.coordinator, locale="ja")
    session.commit()
    login(client, coordinator.email)  # the account's language becomes the page's
    rows = [f"q{i},Người {i},VN,q{i}@example.org" for i in range(2, 300)]
    rows[48] = 'q50,"Người 50,VN,q50@example.org'
    data = ("id,name,country,email\n" + "\n".join(rows) + "\n").encode()
    response = _upload(client, "open.csv", data, skip_invalid="true")
    assert response.status_code == 422
    assert "open.csv、50行目: 50 行目で開いた引用符が閉じられていません" in response.text
    session.expire_all()
    assert _count(session, Job) == 0
