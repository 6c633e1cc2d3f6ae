"""The reviewer desk (`/reviews`: my assignments; `/reviews/{id}`: the frozen application and
the rubric form) and the coordinators' reviewers of a call (`/calls/{reference}/reviewers`:
suggestions with exclusions and their reasons, current assignments, the assignment run, the
assignment by hand with an override reason)."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import ValidationError

from vstid.core.errors import DomainError
from vstid.core.i18n import N_, current_locale
from vstid.core.i18n import gettext as _
from vstid.matching.reviewers import run_review_assignment, suggest_reviewers
from vstid.programs.reviews.models import Recommendation
from vstid.programs.reviews.schemas import AssignInput, ReviewInput
from vstid.programs.reviews.service import ReviewService, criterion_label
from vstid.web.deps import CurrentUser, FormDep, SessionDep, SettingsDep
from vstid.web.pages.base import flash, redirect, render
from vstid.web.validation import field_of, validation_message

__all__ = ["router"]

router = APIRouter()

STATUS_LABELS = {"assigned": N_("To review"), "declined": N_("Declined"),
                 "submitted": N_("Submitted")}  # fmt: skip
RECOMMENDATIONS = {
    Recommendation.fund.value: N_("Fund"),
    Recommendation.fund_with_changes.value: N_("Fund with changes"),
    Recommendation.do_not_fund.value: N_("Do not fund"),
}


def _form(posted: FormDep) -> dict[str, str]:
    return {k: v.strip() for k, v in posted.items() if isinstance(v, str) and k != "csrf_token"}


# -- the reviewer desk --------------------------------------------------------------------------
@router.get("/reviews")
def desk(
    request: Request, session: SessionDep, settings: SettingsDep, user: CurrentUser
) -> Response:
    rows = ReviewService(session, settings).desk(user)
    return render(request, "programs/review_desk.html", rows=rows, labels=STATUS_LABELS)


def _detail(
    request: Request, service: ReviewService, user: CurrentUser, review_id: uuid.UUID,
    form: dict[str, str], errors: dict[str, str],
) -> Response:  # fmt: skip
    reading = service.reading(user, review_id)
    if not form:
        review = reading.review
        form = {f"score_{k}": str(v) for k, v in (review.scores or {}).items()}
        form |= {"recommendation": review.recommendation or "", "comment": review.comment or ""}
    return render(
        request, "programs/review_detail.html", status_code=422 if errors else 200,
        r=reading, labels=STATUS_LABELS, recommendations=RECOMMENDATIONS, form=form,
        errors=errors, levels=range(1, 6),
    )  # fmt: skip


@router.get("/reviews/{review_id}")
def detail(
    request: Request, review_id: uuid.UUID, session: SessionDep, settings: SettingsDep,
    user: CurrentUser,
) -> Response:  # fmt: skip
    return _detail(request, ReviewService(session, settings), user, review_id, {}, {})


def _review_input(form: dict[str, str]) -> dict[str, Any]:
    scores = {k.removeprefix("score_"): v for k, v in form.items() if k.startswith("score_") and v}
    return {
        "scores": scores,
        "recommendation": form.get("recommendation") or None,
        "comment": form.get("comment", ""),
    }


def _field(name: str) -> str:
    """scores.excellence → score_excellence: the form's input."""
    return "score_" + name.split(".", 1)[1] if name.startswith("scores.") else name


def _criterion_in_reader_language(
    service: ReviewService, user: CurrentUser, review_id: uuid.UUID, exc: DomainError
) -> None:
    """The service names a criterion by its English label; the form shows the reader's."""
    key = (exc.field or "").removeprefix("scores.")
    for criterion in service.reading(user, review_id).rubric:
        if criterion["key"] == key and "criterion" in exc.params:
            exc.params["criterion"] = criterion_label(criterion, current_locale())


@router.post("/reviews/{review_id}")
def write(
    request: Request, review_id: uuid.UUID, session: SessionDep, settings: SettingsDep,
    user: CurrentUser, posted: FormDep,
) -> Response:  # fmt: skip
    """Saves the draft, or submits it (button `action=submit`); a criterion to fix shows the
    form again with the message beside it and what was typed kept."""
    service = ReviewService(session, settings)
    form = _form(posted)
    errors: dict[str, str] = {}
    try:
        data = ReviewInput.model_validate(_review_input(form))
        if form.get("action") == "submit":
            service.submit(user, review_id, data)
        else:
            service.save(user, review_id, data)
    except ValidationError as exc:
        for e in exc.errors():
            errors.setdefault(_field(field_of(e)), validation_message(e, _))
    except DomainError as exc:
        if exc.status != 422:
            raise
        _criterion_in_reader_language(service, user, review_id, exc)
        errors = {_field(exc.field or "form"): exc.render(_)}
    if errors:
        return _detail(request, service, user, review_id, form, errors)
    submitted = form.get("action") == "submit"
    flash(request, _("Your review was submitted.") if submitted else _("Your draft was saved."),
          "success")  # fmt: skip
    return redirect("/reviews" if submitted else f"/reviews/{review_id}")


def _reasoned(
    request: Request, review_id: uuid.UUID, session: SessionDep, settings: SettingsDep,
    user: CurrentUser, posted: FormDep, conflict: bool,
) -> Response:  # fmt: skip
    service = ReviewService(session, settings)
    form = _form(posted)
    try:
        if conflict:
            service.declare_conflict(user, review_id, form.get("reason", ""))
        else:
            service.decline(user, review_id, form.get("reason", ""))
    except DomainError as exc:
        if exc.status != 422:
            raise
        errors = {("conflict_reason" if conflict else "decline_reason"): exc.render(_)}
        return _detail(request, service, user, review_id, {}, errors)
    flash(request, _("Your conflict of interest was recorded; the review is declined.")
          if conflict else _("You declined this review."), "success")  # fmt: skip
    return redirect("/reviews")


@router.post("/reviews/{review_id}/decline")
def decline(
    request: Request, review_id: uuid.UUID, session: SessionDep, settings: SettingsDep,
    user: CurrentUser, posted: FormDep,
) -> Response:  # fmt: skip
    return _reasoned(request, review_id, session, settings, user, posted, conflict=False)


@router.post("/reviews/{review_id}/conflict")
def declare_conflict(
    request: Request, review_id: uuid.UUID, session: SessionDep, settings: SettingsDep,
    user: CurrentUser, posted: FormDep,
) -> Response:  # fmt: skip
    return _reasoned(request, review_id, session, settings, user, posted, conflict=True)


# -- the coordinators' reviewers of a call ------------------------------------------------------
def _console(
    request: Request, service: ReviewService, user: CurrentUser, reference: str,
    form: dict[str, str], errors: dict[str, str], status_code: int = 200,
) -> Response:  # fmt: skip
    call = service.staff_call(user, reference)
    applications = service.applications_under_review(call)
    views = service.views(user, service.assignments(applications))
    rows = [
        {
            "application": a,
            "suggestions": suggest_reviewers(service.session, service.settings, a),
            "reviews": [v for v in views if v.review.application_id == a.id],
            "scores": service.scores_by_agency(a),
        }
        for a in applications
    ]
    countries = {a.id: a.country for a in service.owner_agencies(call)}
    return render(
        request, "programs/review_console.html", status_code=status_code, call=call,
        rows=rows, countries=countries, labels=STATUS_LABELS, recommendations=RECOMMENDATIONS,
        form=form, errors=errors,
    )  # fmt: skip


@router.get("/calls/{reference}/reviewers")
def console(
    request: Request, reference: str, session: SessionDep, settings: SettingsDep,
    user: CurrentUser,
) -> Response:  # fmt: skip
    return _console(request, ReviewService(session, settings), user, reference, {}, {})


@router.post("/calls/{reference}/reviewers/plan")
def run_plan(
    request: Request, reference: str, session: SessionDep, settings: SettingsDep,
    user: CurrentUser,
) -> Response:  # fmt: skip
    try:
        plan, added = run_review_assignment(session, settings, user, reference)
    except DomainError as exc:
        if exc.status not in (409, 422):
            raise
        flash(request, exc.render(_), "error")
        return redirect(f"/calls/{reference}/reviewers")
    message = _("Reviewers assigned: %(count)s.") % {"count": len(added)}
    if unmet := plan.unmet():
        message += " " + _(
            "Applications still without a reviewer from %(countries)s: %(count)s."
        ) % {
            "countries": ", ".join(sorted({c for g in unmet.values() for c in g})),
            "count": len(unmet),
        }
    flash(request, message, "warning" if unmet else "success")
    return redirect(f"/calls/{reference}/reviewers")


@router.post("/calls/{reference}/reviewers")
def assign(
    request: Request, reference: str, session: SessionDep, settings: SettingsDep,
    user: CurrentUser, posted: FormDep,
) -> Response:  # fmt: skip
    """Assign by hand; an expert with a conflict comes back with the reasons and a field for
    the override reason."""
    service = ReviewService(session, settings)
    form = _form(posted)
    try:
        data = AssignInput.model_validate({k: v for k, v in form.items() if v})
        service.assign(user, reference, data)
    except ValidationError:
        flash(request, _("Choose an application and an expert."), "error")
        return redirect(f"/calls/{reference}/reviewers")
    except DomainError as exc:
        if exc.status not in (409, 422):
            raise
        errors = {form.get("application_id", ""): exc.render(_)}
        return _console(request, service, user, reference, form, errors, exc.status)
    flash(request, _("The reviewer was assigned."), "success")
    return redirect(f"/calls/{reference}/reviewers")


@router.post("/reviews/{review_id}/remove")
def remove(
    request: Request, review_id: uuid.UUID, session: SessionDep, settings: SettingsDep,
    user: CurrentUser, posted: FormDep,
) -> Response:  # fmt: skip
    service = ReviewService(session, settings)
    reference = _form(posted).get("call", "")
    service.remove(user, review_id)
    flash(request, _("The assignment was removed."), "success")
    return redirect(f"/calls/{reference}/reviewers" if reference else "/reviews")
