from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.builders import make_expert, make_hub, make_order, make_org, make_user
from tests.web.helpers import csrf_from, login
from vstid.audit.models import AuditEntry


def test_home_shows_live_counts(client: TestClient, session: Session) -> None:
    hub = make_hub(session)
    org = make_org(session, hub)
    make_expert(session, hub)
    make_order(session, hub, org, title="Giám sát chất lượng nước nuôi tôm")
    session.commit()
    page = client.get("/").text
    assert 'data-testid="count-experts"' in page
    assert "Giám sát chất lượng nước nuôi tôm" in page


def test_default_language_is_vietnamese_and_switch_persists(client: TestClient) -> None:
    assert '<html lang="vi">' in client.get("/").text
    token = csrf_from(client, "/")
    response = client.post(
        "/lang",
        data={"locale": "ja", "next": "/experts", "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"] == "/experts"
    assert '<html lang="ja">' in client.get("/").text
    assert '<html lang="ja">' in client.get("/orders").text


def test_vietnamese_is_the_default_whatever_the_browser_asks(client: TestClient) -> None:
    assert '<html lang="vi">' in client.get("/", headers={"Accept-Language": "en-US,en;q=0.9"}).text


def test_forms_without_csrf_token_are_rejected(client: TestClient, session: Session) -> None:
    user = make_user(session)
    session.commit()
    response = client.post("/login", data={"email": user.email, "password": "x"})
    assert response.status_code == 403


def test_register_login_logout(client: TestClient, session: Session) -> None:
    token = csrf_from(client, "/register")
    response = client.post(
        "/register",
        data={
            "email": "le.hoa@example.org",
            "display_name": "Lê Thị Hoa",
            "password": "mật-khẩu-mạnh-1",
            "password_confirm": "mật-khẩu-mạnh-1",
            "role": "expert",
            "csrf_token": token,
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert "Lê Thị Hoa" in client.get("/").text
    token = csrf_from(client, "/")
    client.post("/logout", data={"csrf_token": token})
    assert "Lê Thị Hoa" not in client.get("/").text
    login(client, "le.hoa@example.org", "mật-khẩu-mạnh-1")
    assert "Lê Thị Hoa" in client.get("/").text
    actions = set(session.scalars(select(AuditEntry.action)))
    assert {"user.create", "login"} <= actions


def test_register_errors_name_the_field(client: TestClient) -> None:
    token = csrf_from(client, "/register")
    response = client.post(
        "/register",
        data={
            "email": "bad",
            "display_name": "Lê Thị Hoa",
            "password": "short",
            "password_confirm": "other",
            "role": "expert",
            "csrf_token": token,
        },
    )
    assert response.status_code == 422
    assert 'id="email-error"' in response.text and 'id="password-error"' in response.text
    assert 'id="password_confirm-error"' in response.text
    assert 'value="Lê Thị Hoa"' in response.text  # nothing typed is lost


def test_wrong_password_then_rate_limit_message(client: TestClient, session: Session) -> None:
    user = make_user(session)
    session.commit()
    for _ in range(3):
        token = csrf_from(client)
        r = client.post(
            "/login", data={"email": user.email, "password": "wrong", "csrf_token": token}
        )
        assert r.status_code == 401
    token = csrf_from(client)
    r = client.post("/login", data={"email": user.email, "password": "wrong", "csrf_token": token})
    assert r.status_code == 429 and "Retry-After" in r.headers
    assert 'data-testid="form-error"' in r.text


def test_unknown_page_is_a_translated_404(client: TestClient) -> None:
    response = client.get("/orders/no-such-order")
    assert response.status_code == 404
    assert "404" in response.text and '<html lang="vi">' in response.text


def test_list_and_detail_pages_paginate_and_escape(client: TestClient, session: Session) -> None:
    hub = make_hub(session)
    org = make_org(session, hub, name="<script>alert(1)</script> Corp")
    for i in range(25):
        make_expert(session, hub, slug=f"pg-expert-{i:02d}", display_name=f"Phạm Văn {i:02d}")
    session.commit()
    first = client.get("/experts?q=Phạm Văn").text
    assert "Phạm Văn 00" in first and 'rel="next"' in first
    second = client.get("/experts?q=Phạm Văn&page=2").text
    assert "Phạm Văn 24" in second
    org_page = client.get(f"/organizations/{org.slug}").text
    assert "<script>alert(1)</script>" not in org_page and "&lt;script&gt;" in org_page
    assert client.get("/experts/pg-expert-03").status_code == 200


def test_security_headers(client: TestClient) -> None:
    response = client.get("/")
    assert response.headers["x-frame-options"] == "DENY"
    assert "default-src 'self'" in response.headers["content-security-policy"]


def test_plural_messages_use_the_single_vietnamese_form(
    client: TestClient, session: Session
) -> None:
    hub = make_hub(session)
    for i in range(3):
        make_expert(session, hub, slug=f"plural-{i}", display_name=f"Vũ Thị Số {i}")
    session.commit()
    page = client.get("/experts?q=Vũ Thị Số").text
    assert "3 chuyên gia" in page and "3 experts" not in page
