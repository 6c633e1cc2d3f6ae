"""The admins' taxonomy pages: the tree of fields with a form to add one, and one field's page
to rename it in the four languages, move it under another parent, deprecate or restore it.
The same powers as the API, through taxonomy.service.TaxonomyService."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from pydantic import ValidationError

from vstid.core.actor import require_admin
from vstid.core.errors import DomainError, NotFound
from vstid.core.i18n import N_
from vstid.core.i18n import gettext as _
from vstid.taxonomy.schemas import LANGUAGES, FieldCreate, FieldLabels, FieldMove
from vstid.taxonomy.service import TaxonomyService
from vstid.web.deps import CurrentUser, FormDep, SessionDep
from vstid.web.pages.base import blank, flash, redirect, render
from vstid.web.validation import field_of, validation_message

__all__ = ["router"]

router = APIRouter()
ADDED = N_("The field was added.")
DONE = {
    "labels": N_("The field's labels were saved."),
    "move": N_("The field was moved."),
    "deprecate": N_("The field is deprecated: it is offered for no new order or profile."),
    "restore": N_("The field is in use again."),
}


def _labels_of(posted: Any) -> dict[str, str]:
    return {lang: str(posted.get(f"label_{lang}") or "") for lang in LANGUAGES}


def _errors(exc: ValidationError) -> dict[str, str]:
    return {field_of(e): validation_message(e, _) for e in exc.errors()}


@router.get("/admin/taxonomy")
def taxonomy_tree(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    require_admin(user)
    return _tree_page(request, session, {"labels": {}}, {})


def _tree_page(
    request: Request, session: SessionDep, form: dict[str, Any], errors: dict[str, str]
) -> Response:
    service = TaxonomyService(session)
    return render(
        request, "taxonomy/tree.html", status_code=422 if errors else 200, nodes=service.tree(),
        parents=service.offered(), form=form, errors=errors, languages=LANGUAGES,
    )  # fmt: skip


@router.post("/admin/taxonomy")
def add_field(
    request: Request, session: SessionDep, user: CurrentUser, posted: FormDep
) -> Response:
    require_admin(user)
    code, parent = str(posted.get("code") or "").strip(), blank(str(posted.get("parent") or ""))
    form = {"code": code, "parent": parent or "", "labels": _labels_of(posted)}
    try:
        data = FieldCreate(code=code, parent=parent, labels=form["labels"])
        field = TaxonomyService(session).add(user, data)
    except ValidationError as exc:
        return _tree_page(request, session, form, _errors(exc))
    except DomainError as exc:
        if exc.status not in (409, 422):
            raise
        return _tree_page(request, session, form, {exc.field or "form": exc.render(_)})
    flash(request, _(ADDED), "success")
    return redirect(f"/admin/taxonomy#f-{field.code}")


@router.get("/admin/taxonomy/{code}")
def field_page(request: Request, code: str, session: SessionDep, user: CurrentUser) -> Response:
    require_admin(user)
    field = TaxonomyService(session).get(code)
    return _field_page(request, session, code, {"labels": dict(field.labels)}, {})


def _field_page(
    request: Request, session: SessionDep, code: str, form: dict[str, Any],
    errors: dict[str, str],
) -> Response:  # fmt: skip
    service = TaxonomyService(session)
    field = service.get(code)
    user = getattr(request.state, "user", None)
    parents = [f for f in service.offered() if f.code != code]
    return render(
        request, "taxonomy/field.html", status_code=422 if errors else 200, field=field,
        parents=parents, actions=service.allowed_actions(user, field), form=form,
        errors=errors, languages=LANGUAGES,
    )  # fmt: skip


@router.post("/admin/taxonomy/{code}/{action}")
def field_action(
    request: Request, code: str, action: str, session: SessionDep, user: CurrentUser,
    posted: FormDep, parent: Annotated[str, Form()] = "",
) -> Response:  # fmt: skip
    require_admin(user)
    service = TaxonomyService(session)
    labels = _labels_of(posted)
    steps: dict[str, Callable[[], object]] = {
        "labels": lambda: service.rename(user, code, FieldLabels(labels=labels)),
        "move": lambda: service.move(user, code, FieldMove(parent=blank(parent))),
        "deprecate": lambda: service.deprecate(user, code),
        "restore": lambda: service.restore(user, code),
    }
    if action not in steps:
        raise NotFound(N_("page not found"))
    try:
        steps[action]()
    except ValidationError as exc:
        return _field_page(request, session, code, {"labels": labels}, _errors(exc))
    except DomainError as exc:
        if exc.status != 422:
            raise
        form = {"labels": labels if action == "labels" else dict(service.get(code).labels)}
        return _field_page(request, session, code, form, {exc.field or "form": exc.render(_)})
    flash(request, _(DONE[action]), "success")
    return redirect(f"/admin/taxonomy/{code}")
