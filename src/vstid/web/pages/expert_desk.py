"""The expert's desk: the "for you" feed, invitations to answer, sending and withdrawing
proposals, and the list of one's own proposals."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from pydantic import ValidationError

from vstid.core.errors import DomainError, NotFound
from vstid.core.i18n import gettext as _
from vstid.invitations.service import InvitationService
from vstid.matching.feed import ExpertFeed
from vstid.orders.models import Currency
from vstid.orders.service import OrderQueries
from vstid.proposals.schemas import ProposalInput
from vstid.proposals.service import ProposalService
from vstid.taxonomy.repository import FieldRepository
from vstid.web.deps import CurrentUser, SessionDep, SettingsDep
from vstid.web.pages.base import flash, redirect, render

__all__ = ["router"]

router = APIRouter()


@router.get("/feed")
def feed(
    request: Request, session: SessionDep, settings: SettingsDep, user: CurrentUser
) -> Response:
    items = ExpertFeed(session, settings).for_user(user)
    return render(
        request, "feed/feed.html", items=items, field_labels=FieldRepository(session).labels()
    )


@router.get("/invitations")
def invitations(
    request: Request, session: SessionDep, settings: SettingsDep, user: CurrentUser
) -> Response:
    views = InvitationService(session, settings).mine(user)
    return render(request, "feed/invitations.html", views=views)


@router.post("/invitations/{invitation_id}/{answer}")
def answer(
    request: Request,
    invitation_id: uuid.UUID,
    answer: str,
    session: SessionDep,
    settings: SettingsDep,
    user: CurrentUser,
) -> Response:
    if answer not in ("accept", "decline"):
        raise NotFound("page not found")
    InvitationService(session, settings).answer(user, invitation_id, answer == "accept")
    if answer == "accept":
        flash(
            request,
            _("Invitation accepted. You can now ask questions and send a proposal."),
            "success",
        )
    else:
        flash(request, _("Invitation declined. Thank you for letting the requester know."), "info")
    return redirect("/invitations")


def _proposal_page(
    request: Request, order: Any, form: dict[str, Any], errors: dict[str, str]
) -> Response:
    return render(
        request,
        "proposals/form.html",
        status_code=422 if errors else 200,
        order=order,
        form=form,
        errors=errors,
        currencies=[c.value for c in Currency],
    )


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
    return _proposal_page(
        request, order, {"currency": order.currency, "team": user.display_name}, {}
    )


@router.post("/orders/{slug}/propose")
def send_proposal(
    request: Request,
    slug: str,
    session: SessionDep,
    settings: SettingsDep,
    user: CurrentUser,
    approach: Annotated[str, Form()] = "",
    team: Annotated[str, Form()] = "",
    timeline: Annotated[str, Form()] = "",
    cost_amount: Annotated[str, Form()] = "",
    currency: Annotated[str, Form()] = "VND",
    trl: Annotated[str, Form()] = "",
) -> Response:
    order = OrderQueries(session).get_visible(slug, user)
    form = {
        "approach": approach,
        "team": team,
        "timeline": timeline,
        "cost_amount": cost_amount.replace(",", "").strip(),
        "currency": currency,
        "trl": trl,
    }
    try:
        data = ProposalInput.model_validate({k: v for k, v in form.items() if v != ""})
        ProposalService(session, settings).submit(user, order, data)
    except ValidationError as exc:
        errors = {
            str(e["loc"][0]) if e["loc"] else "form": _friendly(str(e["loc"][0]))
            for e in exc.errors()
        }
        return _proposal_page(request, order, form, errors)
    except DomainError as exc:
        if exc.status == 404:
            raise
        return _proposal_page(request, order, form, {exc.field or "form": _(exc.message)})
    flash(request, _("Your proposal was sent. The requester will review it."), "success")
    return redirect("/proposals/mine")


@router.get("/proposals/mine")
def my_proposals(
    request: Request, session: SessionDep, settings: SettingsDep, user: CurrentUser
) -> Response:
    rows = ProposalService(session, settings).mine(user)
    return render(request, "proposals/mine.html", rows=rows)


@router.post("/proposals/{proposal_id}/withdraw")
def withdraw(
    request: Request,
    proposal_id: uuid.UUID,
    session: SessionDep,
    settings: SettingsDep,
    user: CurrentUser,
) -> Response:
    ProposalService(session, settings).withdraw(user, proposal_id)
    flash(request, _("Your proposal was withdrawn."), "info")
    return redirect("/proposals/mine")
