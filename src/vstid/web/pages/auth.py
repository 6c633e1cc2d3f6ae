"""Sign in, sign out, register and confirm the e-mail address, the account page (sessions, API
tokens, password), the language switch."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from pydantic import ValidationError

from vstid.accounts.models import User
from vstid.accounts.schemas import LoginInput, RegistrationInput
from vstid.accounts.sessions import SessionService
from vstid.core import i18n
from vstid.core.errors import DomainError, RateLimited
from vstid.core.i18n import gettext as _
from vstid.core.settings import Settings
from vstid.notifications.account_mail import AccountMail
from vstid.web.csrf import SESSION_COOKIE
from vstid.web.deps import (
    AccountsDep,
    ClientIp,
    CurrentUser,
    OptionalUser,
    SessionDep,
    SessionsDep,
    SettingsDep,
    verified_password_hash,
)
from vstid.web.middleware import LOCALE_COOKIE
from vstid.web.pages.base import flash, redirect, render, safe_next
from vstid.web.validation import validation_message

router = APIRouter()


def _field_errors(exc: ValidationError) -> dict[str, str]:
    return {
        str(e["loc"][0]) if e["loc"] else "form": validation_message(e, _) for e in exc.errors()
    }


def _secure(request: Request, settings: Settings) -> bool:
    return settings.cookies_secure or request.url.scheme == "https"


def _set_locale_cookie(
    response: Response, request: Request, settings: Settings, locale: str
) -> None:
    response.set_cookie(
        LOCALE_COOKIE,
        locale,
        max_age=365 * 86400,
        samesite="lax",
        secure=_secure(request, settings),
    )


def _end_browser_session(request: Request, response: Response, sessions: SessionService) -> None:
    sessions.end(request.cookies.get(SESSION_COOKIE))
    request.session.clear()
    response.delete_cookie(SESSION_COOKIE)


@router.get("/login")
def login_form(request: Request, user: OptionalUser, next: str = "/") -> Response:
    if user is not None:
        return redirect(safe_next(next))
    return render(request, "auth/login.html", next=safe_next(next), errors={}, form={})


@router.post("/login")
def login(
    request: Request,
    accounts: AccountsDep,
    sessions: SessionsDep,
    settings: SettingsDep,
    ip: ClientIp,
    email: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    form = {"email": email}
    try:
        data = LoginInput(email=email, password=password)
        checked = verified_password_hash(request, data)
        user = accounts.authenticate(data, ip=ip, prechecked=True, verified_hash=checked)
    except RateLimited as exc:
        locked = render(
            request,
            "auth/login.html",
            status_code=429,
            next=safe_next(next),
            errors={
                "form": _("Too many failed sign-in attempts. Wait a few minutes and try again.")
            },
            form=form,
        )
        locked.headers["Retry-After"] = str(exc.retry_after_s)
        return locked
    except (DomainError, ValidationError):
        # answered, not raised: the failure just recorded must commit to count
        return render(
            request,
            "auth/login.html",
            status_code=401,
            next=safe_next(next),
            errors={"form": _("Wrong e-mail or password.")},
            form=form,
        )
    response = redirect(safe_next(next))
    _end_browser_session(request, response, sessions)  # a fresh session defeats fixation
    raw = sessions.start(user, ip=ip, user_agent=request.headers.get("user-agent", ""))
    response.set_cookie(
        SESSION_COOKIE,
        raw,
        max_age=settings.session_max_age_s,
        httponly=True,
        samesite="lax",
        secure=_secure(request, settings),
    )
    flash(request, _("Welcome back, %(name)s.") % {"name": user.display_name}, "success")
    _set_locale_cookie(response, request, settings, user.locale)
    return response


@router.post("/logout")
def logout(request: Request, sessions: SessionsDep) -> Response:
    response = redirect("/")
    _end_browser_session(request, response, sessions)
    return response


@router.get("/register")
def register_form(request: Request) -> Response:
    return render(request, "auth/register.html", errors={}, form={"role": "expert"})


@router.post("/register")
def register(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
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
        registration = accounts.register(data, ip=ip)
    except DomainError as exc:
        response = render(
            request,
            "auth/register.html",
            status_code=exc.status,
            errors={exc.field or "form": exc.render(_)},
            form=form,
        )
        if isinstance(exc, RateLimited):
            response.headers["Retry-After"] = str(exc.retry_after_s)
        return response
    AccountMail(session, settings).after_registration(registration)
    # the same page whether the address was new or not: registration tells nobody who has
    # an account (only the mail to the address differs)
    return render(request, "auth/check_email.html", email=data.email)


@router.get("/verify-email")
def verify_email(
    request: Request, accounts: AccountsDep, user: OptionalUser, token: str = ""
) -> Response:
    accounts.verify_email(token)
    flash(request, _("Your e-mail address is confirmed."), "success")
    return redirect("/" if user is not None else "/login")


@router.post("/verify-email/resend")
def resend_verification(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    user: CurrentUser,
    next: Annotated[str, Form()] = "/",
) -> Response:
    if not user.is_verified:
        try:
            AccountMail(session, settings).verification(user)
        except DomainError as exc:
            flash(request, exc.render(_), "error")
            return redirect(safe_next(next))
        flash(request, _("We sent a new link to %(email)s.") % {"email": user.email}, "success")
    return redirect(safe_next(next))


def _account_page(
    request: Request,
    sessions: SessionService,
    user: User,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    current = getattr(request.state, "user_session", None)
    return render(
        request,
        "auth/account.html",
        status_code=status_code,
        sessions=sessions.sessions_of(user),
        tokens=sessions.tokens_of(user),
        current_id=current.id if current is not None else None,
        errors=errors or {},
    )


@router.get("/account")
def account(request: Request, sessions: SessionsDep, user: CurrentUser) -> Response:
    return _account_page(request, sessions, user)


@router.post("/account/password")
def change_password(
    request: Request,
    accounts: AccountsDep,
    sessions: SessionsDep,
    user: CurrentUser,
    ip: ClientIp,
    current_password: Annotated[str, Form()] = "",
    new_password: Annotated[str, Form()] = "",
    new_password_confirm: Annotated[str, Form()] = "",
) -> Response:
    if new_password != new_password_confirm:
        errors = {"new_password_confirm": _("The two passwords differ.")}
        return _account_page(request, sessions, user, errors, 422)
    current = getattr(request.state, "user_session", None)
    try:
        accounts.change_password(
            user,
            current_password,
            new_password,
            keep_session=current.id if current is not None else None,
            ip=ip,
        )
    except DomainError as exc:
        return _account_page(request, sessions, user, {exc.field or "form": exc.render(_)}, 422)
    flash(request, _("Your password was changed; your other sessions were signed out."), "success")
    return redirect("/account")


@router.post("/account/sessions/{session_id}/revoke")
def revoke_session(
    request: Request, sessions: SessionsDep, user: CurrentUser, session_id: uuid.UUID
) -> Response:
    current = getattr(request.state, "user_session", None)
    sessions.revoke_session(user, session_id)
    if current is not None and current.id == session_id:
        response = redirect("/")
        request.session.clear()
        response.delete_cookie(SESSION_COOKIE)
        return response
    flash(request, _("That session was signed out."), "success")
    return redirect("/account")


@router.post("/account/tokens/{token_id}/revoke")
def revoke_token(
    request: Request, sessions: SessionsDep, user: CurrentUser, token_id: uuid.UUID
) -> Response:
    sessions.revoke_token(user, token_id)
    flash(request, _("The API token was revoked."), "success")
    return redirect("/account")


@router.post("/account/logout-everywhere")
def logout_everywhere(
    request: Request, sessions: SessionsDep, user: CurrentUser, ip: ClientIp
) -> Response:
    sessions.end_everywhere(user, ip=ip)
    response = redirect("/")
    request.session.clear()
    response.delete_cookie(SESSION_COOKIE)
    return response


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
    _set_locale_cookie(response, request, settings, locale)
    return response
