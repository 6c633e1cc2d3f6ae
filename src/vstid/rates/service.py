"""Recording exchange rates (one at a time, or a CSV file all or nothing) and converting with
them. A conversion says which recorded rate(s) it used; a missing rate is refused, naming the
currency and the day. Never commits."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from sqlalchemy.orm import Session

from vstid.audit.service import Auditor
from vstid.core.actor import Actor
from vstid.core.errors import Conflict, ValidationFailed
from vstid.core.i18n import N_
from vstid.rates.models import MINOR_UNITS, Currency, ExchangeRate, QuoteCurrency
from vstid.rates.permissions import require_rate_keeper, require_reader
from vstid.rates.repository import RateRepository
from vstid.rates.schemas import RateInput

__all__ = [
    "COLUMNS",
    "Conversion",
    "Converted",
    "ImportResult",
    "RateFileError",
    "RateProblem",
    "RateService",
    "Step",
    "missing_rate",
]

COLUMNS = ("currency", "quote", "rate", "valid_from", "valid_to", "source")
PIVOTS = (QuoteCurrency.VND.value, QuoteCurrency.USD.value)
MAX_ROWS = 5000
NO_RATE = N_("no %(currency)s→%(quote)s rate recorded for %(date)s")
DIFFERENT_RATE = N_(
    "a different rate of %(currency)s in %(quote)s is already recorded for this period and source"
)


def missing_rate(currency: str, quote: str, on: date) -> ValidationFailed:
    return ValidationFailed(
        NO_RATE, field="currency",
        params={"currency": currency, "quote": quote, "date": on.isoformat()},
    )  # fmt: skip


@dataclass(frozen=True)
class Step:
    """One recorded rate applied: multiplied by, or divided by when `inverse`."""

    rate: ExchangeRate
    inverse: bool

    def apply(self, value: Decimal) -> Decimal:
        return value / self.rate.rate if self.inverse else value * self.rate.rate


@dataclass(frozen=True)
class Converted:
    amount: Decimal
    currency: str
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class Conversion:
    """An amount in VND and in USD on a day, with the rates each used."""

    amount: Decimal
    currency: str
    on: date
    vnd: Converted
    usd: Converted

    @property
    def rates(self) -> list[ExchangeRate]:
        """Every recorded rate used, once, in the order used."""
        seen: dict[object, ExchangeRate] = {}
        for step in (*self.vnd.steps, *self.usd.steps):
            seen.setdefault(step.rate.id, step.rate)
        return list(seen.values())


@dataclass(frozen=True)
class RateProblem:
    """One bad cell of an imported file: its line (the header is line 1) and column."""

    line: int
    column: str
    message: str  # an N_-marked id with %(line)s and %(column)s, and `params`' names
    params: Mapping[str, object] = field(default_factory=dict)

    def render(self, translate: Any = str) -> str:
        return str(translate(self.message)) % {
            "line": self.line, "column": self.column, **self.params,
        }  # fmt: skip


class RateFileError(ValidationFailed):
    """A file with bad rows: every problem is listed, and nothing of the file was saved."""

    def __init__(self, problems: list[RateProblem]) -> None:
        super().__init__(
            N_("the file has %(count)s error(s); nothing was saved"), field="file",
            params={"count": len(problems)},
        )  # fmt: skip
        self.problems = problems

    def as_dict(self, translate: Any = str) -> dict[str, object]:
        body = super().as_dict(translate)
        body["errors"] = [
            {"line": p.line, "column": p.column, "message": p.render(translate)}
            for p in self.problems
        ]
        return body


@dataclass(frozen=True)
class ImportResult:
    created: int
    unchanged: int


_CURRENCIES = ", ".join(c.value for c in Currency)
BAD = {
    "currency": N_("line %(line)s, column %(column)s: “%(value)s” is not one of %(allowed)s"),
    "quote": N_("line %(line)s, column %(column)s: “%(value)s” is not one of %(allowed)s"),
    "rate": N_("line %(line)s, column %(column)s: “%(value)s” is not a number greater than 0"),
    "valid_from": N_("line %(line)s, column %(column)s: “%(value)s” is not a date (YYYY-MM-DD)"),
    "valid_to": N_("line %(line)s, column %(column)s: “%(value)s” is not a date (YYYY-MM-DD)"),
    "source": N_("line %(line)s, column %(column)s: the source is missing or too long"),
}
SAME_CURRENCY = N_("line %(line)s, column %(column)s: a currency is not quoted in itself")
ENDS_BEFORE = N_("line %(line)s, column %(column)s: the period ends before it starts")
CLASHES = N_(
    "line %(line)s, column %(column)s: a different rate is already recorded for this "
    "currency, quote, period and source"
)
MISSING_COLUMNS = N_("line %(line)s, column %(column)s: the header row lacks this column")
UNKNOWN_COLUMN = N_("line %(line)s, column %(column)s: unknown column")
NOT_TEXT = N_("line %(line)s, column %(column)s: the file is not UTF-8 text")
EMPTY_FILE = N_("line %(line)s, column %(column)s: the file has no rows")
TOO_MANY = N_("line %(line)s, column %(column)s: a file takes at most %(max)s rows")
MALFORMED = N_("line %(line)s, column %(column)s: malformed CSV")


def _number(text: str) -> Decimal | None:
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    if not value.is_finite() or value <= 0 or value.as_tuple().exponent < -10:  # type: ignore[operator]
        return None
    return value


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _row_input(line: int, cells: Mapping[str, str]) -> tuple[RateInput | None, list[RateProblem]]:
    """A file row as a rate, or each of its bad cells."""
    problems: list[RateProblem] = []

    def bad(column: str, message: str | None = None, **params: object) -> None:
        value = cells.get(column, "")
        problems.append(
            RateProblem(line, column, message or BAD[column], {"value": value, **params})
        )

    currency, quote = cells["currency"].upper(), cells["quote"].upper()
    if currency not in {c.value for c in Currency}:
        bad("currency", allowed=_CURRENCIES)
    if quote not in PIVOTS:
        bad("quote", allowed=", ".join(PIVOTS))
    elif quote == currency:
        bad("quote", SAME_CURRENCY)
    rate = _number(cells["rate"])
    if rate is None:
        bad("rate")
    start, end = _day(cells["valid_from"]), _day(cells["valid_to"])
    if start is None:
        bad("valid_from")
    if end is None:
        bad("valid_to")
    elif start is not None and end < start:
        bad("valid_to", ENDS_BEFORE)
    source = " ".join(cells["source"].split())
    if not 2 <= len(source) <= 200:
        bad("source")
    if problems:
        return None, problems
    data = RateInput.model_validate(
        {"currency": currency, "quote": quote, "rate": rate, "valid_from": start,
         "valid_to": end, "source": source}
    )  # fmt: skip
    return data, []


def _key(data: RateInput) -> tuple[str, str, date, date, str]:
    return (data.currency.value, data.quote.value, data.valid_from, data.valid_to, data.source)


class RateService:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.repo = RateRepository(session)
        self.audit = Auditor(session, "exchange_rate")

    # -- reading ---------------------------------------------------------------------------
    def recorded(self, actor: Actor | None) -> list[ExchangeRate]:
        require_reader(actor)
        return self.repo.newest_first()

    def convert(self, amount: Decimal, currency: str, on: date) -> Conversion:
        """`amount` of `currency` in VND and in USD, at the rates valid on `on`: a recorded
        rate of the pair, its inverse, or a cross through VND or USD. Each result is rounded
        to its currency's minor unit; the rates used come with it."""
        return Conversion(
            amount=amount, currency=currency, on=on,
            vnd=self.convert_to(amount, currency, QuoteCurrency.VND.value, on),
            usd=self.convert_to(amount, currency, QuoteCurrency.USD.value, on),
        )  # fmt: skip

    def convert_to(self, amount: Decimal, currency: str, target: str, on: date) -> Converted:
        steps = self.path(currency, target, on)
        value = Decimal(amount)
        for step in steps:
            value = step.apply(value)
        unit = Decimal(1).scaleb(-MINOR_UNITS.get(target, 2))
        return Converted(value.quantize(unit, rounding=ROUND_HALF_UP), target, steps)

    def path(self, currency: str, target: str, on: date) -> tuple[Step, ...]:
        """The recorded rates from `currency` to `target` on the day; ValidationFailed naming
        the pair and the day when there is none."""
        if currency == target:
            return ()
        direct = self._step(currency, target, on)
        if direct is not None:
            return (direct,)
        for pivot in PIVOTS:
            if pivot in (currency, target):
                continue
            first, second = self._step(currency, pivot, on), self._step(pivot, target, on)
            if first is not None and second is not None:
                return (first, second)
        raise missing_rate(currency, target, on)

    def _step(self, currency: str, target: str, on: date) -> Step | None:
        rate = self.repo.valid_on(currency, target, on)
        if rate is not None:
            return Step(rate, inverse=False)
        rate = self.repo.valid_on(target, currency, on)
        return Step(rate, inverse=True) if rate is not None else None

    # -- recording -------------------------------------------------------------------------
    def add(self, actor: Actor | None, data: RateInput) -> tuple[ExchangeRate, bool]:
        """Records a rate; the same rate again is not recorded twice (False: it was there).
        A different figure for the same pair, period and source is a conflict."""
        keeper = require_rate_keeper(actor)
        existing = self.repo.same(*_key(data))
        if existing is not None:
            if Decimal(existing.rate) == data.rate:
                return existing, False
            raise Conflict(
                DIFFERENT_RATE, field="rate",
                params={"currency": data.currency.value, "quote": data.quote.value},
            )  # fmt: skip
        rate = self._record(keeper, data)
        self.audit(keeper.id, "rate.add", rate.id, **self._summary(rate))
        return rate, True

    def import_csv(self, actor: Actor | None, content: bytes) -> ImportResult:
        """A CSV file of rates (columns currency,quote,rate,valid_from,valid_to,source), all
        or nothing: every bad cell is reported by line and column and then nothing is saved.
        Rows already recorded are skipped, so importing a file twice records it once."""
        keeper = require_rate_keeper(actor)
        rows, problems = self._read(content)
        if problems:
            raise RateFileError(problems)
        created = unchanged = 0
        for data in rows:
            if self.repo.same(*_key(data)) is not None:
                unchanged += 1
                continue
            self._record(keeper, data)
            created += 1
        self.audit(keeper.id, "rate.import", None, created=created, unchanged=unchanged)
        return ImportResult(created, unchanged)

    def _read(self, content: bytes) -> tuple[list[RateInput], list[RateProblem]]:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            return [], [RateProblem(1, "file", NOT_TEXT)]
        reader = csv.reader(io.StringIO(text, newline=""))
        try:
            records = [(reader.line_num, cells) for cells in reader]
        except csv.Error:
            return [], [RateProblem(reader.line_num, "file", MALFORMED)]
        records = [(n, cells) for n, cells in records if any(c.strip() for c in cells)]
        if len(records) < 2:
            return [], [RateProblem(1, "file", EMPTY_FILE)]
        if len(records) > MAX_ROWS + 1:
            return [], [RateProblem(1, "file", TOO_MANY, {"max": MAX_ROWS})]
        names = [c.strip().lower() for c in records[0][1]]
        problems = [RateProblem(1, c, MISSING_COLUMNS) for c in COLUMNS if c not in names]
        problems += [RateProblem(1, c, UNKNOWN_COLUMN) for c in names if c not in COLUMNS]
        if problems:
            return [], problems
        rows: list[RateInput] = []
        seen: dict[tuple[str, str, date, date, str], Decimal] = {}
        for line, cells in records[1:]:
            values = {name: (cells[i].strip() if i < len(cells) else "") for i, name in
                      enumerate(names)}  # fmt: skip
            data, wrong = _row_input(line, values)
            problems += wrong
            if data is None:
                continue
            key = _key(data)
            recorded = self.repo.same(*key)
            known = seen.get(key, Decimal(recorded.rate) if recorded is not None else None)
            if known is not None and known != data.rate:
                problems.append(RateProblem(line, "rate", CLASHES))
                continue
            if key not in seen:
                seen[key] = data.rate
                rows.append(data)
        return rows, problems

    def _record(self, keeper: Actor, data: RateInput) -> ExchangeRate:
        return self.repo.add(
            ExchangeRate(
                currency=data.currency.value, quote=data.quote.value, rate=data.rate,
                valid_from=data.valid_from, valid_to=data.valid_to, source=data.source,
                entered_by_id=keeper.id,
            )
        )  # fmt: skip

    @staticmethod
    def _summary(rate: ExchangeRate) -> dict[str, str]:
        return {
            "currency": rate.currency, "quote": rate.quote, "rate": str(rate.rate),
            "valid_from": rate.valid_from.isoformat(), "valid_to": rate.valid_to.isoformat(),
            "source": rate.source,
        }  # fmt: skip
