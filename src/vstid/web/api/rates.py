"""Recorded exchange rates: read by anyone signed in, recorded by coordinators and admins one
at a time or from a CSV file (all or nothing), and a conversion that names the rates used."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, File, Query, Response, UploadFile

from vstid.core.errors import ValidationFailed
from vstid.core.i18n import N_
from vstid.rates.models import Currency
from vstid.rates.permissions import require_reader
from vstid.rates.schemas import (
    ConversionOut,
    ImportOut,
    RateInput,
    RateOut,
    conversion_out,
)
from vstid.rates.service import RateService
from vstid.web.deps import CurrentUser, SessionDep, SettingsDep
from vstid.web.uploads import read_upload

__all__ = ["router"]

router = APIRouter(tags=["rates"])


@router.get("/rates", response_model=list[RateOut])
def list_rates(user: CurrentUser, session: SessionDep) -> Any:
    return [RateOut.model_validate(r) for r in RateService(session).recorded(user)]


@router.post("/rates", response_model=RateOut, status_code=201)
def add_rate(data: RateInput, user: CurrentUser, session: SessionDep, response: Response) -> Any:
    """201 when recorded; 200 when the same rate was already there (nothing recorded twice);
    409 when another figure is recorded for the same pair, period and source."""
    rate, created = RateService(session).add(user, data)
    if not created:
        response.status_code = 200
    return RateOut.model_validate(rate)


@router.post("/rates/import", response_model=ImportOut)
def import_rates(
    user: CurrentUser, session: SessionDep, settings: SettingsDep,
    file: Annotated[UploadFile, File()],
) -> Any:  # fmt: skip
    """A CSV file with the columns currency,quote,rate,valid_from,valid_to,source. A file with
    any bad cell is refused whole (422, each error naming its line and column)."""
    content = read_upload(file, settings.max_upload_bytes)
    if len(content) > settings.max_upload_bytes:
        raise ValidationFailed(N_("the file is too large"), field="file")
    result = RateService(session).import_csv(user, content)
    return ImportOut(created=result.created, unchanged=result.unchanged)


@router.get("/rates/convert", response_model=ConversionOut)
def convert(
    user: CurrentUser, session: SessionDep,
    amount: Annotated[Decimal, Query(ge=0)], currency: Currency, on: date,
) -> Any:  # fmt: skip
    """`amount` of `currency` in VND and USD at the rates valid on `on`; 422 naming the
    currency and the day when no rate was recorded."""
    require_reader(user)
    return conversion_out(RateService(session).convert(amount, currency.value, on))
