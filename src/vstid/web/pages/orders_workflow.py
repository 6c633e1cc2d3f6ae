"""Requester and coordinator pages of an order: post and edit (with attachments), the lifecycle
buttons, the workflow panel shown on the order page, attachments and the order's thread."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import Response
from pydantic import ValidationError

from vstid.core.errors import DomainError, NotFound
from vstid.core.i18n import gettext as _
from vstid.orders.attachments import CheckedFile
from vstid.orders.models import Confidentiality, Currency, EngagementType, Order
from vstid.orders.schemas import OrderInput
from vstid.orders.service import OWNER, STAFF, OrderWorkflow
from vstid.organizations.repository import MembershipRepository, OrganizationRepository
from vstid.taxonomy.repository import FieldRepository
from vstid.web.deps import CurrentUser, SessionDep, SettingsDep
from vstid.web.pages.base import flash, redirect, render

__all__ = ["router"]

router = APIRouter()

FORM_FIELDS = (
    "title",
    "description",
    "language",
    "budget_amount",
    "currency",
    "deadline",
    "engagement_type",
    "confidentiality",
)


def _friendly(field: str) -> str:
    """Plain-language messages per field, so the form says what to fix, in the user's language."""
    return {
        "title": _("Give the order a title of 5 to 300 characters."),
        "description": _("Describe the problem in at least 20 characters."),
        "budget_amount": _("The budget must be a positive number."),
        "deadline": _("Choose a deadline in the future."),
        "fields": _("Choose fields from the list."),
    }.get(field, _("Choose one of the listed values."))


def _form_errors(exc: ValidationError) -> dict[str, str]:
    return {
        str(e["loc"][0]) if e["loc"] else "form": _friendly(str(e["loc"][0])) for e in exc.errors()
    }


def _my_organizations(session: SessionDep, request: Request) -> list[Any]:
    """A requester in several organizations chooses which one posts the order."""
    user = getattr(request.state, "user", None)
    ids = set(MembershipRepository(session).org_ids_of(user.id)) if user else set()
    return sorted(OrganizationRepository(session).by_ids(ids).values(), key=lambda o: o.name)


def _form_page(
    request: Request,
    session: SessionDep,
    form: dict[str, Any],
    errors: dict[str, str],
    order: Order | None = None,
) -> Response:
    return render(
        request,
        "orders/form.html",
        status_code=422 if errors else 200,
        form=form,
        errors=errors,
        order=order,
        taxonomy=FieldRepository(session).ordered(),
        organizations=_my_organizations(session, request) if order is None else [],
        currencies=[c.value for c in Currency],
        engagements=[e.value for e in EngagementType],
        levels=[c.value for c in Confidentiality],
    )


async def read_files(workflow: OrderWorkflow, files: list[UploadFile]) -> list[CheckedFile]:
    """Checked before anything is written, so a refused file leaves no half-made order."""
    store, checked = workflow.attachment_store(), []
    for upload in files:
        if upload.filename:
            content = await upload.read(workflow.settings.max_upload_bytes + 1)
            checked.append(store.check(upload.filename, content))
    return checked


def _form_values(
    title: str,
    description: str,
    language: str,
    fields: list[str] | None,
    budget_amount: str,
    currency: str,
    deadline: str,
    engagement_type: str,
    confidentiality: str,
) -> dict[str, Any]:
    return {
        "title": title,
        "description": description,
        "language": language,
        "fields": fields or [],
        "budget_amount": budget_amount.replace(",", "").strip(),
        "currency": currency,
        "deadline": deadline,
        "engagement_type": engagement_type,
        "confidentiality": confidentiality,
    }


def _parsed(form: dict[str, Any]) -> OrderInput:
    data = {k: v for k, v in form.items() if v not in ("", None)}
    return OrderInput.model_validate(data)


@router.get("/orders/new")
def new_order_form(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    form = {
        "language": user.locale,
        "currency": "VND",
        "confidentiality": "public",
        "engagement_type": "consulting",
        "fields": [],
    }
    return _form_page(request, session, form, {})


@router.post("/orders/new")
async def create_order(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    user: CurrentUser,
    title: Annotated[str, Form()] = "",
    description: Annotated[str, Form()] = "",
    language: Annotated[str, Form()] = "vi",
    fields: Annotated[list[str] | None, Form()] = None,
    budget_amount: Annotated[str, Form()] = "",
    currency: Annotated[str, Form()] = "VND",
    deadline: Annotated[str, Form()] = "",
    engagement_type: Annotated[str, Form()] = "consulting",
    confidentiality: Annotated[str, Form()] = "public",
    intent: Annotated[str, Form()] = "draft",
    organization_id: Annotated[str, Form()] = "",
    attachments: Annotated[list[UploadFile] | None, File()] = None,
) -> Response:
    form = _form_values(
        title,
        description,
        language,
        fields,
        budget_amount,
        currency,
        deadline,
        engagement_type,
        confidentiality,
    ) | {"organization_id": organization_id}
    workflow = OrderWorkflow(session, settings)
    try:
        data = _parsed(form)
        files = await read_files(workflow, attachments or [])
        order = workflow.create(user, data)
    except ValidationError as exc:
        return _form_page(request, session, form, _form_errors(exc))
    except DomainError as exc:
        return _form_page(request, session, form, {exc.field or "form": _(exc.message)})
    store_files(workflow, user, order, files)
    if intent == "submit":
        workflow.submit(user, order)
        flash(request, _("Your order was sent to the hub's coordinators for approval."), "success")
    else:
        flash(request, _("Draft saved. Submit it when it is ready."), "success")
    return redirect(f"/orders/{order.slug}")


def store_files(workflow: OrderWorkflow, user: Any, order: Order, files: list[CheckedFile]) -> None:
    for checked in files:
        workflow.add_attachment(user, order, checked.filename, checked.content)


@router.get("/orders/{slug}/edit")
def edit_order_form(
    request: Request, slug: str, session: SessionDep, settings: SettingsDep, user: CurrentUser
) -> Response:
    workflow = OrderWorkflow(session, settings)
    order = workflow.queries.get_visible(slug, user)
    workflow.require(user, order, frozenset({OWNER, STAFF}))
    form = {k: getattr(order, k) for k in FORM_FIELDS} | {"fields": list(order.fields)}
    form["budget_amount"] = f"{order.budget_amount:.0f}" if order.budget_amount is not None else ""
    form["deadline"] = order.deadline.isoformat() if order.deadline else ""
    return _form_page(request, session, form, {}, order)


@router.post("/orders/{slug}/edit")
async def edit_order(
    request: Request,
    slug: str,
    session: SessionDep,
    settings: SettingsDep,
    user: CurrentUser,
    title: Annotated[str, Form()] = "",
    description: Annotated[str, Form()] = "",
    language: Annotated[str, Form()] = "vi",
    fields: Annotated[list[str] | None, Form()] = None,
    budget_amount: Annotated[str, Form()] = "",
    currency: Annotated[str, Form()] = "VND",
    deadline: Annotated[str, Form()] = "",
    engagement_type: Annotated[str, Form()] = "consulting",
    confidentiality: Annotated[str, Form()] = "public",
    attachments: Annotated[list[UploadFile] | None, File()] = None,
) -> Response:
    form = _form_values(
        title,
        description,
        language,
        fields,
        budget_amount,
        currency,
        deadline,
        engagement_type,
        confidentiality,
    )
    workflow = OrderWorkflow(session, settings)
    order = workflow.queries.get_visible(slug, user)
    try:
        data = _parsed(form)
        files = await read_files(workflow, attachments or [])
        workflow.update(user, order, data)
    except ValidationError as exc:
        return _form_page(request, session, form, _form_errors(exc), order)
    except DomainError as exc:
        if exc.status in (403, 404, 409):
            raise
        return _form_page(request, session, form, {exc.field or "form": _(exc.message)}, order)
    store_files(workflow, user, order, files)
    flash(request, _("Changes saved."), "success")
    return redirect(f"/orders/{order.slug}")


@router.post("/orders/{slug}/do/{action}")
def order_action(
    request: Request,
    slug: str,
    action: str,
    session: SessionDep,
    settings: SettingsDep,
    user: CurrentUser,
    reason: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "",
) -> Response:
    workflow = OrderWorkflow(session, settings)
    order = workflow.queries.get_visible(slug, user)
    if action == "reject":
        workflow.reject(user, order, reason)
    elif action in ("submit", "approve", "cancel"):
        getattr(workflow, action)(user, order)
    elif action == "close":
        workflow.transition(user, order, action)
    else:
        raise NotFound("page not found")
    flash(request, _done(action), "success")
    return redirect(
        next if next.startswith("/") and not next.startswith("//") else f"/orders/{slug}"
    )


def _done(action: str) -> str:
    return {
        "submit": _("Your order was sent to the hub's coordinators for approval."),
        "approve": _("The order is approved and open. Matching experts are being ranked."),
        "reject": _("The order was sent back to the requester with your reason."),
        "cancel": _("The order was cancelled."),
        "close": _("The order is closed."),
    }[action]
