from __future__ import annotations

from datetime import date

from sqlalchemy import select

from vstid.core.repository import Repository
from vstid.rates.models import ExchangeRate

__all__ = ["RateRepository"]


class RateRepository(Repository[ExchangeRate]):
    model = ExchangeRate

    def valid_on(self, currency: str, quote: str, on: date) -> ExchangeRate | None:
        """The rate of the pair valid on the day. When several are (two sources, a budget
        rate inside a yearly one), the one that began last wins, then the last recorded."""
        stmt = (
            select(ExchangeRate)
            .where(
                ExchangeRate.currency == currency,
                ExchangeRate.quote == quote,
                ExchangeRate.valid_from <= on,
                ExchangeRate.valid_to >= on,
            )
            .order_by(ExchangeRate.valid_from.desc(), ExchangeRate.created_at.desc())
            .limit(1)
        )
        return self.session.scalars(stmt).first()

    def same(
        self, currency: str, quote: str, valid_from: date, valid_to: date, source: str
    ) -> ExchangeRate | None:
        """The rate already recorded for this pair, period and source, if any."""
        return self.get_by(
            currency=currency, quote=quote, valid_from=valid_from, valid_to=valid_to,
            source=source,
        )  # fmt: skip

    def newest_first(self, limit: int = 500) -> list[ExchangeRate]:
        stmt = (
            select(ExchangeRate)
            .order_by(ExchangeRate.currency, ExchangeRate.quote)
            .order_by(ExchangeRate.valid_from.desc(), ExchangeRate.created_at.desc())
            .limit(limit)
        )
        return list(self.list(stmt))
