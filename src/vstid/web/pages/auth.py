"""Sign in, sign out, register, language switch."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from pydantic import ValidationError

from vstid.accounts.schemas import LoginInput, RegistrationInput
from vstid.core import i18n
from vstid.core.errors import DomainError, RateLimited
from vstid.core.i18n import gettext as _
from vstid.web.deps import SESSION_USER_KEY, AccountsDep, ClientIp, OptionalUser, SettingsDep
from vstid.web.middleware import LOCALE_COOKIE
from vstid.web.pages.base import flash, redirect, render, safe_next
from vstid.web.validation import validation_message

router = APIRouter()


def _field_errors(exc: ValidationError) -> dict[str, str]:
    return {
        str(e["loc"][0]) if e["loc"] else "form": validation_message(e, _) for e in exc.errors()
    }


@router.get("/login")
def login_form(request: Request, user: OptionalUser, next: str = "/") -> Response:
    if user is not None:
        return redirect(safe_next(next))
    return render(request, "auth/login.html", next=safe_next(next), errors={}, form={})


@router.post("/login")
def login(
    request: Request,
    accounts: AccountsDep,
    ip: ClientIp,
    email: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    form = {"email": email}
    try:
        user = accounts.authenticate(LoginInput(email=email, password=password), ip=ip)
    except RateLimited as exc:
        response = render(
            request,
            "auth/login.html",
            status_code=429,
            next=safe_next(next),
            errors={
                "form": _("Too many failed sign-in attempts. Wait a few minutes and try again.")
            },
            form=form,
        )
        response.headers["Retry-After"] = str(exc.retry_after_s)
        return response
    except (DomainError, ValidationError):
        return render(
            request,
            "auth/login.html",
            status_code=401,
            next=safe_next(next),
            errors={"form": _("Wrong e-mail or password.")},
            form=form,
        )
    request.session.clear()  # a fresh session on sign-in defeats session fixation
    request.session[SESSION_USER_KEY] = str(user.id)
    flash(request, _("Welcome back, %(name)s.") % {"name": user.display_name}, "success")
    redirect_response = redirect(safe_next(next))
    redirect_response.set_cookie(LOCALE_COOKIE, user.locale, max_age=365 * 86400, samesite="lax")
    return redirect_response


@router.post("/logout")
def logout(request: Request) -> Response:
    request.session.clear()
    return redirect("/")


@router.get("/register")
def register_form(request: Request) -> Response:
    return render(request, "auth/register.html", errors={}, form={"role": "expert"})


@router.post("/register")
def register(
    request: Request,
    accounts: AccountsDep,
    ip: ClientIp,
    email: Annotated[str, Form()] = "",
    display_name: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    password_confirm: Annotated[str, Form()] = "",
    role: Annotated[str, Form()] = "expert",
) -> Response:
    form = {"email": email, "display_name": display_name, "role": role}
    errors: dict[str, str] = {}
    if password != password_confirm:
        errors["password_confirm"] = _("The two passwords differ.")
    try:
        data = RegistrationInput(
            email=email,
            display_name=display_name,
            password=password,
            role=role,
            locale=i18n.current_locale(),
        )
    except ValidationError as exc:
        errors = {**_field_errors(exc), **errors}
    if errors:
        return render(request, "auth/register.html", status_code=422, errors=errors, form=form)
    try:
        user = accounts.register(data, ip=ip)
    except DomainError as exc:
        return render(
            request,
            "auth/register.html",
            status_code=exc.status,
            errors={exc.field or "form": exc.render(_)},
            form=form,
        )
    request.session.clear()
    request.session[SESSION_USER_KEY] = str(user.id)
    flash(request, _("Your account is ready."), "success")
    return redirect("/")


@router.post("/lang")
def switch_language(
    request: Request,
    accounts: AccountsDep,
    user: OptionalUser,
    settings: SettingsDep,
    locale: Annotated[str, Form()] = "vi",
    next: Annotated[str, Form()] = "/",
) -> Response:
    if locale not in i18n.SUPPORTED_LOCALES:
        locale = settings.default_locale
    if user is not None:
        accounts.set_locale(user, locale)
    response = redirect(safe_next(next))
    response.set_cookie(LOCALE_COOKIE, locale, max_age=365 * 86400, samesite="lax")
    return response
