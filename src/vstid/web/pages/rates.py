"""The exchange rates page: the recorded rates (anyone signed in reads them: totals cite them),
and for coordinators and admins a form to record one and a CSV import, all or nothing."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Request, UploadFile
from fastapi.responses import Response
from pydantic import ValidationError

from vstid.core.errors import DomainError, ValidationFailed
from vstid.core.i18n import N_
from vstid.core.i18n import gettext as _
from vstid.rates.models import Currency, QuoteCurrency
from vstid.rates.permissions import may_record_rates, require_rate_keeper
from vstid.rates.schemas import RateInput
from vstid.rates.service import COLUMNS, RateFileError, RateService
from vstid.web.deps import CurrentUser, FormDep, SessionDep, SettingsDep
from vstid.web.forms import read_dates, read_numbers
from vstid.web.pages.base import flash, redirect, render
from vstid.web.uploads import read_upload
from vstid.web.validation import field_of, validation_message

__all__ = ["router"]

router = APIRouter()
FIELDS = ("currency", "quote", "rate", "valid_from", "valid_to", "source")


def _page(
    request: Request, session: SessionDep, user: Any, form: dict[str, str],
    errors: dict[str, str], file_errors: list[str] | None = None,
) -> Response:  # fmt: skip
    failed = bool(errors or file_errors)
    return render(
        request, "rates/index.html", status_code=422 if failed else 200,
        rates=RateService(session).recorded(user), can_record=may_record_rates(user),
        form=form, errors=errors, file_errors=file_errors or [], columns=",".join(COLUMNS),
        currencies=[c.value for c in Currency], quotes=[q.value for q in QuoteCurrency],
    )  # fmt: skip


@router.get("/rates")
def rates_page(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    return _page(request, session, user, {"currency": "JPY", "quote": "VND"}, {})


@router.post("/rates")
def add_rate(request: Request, session: SessionDep, user: CurrentUser, posted: FormDep) -> Response:
    require_rate_keeper(user)
    form = {k: str(posted.get(k) or "").strip() for k in FIELDS}
    values, errors = read_numbers({k: v for k, v in form.items() if v}, {"rate": N_("Rate")})
    values, wrong_dates = read_dates(
        values, {"valid_from": N_("Valid from"), "valid_to": N_("Valid to")}
    )
    errors |= wrong_dates
    if not errors:
        try:
            data = RateInput.model_validate({k: v for k, v in values.items() if v is not None})
            _rate, created = RateService(session).add(user, data)
        except ValidationError as exc:
            errors = {field_of(e): validation_message(e, _) for e in exc.errors()}
        except DomainError as exc:
            if exc.status not in (409, 422):
                raise
            errors = {exc.field or "form": exc.render(_)}
        else:
            done = _("The rate was recorded.") if created else _("This rate was already recorded.")
            flash(request, done, "success")
            return redirect("/rates")
    return _page(request, session, user, form, errors)


@router.post("/rates/import")
def import_rates(
    request: Request, session: SessionDep, settings: SettingsDep, user: CurrentUser,
    file: Annotated[UploadFile, File()],
) -> Response:  # fmt: skip
    require_rate_keeper(user)
    content = read_upload(file, settings.max_upload_bytes)
    if len(content) > settings.max_upload_bytes:
        raise ValidationFailed(N_("the file is too large"), field="file")
    try:
        result = RateService(session).import_csv(user, content)
    except RateFileError as exc:
        lines = [exc.render(_), *(p.render(_) for p in exc.problems)]
        return _page(request, session, user, {}, {}, lines)
    flash(
        request,
        _("%(created)s rate(s) recorded, %(unchanged)s already there.")
        % {"created": result.created, "unchanged": result.unchanged},
        "success",
    )
    return redirect("/rates")
