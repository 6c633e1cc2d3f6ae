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
