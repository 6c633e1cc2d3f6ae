"""Every message a user can see goes through the catalogs (issue 9, defect 7).

Two walks: over the source, every error raised with a bare English string is found (it would
never be extracted) and every N_-marked id must be translated in vi, ja and ko; through the app,
real error paths in vi and ja (attachments, order forms, a 409, a 403, a 404, an import file
with bad rows, the API in the language it is asked for) must show the translation, never the
English id."""

from __future__ import annotations

import ast
import html
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.builders import make_user
from tests.web.helpers import csrf_from, login, post_form
from tests.world import Api, World, open_order, order_body
from vstid.accounts.models import Role, User
from vstid.core import i18n
from vstid.core.settings import Settings
from vstid.orders.attachments import ALLOWED_EXTENSIONS
from vstid.orders.states import ORDER_STATES

SRC = Path(__file__).resolve().parents[2] / "src" / "vstid"
CATALOGS = SRC / "translations"
LOCALES = ("vi", "ja", "ko")
ERRORS = {"ValidationFailed", "Conflict", "Forbidden", "NotFound", "Unauthorized", "RateLimited"}
ERRORS |= {"DomainError", "ImportFileError", "ValueError"}
MESSAGE_ARG = {"RowError": 2, "ImportFileError": 1}  # the message is not their first argument


def _calls() -> Iterator[tuple[Path, ast.Call]]:
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                yield path, node


def _marked_ids() -> set[str]:
    return {
        call.args[0].value
        for _, call in _calls()
        if call.func.id == "N_"  # type: ignore[attr-defined]
        and call.args
        and isinstance(call.args[0], ast.Constant)
        and isinstance(call.args[0].value, str)
    }


def _bare_messages() -> list[str]:
    """Errors built from an English literal or f-string instead of an N_-marked id."""
    found = []
    for path, call in _calls():
        name = call.func.id  # type: ignore[attr-defined]
        if name not in ERRORS | set(MESSAGE_ARG):
            continue
        index = MESSAGE_ARG.get(name, 0)
        arg = call.args[index] if len(call.args) > index else None
        if isinstance(arg, ast.JoinedStr) or (
            isinstance(arg, ast.Constant) and isinstance(arg.value, str)
        ):
            found.append(f"{path.relative_to(SRC)}:{call.lineno} {ast.unparse(arg)[:60]}")
    return found


def _catalog(locale: str) -> dict[str, str]:
    with (CATALOGS / locale / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        catalog = read_po(fh, locale=locale)
    return {str(m.id): str(m.string) for m in catalog if m.id and isinstance(m.id, str)}


def test_errors_are_raised_with_marked_message_ids() -> None:
    # ValueError in the matching and engine code never reaches a reader; schemas' do.
    bare = [b for b in _bare_messages() if not b.startswith(("matching/", "engine/", "core/"))]
    assert not bare, bare


@pytest.mark.parametrize("locale", LOCALES)
def test_every_marked_message_is_translated(locale: str) -> None:
    catalog = _catalog(locale)
    missing = sorted(m for m in _marked_ids() if not catalog.get(m, "").strip())
    assert not missing, missing[:10]


def _say(locale: str, message: str, /, **params: Any) -> tuple[str, str]:
    """The message as `locale` shows it (HTML-escaped, as a page writes it) and in English."""
    i18n.set_locale(locale)
    try:
        translated = i18n.gettext(message)
    finally:
        i18n.set_locale("vi")
    assert _catalog(locale).get(message), f"{message!r} has no {locale} translation"
    return html.escape(translated % params, quote=False), message % params


def _shows(text: str, locale: str, message: str, /, **params: Any) -> None:
    translated, english = _say(locale, message, **params)
    assert translated in html.unescape(text) or translated in text, (translated, text[:800])
    assert english == html.unescape(translated) or english not in text, english


def _login_in(client: TestClient, session: Session, user: User, locale: str) -> None:
    """Signs in as `user`, whose own language the site then speaks (login sets the cookie)."""
    user.locale = locale
    session.commit()
    login(client, user.email)


ALLOWED = ", ".join(sorted(ALLOWED_EXTENSIONS))


@pytest.mark.parametrize("locale", ["vi", "ja"])
def test_order_form_errors_are_translated(
    client: TestClient, world: World, session: Session, settings: Settings, locale: str
) -> None:
    _login_in(client, session, world.requester, locale)
    form = {k: v for k, v in order_body().items() if k != "fields"} | {"fields": "ai"}
    form |= {"budget_amount": "800000000", "intent": "submit"}
    wrong_type = [("attachments", ("run.exe", b"MZ\x90\x00", "application/octet-stream"))]
    response = post_form(client, "/orders/new", form, wrong_type)
    assert response.status_code == 422
    message = "%(name)s: this file type is not accepted (allowed: %(allowed)s)"
    _shows(response.text, locale, message, name="run.exe", allowed=ALLOWED)
    big = b"a" * (settings.max_upload_bytes + 1)
    response = post_form(client, "/orders/new", form, [("attachments", ("big.txt", big, "x"))])
    limit = f"{settings.max_upload_bytes / (1024 * 1024):.0f}"
    message = "%(name)s: the file is larger than %(limit)s MB"
    _shows(response.text, locale, message, name="big.txt", limit=limit)


@pytest.mark.parametrize("locale", ["vi", "ja"])
def test_api_errors_answer_in_the_language_asked_for(
    api: Api, world: World, session: Session, settings: Settings, locale: str
) -> None:
    order = open_order(session, world, status="draft")
    api.client.cookies.set("vstid_lang", locale)
    big = b"a" * (settings.max_upload_bytes + 1)
    response = api.client.post(
        f"/api/v1/orders/{order.slug}/attachments",
        files={"file": ("big.txt", big, "text/plain")},
        headers=api.headers(world.requester),
    )
    assert response.status_code == 422 and response.json()["error"] == "validation_failed"
    limit = f"{settings.max_upload_bytes / (1024 * 1024):.0f}"
    _shows(response.json()["message"], locale, "%(name)s: the file is larger than %(limit)s MB",
           name="big.txt", limit=limit)  # fmt: skip
    short = api.post(world.requester, "/orders", order_body(title="abc"))
    assert short.status_code == 422 and short.json()["field"] == "title"
    i18n.set_locale(locale)
    title = i18n.gettext("Title")
    i18n.set_locale("vi")
    _shows(short.json()["message"], locale,
           "%(field)s must have at least %(min_length)s characters.", field=title, min_length=5)  # fmt: skip
    refused = api.post(world.expert_user, "/orders", order_body())
    assert refused.status_code == 403 and refused.json()["error"] == "forbidden"
    assert refused.json()["message"] != "your role does not allow posting orders"
    missing = api.get(world.requester, "/orders/no-such-order")
    assert missing.status_code == 404 and missing.json()["error"] == "not_found"
    _shows(missing.json()["message"], locale, "order not found")


def test_api_without_a_language_keeps_english_ids(api: Api, world: World) -> None:
    missing = api.get(world.requester, "/orders/no-such-order")
    assert missing.json() == {"error": "not_found", "message": "order not found"}
    asked = api.client.get(
        "/api/v1/orders/no-such-order",
        headers={**api.headers(world.requester), "Accept-Language": "ko"},
    )
    _shows(asked.json()["message"], "ko", "order not found")


@pytest.mark.parametrize("locale", ["vi", "ja"])
def test_refusals_on_pages_are_translated(
    client: TestClient, world: World, session: Session, locale: str
) -> None:
    order = open_order(session, world, status="open")
    _login_in(client, session, world.requester, locale)
    conflict = post_form(client, f"/orders/{order.slug}/do/submit", {})
    assert conflict.status_code == 409
    _shows(conflict.text, locale, ORDER_STATES["submit"].conflict)
    missing = client.get("/orders/no-such-order")  # the 404 page says it in its own words
    assert missing.status_code == 404 and "order not found" not in missing.text
    _shows(missing.text, locale, "Back to the home page")
    _login_in(client, session, world.expert_user, locale)
    forbidden = client.get("/imports")
    assert forbidden.status_code == 403
    _shows(forbidden.text, locale, "your role does not allow this action")


BAD_ROWS = "id,name,country,capacity\nw1,Đinh Thị Thu,Vietnam,2\nw2,Lê Văn Nam,VN,many\n"


@pytest.mark.parametrize("locale", ["vi", "ja"])
def test_import_row_errors_are_translated(
    client: TestClient, session: Session, locale: str
) -> None:
    coordinator = make_user(session, Role.coordinator)
    session.commit()
    _login_in(client, session, coordinator, locale)
    token = csrf_from(client, "/imports")
    response = client.post(
        "/imports",
        data={"csrf_token": token, "dry_run": "true"},
        files={"file": ("people.csv", BAD_ROWS.encode(), "text/csv")},
    )
    assert response.status_code == 422, response.text[:500]
    _shows(response.text, locale, "use a two-letter ISO code such as JP")
    _shows(response.text, locale, "%(value)s is not a whole number", value=repr("many"))
    bad_file = client.post(
        "/imports",
        data={"csrf_token": token, "dry_run": "true"},
        files={"file": ("people.csv", b"id,title\nw1,x\n", "text/csv")},
    )
    assert bad_file.status_code == 422
    _shows(bad_file.text, locale, "the header row needs a 'name' column")


@pytest.mark.parametrize("locale", ["vi", "ja"])
def test_schema_errors_on_forms_name_the_field_in_the_readers_language(
    client: TestClient, locale: str
) -> None:
    client.cookies.set("vstid_lang", locale)
    token = csrf_from(client, "/register")
    response = client.post(
        "/register",
        data={"csrf_token": token, "display_name": "Mai", "email": "not-an-address",
              "password": "short", "password_confirm": "short"},
    )  # fmt: skip
    assert response.status_code == 422
    i18n.set_locale(locale)
    password, email = i18n.gettext("Password"), i18n.gettext("E-mail")
    reason = i18n.gettext("not a valid e-mail address")
    i18n.set_locale("vi")
    message = "%(field)s must have at least %(min_length)s characters."
    _shows(response.text, locale, message, field=password, min_length=10)
    _shows(response.text, locale, "%(field)s: %(message)s", field=email, message=reason)
    assert "String should have" not in response.text and "Value error" not in response.text
