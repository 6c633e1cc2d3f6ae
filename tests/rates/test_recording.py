"""Recording rates: one at a time (the same rate twice is recorded once, another figure for
the same pair, period and source is a conflict), or a CSV file, all or nothing, each bad cell
named by line and column."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.builders import make_user
from vstid.accounts.models import Role
from vstid.core.errors import Conflict, Forbidden
from vstid.rates.models import ExchangeRate
from vstid.rates.schemas import RateInput
from vstid.rates.service import RateFileError, RateService

GOOD = (
    "currency,quote,rate,valid_from,valid_to,source\n"
    "JPY,VND,168.5,2026-04-01,2027-03-31,JST budget rate\n"
    "USD,VND,25000,2026-01-01,2026-12-31,State Bank of Vietnam central rate\n"
)


def _count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(ExchangeRate)) or 0)


def _rate(**kw: object) -> RateInput:
    body = {"currency": "JPY", "quote": "VND", "rate": "168.5", "valid_from": "2026-04-01",
            "valid_to": "2027-03-31", "source": "JST budget rate"} | kw  # fmt: skip
    return RateInput.model_validate(body)


def test_a_rate_is_recorded_once_and_a_different_figure_conflicts(session: Session) -> None:
    coordinator = make_user(session, Role.coordinator)
    rates = RateService(session)
    first, created = rates.add(coordinator, _rate())
    assert created and first.entered_by_id == coordinator.id
    again, created = rates.add(coordinator, _rate(rate="168.50"))
    assert again.id == first.id and not created
    with pytest.raises(Conflict):
        rates.add(coordinator, _rate(rate="170"))
    with pytest.raises(Forbidden):
        rates.add(make_user(session, Role.expert), _rate(source="Other"))
    assert _count(session) == 1


def test_a_csv_import_is_idempotent(session: Session) -> None:
    admin = make_user(session, Role.admin)
    rates = RateService(session)
    first = rates.import_csv(admin, GOOD.encode())
    assert (first.created, first.unchanged) == (2, 0)
    second = rates.import_csv(admin, ("\ufeff" + GOOD).encode())  # a BOM changes nothing
    assert (second.created, second.unchanged) == (0, 2)
    assert _count(session) == 2
    jpy = session.scalars(select(ExchangeRate).where(ExchangeRate.currency == "JPY")).one()
    assert (jpy.rate, jpy.valid_to) == (Decimal("168.5"), date(2027, 3, 31))


def test_a_csv_with_errors_names_line_and_column_and_saves_nothing(session: Session) -> None:
    admin = make_user(session, Role.admin)
    content = GOOD + (
        "GBP,VND,30000,2026-01-01,2026-12-31,Bank\n"  # line 4: currency
        "KRW,JPY,0.1,2026-01-01,2026-12-31,Bank\n"  # line 5: quote
        "KRW,VND,-18,2026-01-01,2026-12-31,Bank\n"  # line 6: rate
        "KRW,VND,18,2026-13-01,2026-12-31,Bank\n"  # line 7: valid_from
        "KRW,VND,18,2026-06-01,2026-01-31,Bank\n"  # line 8: valid_to before valid_from
        "JPY,VND,170,2026-04-01,2027-03-31,JST budget rate\n"  # line 9: clashes with line 2
    )
    with pytest.raises(RateFileError) as refused:
        RateService(session).import_csv(admin, content.encode())
    assert [(p.line, p.column) for p in refused.value.problems] == [
        (4, "currency"), (5, "quote"), (6, "rate"), (7, "valid_from"), (8, "valid_to"),
        (9, "rate"),
    ]  # fmt: skip
    assert refused.value.problems[0].render().startswith("line 4, column currency: “GBP”")
    assert _count(session) == 0


def test_a_header_without_a_column_is_refused(session: Session) -> None:
    admin = make_user(session, Role.admin)
    with pytest.raises(RateFileError) as refused:
        RateService(session).import_csv(admin, b"currency,quote,rate,valid_from,source\nx\n")
    assert [(p.line, p.column) for p in refused.value.problems] == [(1, "valid_to")]
    with pytest.raises(RateFileError) as clashing:  # an existing different figure
        RateService(session).import_csv(admin, GOOD.encode())
        RateService(session).import_csv(admin, GOOD.replace("168.5", "169").encode())
    assert [(p.line, p.column) for p in clashing.value.problems] == [(2, "rate")]
