"""What blocks a submission, as pure checks on plain values: each returns the problems it finds
as (field, message id, params), so a page shows them all at once and the service refuses with
the first. Nothing here reads the database or writes.

The call's deadline comes from `programs.calls.deadlines`, the one place that knows the grace
period and the zones' short names."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date
from babel.numbers import format_currency

from vstid.core.i18n import N_
from vstid.core.models import as_utc
from vstid.programs.applications.models import MemberRole, MemberStatus
from vstid.programs.calls.deadlines import (
    accepts_submissions,
    deadline_in_zones,
    effective_close,
    format_in_zone,
    reader_zone,
)
from vstid.programs.calls.models import Call, CallKind, CallStatus

__all__ = [
    "AgencyFacts",
    "MemberFacts",
    "Problem",
    "accepts_submissions",
    "answer_problems",
    "budget_problems",
    "budget_totals",
    "deadline_in_zones",
    "deadline_problem",
    "document_problems",
    "eligibility_problems",
    "label_of",
    "member_problems",
    "money",
    "reader_zone",
    "shared_problems",
]


@dataclass(frozen=True)
class Problem:
    """One thing that blocks a submission: the field to fix, an N_ message id, its values."""

    field: str
    message: str
    params: dict[str, object] = dataclasses.field(default_factory=dict)


@dataclass(frozen=True)
class AgencyFacts:
    """An owner agency of the call's program, with its ceiling for one application."""

    id: str
    name: str
    country: str
    ceiling: Decimal | None
    currency: str | None


def label_of(item: Mapping[str, Any], locale: str) -> str:
    """A question's or document's label in the reader's language (else English, else key)."""
    labels = item.get("label") or {}
    if isinstance(labels, str):
        return labels
    return str(labels.get(locale) or labels.get("en") or item.get("key", ""))


def money(amount: Decimal, currency: str, locale: str) -> str:
    return format_currency(amount, currency, locale=locale)


# -- the deadline ---------------------------------------------------------------------------
def deadline_problem(call: Call, now: datetime, reader_zone: str, locale: str) -> Problem | None:
    """ "the call closed at 17:00 JST (15:00 ICT) on 1 Mar 2027": in the call's zone first."""
    if accepts_submissions(call, now):
        return None
    if as_utc(now) < as_utc(call.opens_at) and call.status in (
        CallStatus.open.value,
        CallStatus.forecast.value,
    ):
        return Problem("deadline", N_("the call is not open for submissions yet"))
    own_time = format_in_zone(call.closes_at, call.timezone, locale, time_only=True)
    reader_time = format_in_zone(call.closes_at, reader_zone, locale, time_only=True)
    own_day = format_date(
        as_utc(call.closes_at).astimezone(ZoneInfo(call.timezone)).date(), "medium", locale=locale
    )
    if as_utc(now) <= effective_close(call):  # closed by hand before its deadline
        return Problem("deadline", N_("the call does not accept submissions any more"))
    return Problem(
        "deadline",
        N_("the call closed at %(time)s (%(reader_time)s) on %(day)s; no submission is accepted"),
        {"time": own_time, "reader_time": reader_time, "day": own_day},
    )


# -- the shared part ------------------------------------------------------------------------
def shared_problems(call: Call, title: str, duration: int | None, start: object) -> list[Problem]:
    problems = []
    if not title.strip():
        problems.append(Problem("title", N_("the application needs a title")))
    if duration is None:
        problems.append(Problem("duration_months", N_("give the project's duration in months")))
    elif call.max_duration_months and duration > call.max_duration_months:
        problems.append(
            Problem(
                "duration_months",
                N_("the call funds projects of at most %(months)s months"),
                {"months": call.max_duration_months},
            )
        )
    if start is None:
        problems.append(Problem("start_date", N_("give the planned start date")))
    return problems


def answer_problems(
    questions: Iterable[Mapping[str, Any]],
    answers: Mapping[str, Any],
    locale: str,
    require: bool = True,
) -> list[Problem]:
    """Each extra question's answer by its kind, length and (with `require`, at submission;
    a draft may be saved half-answered) its required flag."""
    problems = []
    for q in questions:
        key, label = str(q.get("key")), label_of(q, locale)
        value = answers.get(key)
        text = "" if value is None else str(value).strip()
        where = f"answers.{key}"
        if not text:
            if require and q.get("required"):
                problems.append(Problem(where, N_("answer “%(question)s”"), {"question": label}))
            continue
        limit = q.get("max_length")
        if limit and len(text) > int(limit):
            problems.append(
                Problem(where, N_("“%(question)s” takes at most %(max)s characters"),
                        {"question": label, "max": limit})
            )  # fmt: skip
        kind = q.get("kind", "text")
        if kind == "number":
            try:
                Decimal(text.replace(",", "."))
            except ArithmeticError:
                problems.append(
                    Problem(where, N_("“%(question)s” must be a number"), {"question": label})
                )
        elif kind == "choice" and text not in [str(c) for c in q.get("choices") or []]:
            problems.append(
                Problem(where, N_("“%(question)s”: choose one of the listed answers"),
                        {"question": label})
            )  # fmt: skip
    return problems


def document_problems(
    documents: Iterable[Mapping[str, Any]], uploaded: set[str], locale: str
) -> list[Problem]:
    return [
        Problem(f"documents.{d['key']}", N_("the required document “%(document)s” is missing"),
                {"document": label_of(d, locale)})
        for d in documents
        if d.get("required") and d.get("key") not in uploaded
    ]  # fmt: skip


@dataclass(frozen=True)
class MemberFacts:
    name: str
    country: str
    role: str
    status: str


def member_problems(
    call: Call, members: Iterable[MemberFacts], agency_countries: Iterable[str]
) -> list[Problem]:
    """Every co-applicant confirmed; a joint call has a confirmed co-lead in every owner
    country other than the lead's."""
    problems: list[Problem] = []
    rows = list(members)
    for m in rows:
        if m.role != MemberRole.lead.value and m.status != MemberStatus.confirmed.value:
            message = (
                N_("%(name)s declined to join; remove them or invite someone else")
                if m.status == MemberStatus.declined.value
                else N_("%(name)s has not confirmed taking part yet")
            )
            problems.append(Problem("members", message, {"name": m.name}))
    if call.kind != CallKind.joint_research.value:
        return problems
    lead_country = next((m.country for m in rows if m.role == MemberRole.lead.value), None)
    confirmed = {
        m.country
        for m in rows
        if m.status == MemberStatus.confirmed.value
        and m.role in (MemberRole.lead.value, MemberRole.co_lead.value)
    }
    for country in sorted(set(agency_countries) - {lead_country} - confirmed):
        problems.append(
            Problem(
                "members",
                N_("a joint research call needs a confirmed co-lead in %(country)s"),
                {"country": country},
            )
        )
    return problems


def budget_totals(lines: Iterable[tuple[str, Decimal, str]]) -> dict[tuple[str, str], Decimal]:
    """(agency id, currency) → total, from (agency id, amount, currency) lines."""
    totals: dict[tuple[str, str], Decimal] = {}
    for agency_id, amount, currency in lines:
        totals[(agency_id, currency)] = totals.get((agency_id, currency), Decimal(0)) + amount
    return totals


def budget_problems(
    call: Call,
    agencies: Iterable[AgencyFacts],
    lines: Iterable[tuple[str, Decimal, str]],
    locale: str,
) -> list[Problem]:
    """Each line in its agency's currency; each agency's total within its ceiling; the
    total in the call's currency within the per-project ceiling."""
    problems: list[Problem] = []
    rows = list(lines)
    by_id = {a.id: a for a in agencies}
    for agency_id, _amount, currency in rows:
        agency = by_id.get(agency_id)
        if agency is None:
            problems.append(Problem("budget", N_("a budget line names an agency not of this call")))
        elif agency.currency and currency != agency.currency:
            problems.append(
                Problem("budget", N_("%(agency)s grants in %(currency)s only"),
                        {"agency": agency.name, "currency": agency.currency})
            )  # fmt: skip
    if problems:
        return problems
    for (agency_id, currency), total in budget_totals(rows).items():
        agency = by_id[agency_id]
        if agency.ceiling is not None and total > agency.ceiling:
            problems.append(
                Problem(
                    "budget",
                    N_("the budget asked of %(agency)s (%(total)s) is over the call's "
                       "ceiling of %(ceiling)s"),
                    {"agency": agency.name, "total": money(total, currency, locale),
                     "ceiling": money(agency.ceiling, currency, locale)},
                )
            )  # fmt: skip
    if call.ceiling_amount is not None and call.ceiling_currency:
        total = sum((a for _, a, c in rows if c == call.ceiling_currency), Decimal(0))
        if total > call.ceiling_amount:
            problems.append(
                Problem(
                    "budget",
                    N_("the budget in %(currency)s (%(total)s) is over the call's ceiling "
                       "per project of %(ceiling)s"),
                    {"currency": call.ceiling_currency,
                     "total": money(total, call.ceiling_currency, locale),
                     "ceiling": money(call.ceiling_amount, call.ceiling_currency, locale)},
                )
            )  # fmt: skip
    return problems


def eligibility_problems(
    call: Call,
    organization_kind: str | None,
    member_countries: Iterable[str],
    fields: Iterable[str],
    career_stage: str | None,
) -> list[Problem]:
    """The call's eligibility rules; an empty list in a rule admits any value."""
    rules = call.eligibility or {}
    problems = []
    types = rules.get("applicant_types") or []
    if types and organization_kind not in types:
        problems.append(
            Problem("lead_organization_id",
                    N_("the call is open to these kinds of lead organization only: %(kinds)s"),
                    {"kinds": ", ".join(types)})
        )  # fmt: skip
    countries = rules.get("countries") or []
    outside = sorted({c for c in member_countries if c not in countries}) if countries else []
    if outside:
        problems.append(
            Problem("members", N_("the call does not admit applicants from %(countries)s"),
                    {"countries": ", ".join(outside)})
        )  # fmt: skip
    allowed_fields = rules.get("fields") or []
    chosen = list(fields)
    if not chosen:
        problems.append(Problem("fields", N_("choose at least one field")))
    elif allowed_fields and not set(chosen) & set(allowed_fields):
        problems.append(
            Problem("fields", N_("the call is open to these fields only: %(fields)s"),
                    {"fields": ", ".join(allowed_fields)})
        )  # fmt: skip
    stages = rules.get("career_stages") or []
    if stages and career_stage not in stages:
        problems.append(
            Problem("career_stage",
                    N_("the call is open to these career stages only: %(stages)s"),
                    {"stages": ", ".join(stages)})
        )  # fmt: skip
    return problems
