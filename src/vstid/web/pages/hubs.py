"""The admins' hub pages: every hub, and editing one's name and description per language."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import ValidationError

from vstid.core.actor import require_admin
from vstid.core.errors import DomainError
from vstid.core.i18n import gettext as _
from vstid.hubs.schemas import LANGUAGES, HubUpdate
from vstid.hubs.service import HubService
from vstid.web.deps import CurrentUser, FormDep, SessionDep
from vstid.web.pages.base import flash, redirect, render
from vstid.web.validation import validation_message

__all__ = ["router"]

router = APIRouter()


@router.get("/admin/hubs")
def hubs_list(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    require_admin(user)
    return render(request, "hubs/list.html", hubs=HubService(session).all_ordered())


@router.get("/admin/hubs/{code}")
def hub_form(request: Request, code: str, session: SessionDep, user: CurrentUser) -> Response:
    require_admin(user)
    hub = HubService(session).get(code)
    form = {"name": dict(hub.name), "description": dict(hub.description)}
    return _form_page(request, hub.code, form, {})


@router.post("/admin/hubs/{code}")
def hub_update(
    request: Request, code: str, session: SessionDep, user: CurrentUser, posted: FormDep
) -> Response:
    require_admin(user)
    form = {part: {lang: str(posted.get(f"{part}_{lang}") or "") for lang in LANGUAGES}
            for part in ("name", "description")}  # fmt: skip
    try:
        hub = HubService(session).update(user, code, HubUpdate.model_validate(form))
    except ValidationError as exc:
        errors = {str(e["loc"][0]): validation_message(e, _) for e in exc.errors()}
        return _form_page(request, code.upper(), form, errors)
    except DomainError as exc:
        if exc.status != 422:
            raise
        return _form_page(request, code.upper(), form, {exc.field or "form": exc.render(_)})
    flash(request, _("The hub %(code)s was saved.") % {"code": hub.code}, "success")
    return redirect("/admin/hubs")


def _form_page(
    request: Request, code: str, form: dict[str, dict[str, str]], errors: dict[str, str]
) -> Response:
    return render(
        request, "hubs/edit.html", status_code=422 if errors else 200, code=code, form=form,
        errors=errors, languages=LANGUAGES,
    )  # fmt: skip
