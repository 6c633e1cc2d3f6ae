"""Issue 10, item 9: open registration no longer opens members-only content. A new account
confirms its address by a signed, expiring link (sent through the e-mail outbox) before it
counts as a member; until then it signs in, sees public content and a banner to resend.
Registration is throttled per address and never tells which e-mails have an account."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.builders import make_expert, make_user
from tests.web.helpers import csrf_from, login
from tests.world import World, open_order
from vstid.core.settings import Settings
from vstid.notifications.models import EmailOutbox

PASSWORD = "lúa-chín-vàng-đồng"


def _register(client: TestClient, email: str, name: str = "Phan Thị Thu"):  # type: ignore[no-untyped-def]
    token = csrf_from(client, "/register")
    return client.post("/register", data={
        "email": email, "display_name": name, "password": PASSWORD, "password_confirm": PASSWORD,
        "role": "requester", "csrf_token": token,
    })  # fmt: skip


def _mails(session: Session, address: str) -> list[EmailOutbox]:
    session.expire_all()
    stmt = select(EmailOutbox).where(EmailOutbox.to_address == address)
    return list(session.scalars(stmt))


def _link(session: Session, address: str) -> str:
    match = re.search(r"(/verify-email\?token=\S+)", _mails(session, address)[-1].body)
    assert match, "no verification link in the mail"
    return match.group(1)


def test_members_only_content_waits_for_the_confirmed_address(
    client: TestClient, session: Session, world: World
) -> None:
    order = open_order(session, world, confidentiality="members")
    make_expert(session, world.hub, slug="members-only-expert", visibility="members")
    session.commit()
    email = "thu.phan@example.vn"
    assert _register(client, email).status_code == 200
    login(client, email, PASSWORD)
    assert client.get(f"/api/v1/orders/{order.slug}").status_code == 404
    assert client.get(f"/orders/{order.slug}").status_code == 404
    assert client.get("/experts/members-only-expert").status_code == 404
    assert 'data-testid="verify-banner"' in client.get("/").text
    link = _link(session, email)
    assert (
        link.startswith("/verify-email")
        and "http://127.0.0.1:8000" in _mails(session, email)[0].body
    )
    assert client.get(link, follow_redirects=False).status_code == 303
    assert client.get(f"/api/v1/orders/{order.slug}").status_code == 200
    assert client.get("/experts/members-only-expert").status_code == 200
    assert 'data-testid="verify-banner"' not in client.get("/").text
    assert client.get("/api/v1/auth/me").json()["email_verified"] is True


def test_a_taken_address_gets_the_same_answer_and_its_owner_a_note(
    client: TestClient, session: Session
) -> None:
    taken = make_user(session, email="taken@example.vn")
    session.commit()
    new = _register(client, "fresh@example.vn")
    again = _register(client, taken.email)
    assert new.status_code == again.status_code == 200
    main = [r.text.split("<main", 1)[1].replace(email, "EMAIL")
            for r, email in ((new, "fresh@example.vn"), (again, taken.email))]  # fmt: skip
    assert main[0] == main[1]
    assert "verify-email" in _mails(session, "fresh@example.vn")[0].body
    told = _mails(session, taken.email)  # the owner is told, without a link to confirm
    assert len(told) == 1 and "verify-email" not in told[0].body and "/login" in told[0].body


def test_registration_is_throttled_per_client_address(
    client: TestClient, settings: Settings
) -> None:
    settings.register_max_per_ip = 2
    assert _register(client, "one@example.vn").status_code == 200
    assert _register(client, "two@example.vn").status_code == 200
    third = _register(client, "three@example.vn")
    assert third.status_code == 429 and int(third.headers["Retry-After"]) > 0
    api = client.post("/api/v1/auth/register", json={
        "email": "four@example.vn", "display_name": "Bốn", "password": PASSWORD,
    })  # fmt: skip
    assert api.status_code == 429


def test_the_link_is_sent_again_and_a_forged_one_is_refused(
    client: TestClient, session: Session
) -> None:
    email = "resend@example.vn"
    _register(client, email)
    login(client, email, PASSWORD)
    token = csrf_from(client, "/")
    answers = [
        client.post("/verify-email/resend", data={"csrf_token": token, "next": "/"})
        for _ in range(3)
    ]
    assert len(_mails(session, email)) == 3  # a few an hour, never a mail cannon
    assert 'class="flash success"' in answers[0].text
    assert 'class="flash error"' in answers[-1].text
    assert client.get("/verify-email?token=forged").status_code == 422
    assert 'data-testid="verify-banner"' in client.get("/").text
