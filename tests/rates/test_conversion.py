"""Converting at recorded rates: direct, inverse, or across VND/USD; exact Decimals rounded to
the target's minor unit; the rate valid on the day; a missing rate refused, naming it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy.orm import Session

from tests.projects.funding_helpers import add_rate
from vstid.core.errors import ValidationFailed
from vstid.rates.service import RateService

D = Decimal


def test_direct_inverse_and_cross_conversions_are_exact(session: Session) -> None:
    jpy = add_rate(session, "JPY", "VND", "168.5")
    usd = add_rate(session, "USD", "VND", "25000")
    rates = RateService(session)
    on = date(2026, 6, 30)

    yen = rates.convert(D("1000000"), "JPY", on)
    assert yen.vnd.amount == D("168500000")  # direct: 1 JPY = 168.5 VND
    assert [(s.rate.id, s.inverse) for s in yen.vnd.steps] == [(jpy.id, False)]
    assert yen.usd.amount == D("6740.00")  # cross: JPY → VND → USD (168 500 000 / 25 000)
    assert [(s.rate.id, s.inverse) for s in yen.usd.steps] == [(jpy.id, False), (usd.id, True)]
    assert [r.id for r in yen.rates] == [jpy.id, usd.id]

    dong = rates.convert(D("50000000"), "VND", on)
    assert dong.vnd.amount == D("50000000") and dong.vnd.steps == ()
    assert dong.usd.amount == D("2000.00")  # inverse of USD→VND
    assert dong.usd.steps[0].inverse

    assert rates.convert_to(D("3370"), "VND", "JPY", on).amount == D("20")  # inverse, 0 digits


def test_a_cross_through_usd(session: Session) -> None:
    add_rate(session, "KRW", "USD", "0.00075")
    add_rate(session, "USD", "VND", "25000")
    converted = RateService(session).convert(D("100000000"), "KRW", date(2026, 3, 1))
    assert converted.usd.amount == D("75000.00")
    assert converted.vnd.amount == D("1875000000")  # KRW → USD → VND


def test_the_rate_valid_on_the_day_is_used(session: Session) -> None:
    add_rate(session, "JPY", "VND", "160", date(2025, 1, 1), date(2025, 12, 31))
    add_rate(session, "JPY", "VND", "170", date(2026, 1, 1), date(2026, 12, 31))
    rates = RateService(session)
    assert rates.convert_to(D("10"), "JPY", "VND", date(2025, 12, 31)).amount == D("1600")
    assert rates.convert_to(D("10"), "JPY", "VND", date(2026, 1, 1)).amount == D("1700")


def test_a_missing_rate_is_refused_naming_the_currency_and_day(session: Session) -> None:
    add_rate(session, "JPY", "VND", "168.5")
    with pytest.raises(ValidationFailed) as refused:
        RateService(session).convert(D("1"), "JPY", date(2027, 3, 31))
    assert str(refused.value) == "no JPY→VND rate recorded for 2027-03-31"
    assert refused.value.field == "currency"
    with pytest.raises(ValidationFailed) as no_usd:  # JPY→VND known, but no way to USD
        RateService(session).convert(D("1"), "JPY", date(2026, 5, 1))
    assert str(no_usd.value) == "no JPY→USD rate recorded for 2026-05-01"
    with pytest.raises(ValidationFailed, match="EUR→VND"):
        RateService(session).convert(D("1"), "EUR", date(2026, 5, 1))
