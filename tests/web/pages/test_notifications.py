"""The admins' e-mail outbox page."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.web.helpers import csrf_from, login
from tests.world import World


def test_admins_read_the_outbox(client: TestClient, world: World, session: Session) -> None:
    from vstid.notifications.models import EmailOutbox

    session.add(
        EmailOutbox(to_address="someone@example.org", subject="[V-STID] Hello", body="Body")
    )
    session.commit()
    login(client, world.requester.email)
    assert client.get("/admin/outbox").status_code == 403
    client.post("/logout", data={"csrf_token": csrf_from(client, "/orders")})
    login(client, world.admin.email)
    page = client.get("/admin/outbox")
    assert page.status_code == 200 and "someone@example.org" in page.text
