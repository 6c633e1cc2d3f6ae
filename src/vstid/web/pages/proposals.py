"""Proposals: the expert's "for you" feed, sending and withdrawing a proposal and the list of
one's own; the requester side's review (stages, internal comments, decline). Accepting a
proposal opens a project: that form is in projects.py."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from pydantic import ValidationError

from vstid.accounts.models import User
from vstid.core.errors import DomainError
from vstid.core.i18n import N_
from vstid.core.i18n import gettext as _
from vstid.matching.feed import ExpertFeed
from vstid.orders.models import Currency
from vstid.orders.service import OrderQueries
from vstid.proposals.models import ProposalStatus
from vstid.proposals.schemas import ProposalInput
from vstid.proposals.service import ProposalService
from vstid.proposals.states import PROPOSAL_STATES
from vstid.taxonomy.service import TaxonomyService
from vstid.web.confirm import is_confirmed
from vstid.web.deps import CurrentUser, SessionDep, SettingsDep
from vstid.web.forms import read_numbers
from vstid.web.pages._confirm import confirm_page
from vstid.web.pages.base import flash, redirect, render

__all__ = ["router"]

router = APIRouter()
NEXT_STAGE = {"submitted": "screen", "screen": "assess", "assess": "finalist"}


@router.get("/feed")
def feed(
    request: Request, session: SessionDep, settings: SettingsDep, user: CurrentUser
) -> Response:
    items = ExpertFeed(session, settings).for_user(user)
    labels = TaxonomyService(session).labels()
    return render(request, "proposals/feed.html", items=items, field_labels=labels)


def _proposal_page(
    request: Request, order: Any, form: dict[str, Any], errors: dict[str, str]
) -> Response:
    return render(
        request, "proposals/form.html", status_code=422 if errors else 200, order=order,
        form=form, errors=errors, currencies=[c.value for c in Currency],
    )  # fmt: skip


def _friendly(field: str) -> str:
    return {
        "approach": _("Describe your approach in at least 20 characters."),
        "trl": _("The technology readiness level is a whole number from 1 to 9."),
        "cost_amount": _("The cost must be a positive number."),
        "team": _("List at most 30 team members, one per line."),
    }.get(field, _("Choose one of the listed values."))


@router.get("/orders/{slug}/propose")
def proposal_form(request: Request, slug: str, session: SessionDep, user: CurrentUser) -> Response:
    order = OrderQueries(session).get_visible(slug, user)
    form = {"currency": order.currency, "team": user.display_name}
    return _proposal_page(request, order, form, {})


@router.post("/orders/{slug}/propose")
def send_proposal(
    request: Request, slug: str, session: SessionDep, settings: SettingsDep, user: CurrentUser,
    approach: Annotated[str, Form()] = "", team: Annotated[str, Form()] = "",
    timeline: Annotated[str, Form()] = "", cost_amount: Annotated[str, Form()] = "",
    currency: Annotated[str, Form()] = "VND", trl: Annotated[str, Form()] = "",
) -> Response:  # fmt: skip
    order = OrderQueries(session).get_visible(slug, user)
    form = {"approach": approach, "team": team, "timeline": timeline,
            "cost_amount": cost_amount.strip(), "currency": currency, "trl": trl}  # fmt: skip
    values, errors = read_numbers(form, {"cost_amount": N_("Cost")})
    given = {k: v for k, v in values.items() if v not in ("", None)}
    try:
        data = ProposalInput.model_validate(given)
        if errors:
            return _proposal_page(request, order, form, errors)
        ProposalService(session, settings).submit(user, order, data)
    except ValidationError as exc:
        errors = {str(e["loc"][0]) if e["loc"] else "form": _friendly(str(e["loc"][0]))
                  for e in exc.errors()} | errors  # fmt: skip
        return _proposal_page(request, order, form, errors)
    except DomainError as exc:
        if exc.status == 404:
            raise
        return _proposal_page(request, order, form, {exc.field or "form": exc.render(_)})
    flash(request, _("Your proposal was sent. The requester will review it."), "success")
    return redirect("/proposals/mine")


@router.get("/proposals/mine")
def my_proposals(
    request: Request, session: SessionDep, settings: SettingsDep, user: CurrentUser
) -> Response:
    rows = ProposalService(session, settings).mine(user)
    return render(request, "proposals/mine.html", rows=rows)


def _ask_first(
    request: Request, service: ProposalService, user: User | None, proposal_id: uuid.UUID,
    action: str, back: str | None,
) -> Response | None:  # fmt: skip
    """The confirmation page for an action the lifecycle would allow now; None otherwise, so
    the service refuses a disallowed one with its own 403 or 409. `back` defaults to the
    proposal on its order's review page."""
    access = service.access(user, proposal_id)
    if action not in PROPOSAL_STATES.allowed(access.proposal.status, access.roles):
        return None
    back = back or f"/orders/{access.order.slug}/proposals#p-{proposal_id}"
    page = f"/proposals/{proposal_id}/{action}"
    return confirm_page(request, f"proposal.{action}", page, back, access.order.title)


@router.post("/proposals/{proposal_id}/withdraw")
def withdraw(
    request: Request, proposal_id: uuid.UUID, session: SessionDep, settings: SettingsDep,
    user: CurrentUser, confirmed: Annotated[str, Form()] = "",
) -> Response:  # fmt: skip
    service = ProposalService(session, settings)
    if not is_confirmed(confirmed):
        asked = _ask_first(request, service, user, proposal_id, "withdraw", "/proposals/mine")
        if asked is not None:
            return asked
    service.withdraw(user, proposal_id)
    resend = {"url": f"/proposals/{proposal_id}/resend", "label": _("Send it again")}
    flash(request, _("Your proposal was withdrawn."), "info", action=resend)
    return redirect("/proposals/mine")


@router.post("/proposals/{proposal_id}/resend")
def resend(
    request: Request, proposal_id: uuid.UUID, session: SessionDep, settings: SettingsDep,
    user: CurrentUser,
) -> Response:  # fmt: skip
    """The undo of a withdrawal, offered by its flash and on the list of one's proposals."""
    ProposalService(session, settings).resend(user, proposal_id)
    flash(request, _("Your proposal was sent again. The requester will review it."), "success")
    return redirect("/proposals/mine")


@router.get("/orders/{slug}/proposals")
def review(
    request: Request, slug: str, session: SessionDep, settings: SettingsDep, user: CurrentUser
) -> Response:
    order = OrderQueries(session).get_visible(slug, user)
    service = ProposalService(session, settings)
    return render(
        request, "proposals/review.html", order=order, rows=service.for_order(user, order),
        comments=service.comments_by_proposal(user, order), next_stage=NEXT_STAGE,
    )  # fmt: skip


@router.post("/proposals/{proposal_id}/stage")
def move(
    request: Request, proposal_id: uuid.UUID, session: SessionDep, settings: SettingsDep,
    user: CurrentUser, stage: Annotated[str, Form()] = "",
) -> Response:  # fmt: skip
    service = ProposalService(session, settings)
    try:
        target = ProposalStatus(stage)
    except ValueError:
        target = ProposalStatus.submitted  # refused by the service with a clear message
    proposal = service.move(user, proposal_id, target)
    order = service.access(user, proposal.id).order
    return redirect(f"/orders/{order.slug}/proposals#p-{proposal.id}")


@router.post("/proposals/{proposal_id}/decline")
def decline(
    request: Request, proposal_id: uuid.UUID, session: SessionDep, settings: SettingsDep,
    user: CurrentUser, confirmed: Annotated[str, Form()] = "",
) -> Response:  # fmt: skip
    service = ProposalService(session, settings)
    if not is_confirmed(confirmed):
        asked = _ask_first(request, service, user, proposal_id, "decline", None)
        if asked is not None:
            return asked
    proposal = service.decline(user, proposal_id)
    flash(request, _("The proposal was declined and the expert thanked."), "info")
    return redirect(f"/orders/{service.access(user, proposal.id).order.slug}/proposals")


@router.post("/proposals/{proposal_id}/comment")
def comment(
    request: Request, proposal_id: uuid.UUID, session: SessionDep, settings: SettingsDep,
    user: CurrentUser, body: Annotated[str, Form()] = "",
) -> Response:  # fmt: skip
    service = ProposalService(session, settings)
    access = service.access(user, proposal_id)
    try:
        service.comment(user, proposal_id, body)
    except DomainError as exc:
        if exc.status != 422:
            raise
        flash(request, _("Write a comment first."), "error")
    return redirect(f"/orders/{access.order.slug}/proposals#p-{proposal_id}")
