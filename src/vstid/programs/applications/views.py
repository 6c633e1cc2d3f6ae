"""What a reader is shown of an application, and the values the service takes and gives:
the JSON copy a submission freezes (`snapshot`), cut to the countries a reader may read
(`within_countries`); a reading with its buttons and problems; the refusal that lists every
problem; an upload and a download."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from vstid.core.errors import ValidationFailed
from vstid.programs.applications.models import Application, ApplicationMember
from vstid.programs.applications.rules import AgencyFacts, Problem
from vstid.programs.calls.models import Call

__all__ = [
    "Download",
    "Reading",
    "SubmissionRefused",
    "Upload",
    "snapshot",
    "within_countries",
]


class SubmissionRefused(ValidationFailed):
    """Every problem that blocks a submission: the first as the message and field, all of
    them under "problems" in the API's answer."""

    def __init__(self, problems: list[Problem]) -> None:
        first = problems[0]
        super().__init__(first.message, field=first.field, params=first.params)
        self.problems = problems

    def as_dict(self, translate: Callable[[str], str] = str) -> dict[str, object]:
        body = super().as_dict(translate)
        body["problems"] = [
            {"field": p.field, "message": translate(p.message) % p.params if p.params
             else translate(p.message)}
            for p in self.problems
        ]  # fmt: skip
        return body


@dataclass(frozen=True)
class Upload:
    filename: str
    content: bytes


@dataclass(frozen=True)
class Download:
    filename: str
    content_type: str
    size: int
    chunks: Iterator[bytes]


@dataclass
class Reading:
    """An application as one reader sees it: `data` is the live application, or for an
    agency member or a reviewer the last frozen copy, cut to the countries they may read."""

    application: Application
    call: Call
    data: dict[str, Any]
    roles: set[str]
    countries: frozenset[str]
    frozen: bool
    actions: list[str]
    problems: list[Problem]
    agencies: list[AgencyFacts]
    member: ApplicationMember | None = None
    member_actions: list[str] = field(default_factory=list)
    can_edit: bool = False
    section_countries: frozenset[str] = frozenset()

    @property
    def totals(self) -> dict[str, Decimal]:
        totals: dict[str, Decimal] = {}
        for line in self.data["budget"]:
            amount = Decimal(str(line["amount"]))
            totals[line["currency"]] = totals.get(line["currency"], Decimal(0)) + amount
        return totals


def snapshot(
    application: Application, countries_by_agency: Mapping[uuid.UUID, str]
) -> dict[str, Any]:
    """The application as plain JSON values: what a frozen version keeps, and what every
    reader is shown (cut by `within_countries`)."""
    a = application
    return {
        "reference": a.reference,
        "title": a.title,
        "summary": a.summary,
        "language": a.language,
        "translations": dict(a.translations or {}),
        "fields": list(a.fields or []),
        "career_stage": a.career_stage,
        "start_date": a.start_date.isoformat() if a.start_date else None,
        "duration_months": a.duration_months,
        "answers": dict(a.answers or {}),
        "lead_organization_id": str(a.lead_organization_id) if a.lead_organization_id else None,
        "members": [
            {"id": str(m.id), "user_id": str(m.user_id) if m.user_id else None,
             "expert_id": str(m.expert_id) if m.expert_id else None, "name": m.name,
             "email": m.email, "country": m.country, "institution": m.institution,
             "role": m.role, "status": m.status}
            for m in a.members
        ],
        "sections": [
            {"country": s.country, "agency_id": str(s.agency_id) if s.agency_id else None,
             "body": s.body, "language": s.language}
            for s in sorted(a.sections, key=lambda s: s.country)
        ],
        "budget": [
            {"agency_id": str(b.agency_id), "country": countries_by_agency.get(b.agency_id, ""),
             "category": b.category, "description": b.description, "amount": str(b.amount),
             "currency": b.currency}
            for b in a.budget_lines
        ],
        "documents": [
            {"kind": d.kind, "file_name": d.file_name, "file_type": d.file_type,
             "file_size": d.file_size}
            for d in sorted(a.documents, key=lambda d: d.kind)
        ],
    }  # fmt: skip


def within_countries(data: dict[str, Any], countries: frozenset[str] | None) -> dict[str, Any]:
    """The shared part, and of the per-country parts only those of `countries` (None: all)."""
    if countries is None:
        return data
    cut = dict(data)
    cut["sections"] = [s for s in data["sections"] if s["country"] in countries]
    cut["budget"] = [b for b in data["budget"] if b["country"] in countries]
    return cut
