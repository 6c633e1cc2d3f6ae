"""The one form model of an order, for posting and for editing: the same fields read from
the request, one parse-and-check step, one way of showing what to fix."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any

from babel.numbers import format_decimal
from fastapi import Depends, File, Form, Request, UploadFile
from fastapi.responses import Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from vstid.core import i18n
from vstid.core.errors import DomainError
from vstid.core.i18n import N_
from vstid.core.i18n import gettext as _
from vstid.orders.attachments import CheckedFile
from vstid.orders.models import Confidentiality, Currency, EngagementType, Order
from vstid.orders.schemas import OrderInput
from vstid.orders.service import OrderWorkflow
from vstid.organizations.service import OrganizationQueries
from vstid.taxonomy.service import TaxonomyService
from vstid.web.forms import read_numbers
from vstid.web.pages.base import render
from vstid.web.uploads import read_upload

__all__ = ["FormInvalid", "OrderForm", "OrderFormDep", "form_page", "read_files", "store_files"]

FIELDS = ("title", "description", "language", "budget_amount", "currency", "deadline",
          "engagement_type", "confidentiality")  # fmt: skip
NUMBERS = {"budget_amount": N_("Budget")}


class FormInvalid(Exception):
    """What the user must fix, by field; anything else (403, 404, 409) is not the form's."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(errors)
        self.errors = errors


@dataclass
class OrderForm:
    values: dict[str, Any]
    uploads: list[UploadFile] = field(default_factory=list)

    @classmethod
    def of(cls, order: Order) -> OrderForm:
        values = {k: getattr(order, k) for k in FIELDS} | {"fields": list(order.fields)}
        values["budget_amount"] = (  # as the reader writes it, so it reads back the same
            format_decimal(order.budget_amount, locale=i18n.current_locale())
            if order.budget_amount is not None
            else ""
        )
        values["deadline"] = order.deadline.isoformat() if order.deadline else ""
        return cls(values)

    def parse(self, workflow: OrderWorkflow) -> tuple[OrderInput, list[CheckedFile]]:
        """The order's data and its checked files, or FormInvalid naming every field to fix.
        Files are checked before anything is written, so a refused one leaves no half-made
        order."""
        values, errors = read_numbers(self.values, NUMBERS)
        try:
            files = read_files(workflow, self.uploads)
        except DomainError as exc:
            refused = as_form_error(exc)
            if not isinstance(refused, FormInvalid):
                raise refused from exc
            errors |= refused.errors  # said together with the fields' errors
        try:
            data = OrderInput.model_validate(
                {k: v for k, v in values.items() if v not in ("", None)}
            )
        except ValidationError as exc:
            raise FormInvalid(_schema_errors(exc) | errors) from exc
        if errors:
            raise FormInvalid(errors)
        return data, files


def _schema_errors(exc: ValidationError) -> dict[str, str]:
    return {
        str(e["loc"][0]) if e["loc"] else "form": _friendly(str(e["loc"][0]) if e["loc"] else "")
        for e in exc.errors()
    }


def as_form_error(exc: DomainError) -> DomainError | FormInvalid:
    """Invalid input (422) is shown on the form; a refusal (403, 404, 409) is a page."""
    return FormInvalid({exc.field or "form": exc.render(_)}) if exc.status == 422 else exc


def _friendly(name: str) -> str:
    """Plain-language messages per field, so the form says what to fix, in the user's language."""
    return {
        "title": _("Give the order a title of 5 to 300 characters."),
        "description": _("Describe the problem in at least 20 characters."),
        "budget_amount": _("The budget must be a positive number."),
        "deadline": _("Choose a deadline in the future."),
        "fields": _("Choose fields from the list."),
    }.get(name, _("Choose one of the listed values."))


def order_form(
    title: Annotated[str, Form()] = "",
    description: Annotated[str, Form()] = "",
    language: Annotated[str, Form()] = "vi",
    fields: Annotated[list[str] | None, Form()] = None,
    budget_amount: Annotated[str, Form()] = "",
    currency: Annotated[str, Form()] = "VND",
    deadline: Annotated[str, Form()] = "",
    engagement_type: Annotated[str, Form()] = "consulting",
    confidentiality: Annotated[str, Form()] = "public",
    organization_id: Annotated[str, Form()] = "",
    attachments: Annotated[list[UploadFile] | None, File()] = None,
) -> OrderForm:
    values = {
        "title": title,
        "description": description,
        "language": language,
        "fields": fields or [],
        "budget_amount": budget_amount.strip(),
        "currency": currency,
        "deadline": deadline,
        "engagement_type": engagement_type,
        "confidentiality": confidentiality,
        "organization_id": organization_id,
    }
    return OrderForm(values, attachments or [])


OrderFormDep = Annotated[OrderForm, Depends(order_form)]


def read_files(workflow: OrderWorkflow, files: list[UploadFile]) -> list[CheckedFile]:
    store, limit = workflow.attachment_store(), workflow.settings.max_upload_bytes
    return [store.check(f.filename, read_upload(f, limit)) for f in files if f.filename]


def store_files(workflow: OrderWorkflow, user: Any, order: Order, files: list[CheckedFile]) -> None:
    for checked in files:
        workflow.add_attachment(user, order, checked.filename, checked.content)


def form_page(
    request: Request,
    session: Session,
    form: OrderForm,
    errors: dict[str, str] | None = None,
    order: Order | None = None,
) -> Response:
    user = getattr(request.state, "user", None)
    mine = OrganizationQueries(session).of_member(user.id) if user and order is None else []
    return render(
        request,
        "orders/form.html",
        status_code=422 if errors else 200,
        form=form.values,
        errors=errors or {},
        order=order,
        taxonomy=TaxonomyService(session).offered(form.values.get("fields") or []),
        organizations=mine,
        currencies=[c.value for c in Currency],
        engagements=[e.value for e in EngagementType],
        levels=[c.value for c in Confidentiality],
    )
