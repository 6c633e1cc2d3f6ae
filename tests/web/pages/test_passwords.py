"""Issue 10, item 8: passwords are checked against zxcvbn's lists of common and leaked
passwords and the account's own e-mail and name (NIST SP 800-63B), in the reader's language,
with no composition rules and room for long pass phrases."""

from __future__ import annotations

import html

import pytest
from fastapi.testclient import TestClient

from tests.web.helpers import csrf_from
from vstid.core import i18n

EMAIL = "thanh.vo@example.vn"
NAME = "Võ Minh Thành"
COMMON = "this password is too common or too easy to guess; a few unrelated words make a strong one"


def _register(client: TestClient, password: str):  # type: ignore[no-untyped-def]
    token = csrf_from(client, "/register")
    return client.post("/register", data={
        "email": EMAIL, "display_name": NAME, "password": password, "password_confirm": password,
        "role": "expert", "csrf_token": token,
    })  # fmt: skip


def _in(locale: str, message: str) -> str:
    i18n.set_locale(locale)
    try:
        return html.escape(i18n.gettext(message), quote=True)
    finally:
        i18n.set_locale("vi")


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        (" " * 10, "a password cannot be only spaces"),
        ("1234567890", COMMON),
        ("password12", COMMON),
        ("qwertyuiop", COMMON),
        (EMAIL, "the password must not contain your e-mail address"),
        ("thanh.vo-2026", "the password must not contain your e-mail address"),
        ("minh-thành-1975-hà", "the password must not contain your name"),
    ],
)
@pytest.mark.parametrize("locale", ["vi", "ja"])
def test_weak_passwords_are_refused_with_a_translated_reason(
    client: TestClient, password: str, reason: str, locale: str
) -> None:
    client.cookies.set("vstid_lang", locale)
    response = _register(client, password)
    assert response.status_code == 422 and 'id="password-error"' in response.text
    translated = _in(locale, reason)
    assert translated != reason and translated in response.text


def test_a_long_pass_phrase_without_symbols_or_digits_is_welcome(client: TestClient) -> None:
    phrase = "sông hồng chảy qua những cánh đồng lúa xanh mướt vào một buổi sáng mùa thu"
    assert len(phrase) > 64
    assert _register(client, phrase).status_code == 200


def test_the_api_refuses_a_common_password_naming_the_field(client: TestClient) -> None:
    body = {"email": EMAIL, "display_name": NAME, "password": "password12"}
    response = client.post("/api/v1/auth/register", json=body)
    assert response.status_code == 422 and response.json()["field"] == "password"
    assert COMMON in response.json()["message"]
