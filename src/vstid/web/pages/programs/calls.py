"""Programs, the calls part: the public list of calls (open calls first, filters by kind, field
and country), a call's page (its summary in the reader's language, opening and closing times in
the call's zone and the reader's, a countdown, the rules in words, the Apply button while it
accepts submissions), the program's staff creating and editing a call (basics, questions,
documents, rubric, ceilings per agency) and its lifecycle buttons, and the fragment of a
program's calls the program page loads (htmx)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from babel.dates import format_timedelta
from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import ValidationError

from vstid.accounts.models import User
from vstid.core import i18n
from vstid.core.errors import Conflict, DomainError, ValidationFailed
from vstid.core.i18n import LANGUAGES
from vstid.core.i18n import gettext as _
from vstid.core.models import as_utc, utcnow
from vstid.orders.models import Currency
from vstid.programs.calls import labels
from vstid.programs.calls.deadlines import (
    CALL_ZONES,
    accepts_submissions,
    deadline_in_zones,
    effective_close,
    format_in_zone,
    reader_zone,
)
from vstid.programs.calls.models import (
    ApplicantType,
    Call,
    CallKind,
    CallStatus,
    CareerStage,
)
from vstid.programs.calls.schemas import CallCreate, CallFilters, CallPatch
from vstid.programs.calls.service import CallService, local_value, shown_text
from vstid.programs.calls.states import CALL_STATES
from vstid.taxonomy.service import TaxonomyService
from vstid.web.deps import CurrentUser, FormDep, OptionalUser, PageDep, SessionDep, SettingsDep
from vstid.web.pages.base import blank, flash, redirect, render
from vstid.web.validation import field_of, validation_message

__all__ = ["countdown", "router", "when"]

router = APIRouter()
AGENCY_CURRENCY = {"VN": "VND", "JP": "JPY", "KR": "KRW"}
SECTIONS = ("questions", "documents", "rubric", "ceilings")


# -- what every call page shows ------------------------------------------------------------
def _zone(request: Request) -> str:
    return reader_zone(i18n.current_locale(), request.query_params.get("tz"))


def when(call: Call, moment: datetime, zone: str, locale: str) -> str:
    """A moment in the call's zone, with the reader's zone after it when it differs:
    "17:00 1 thg 3, 2030 JST (15:00 1 thg 3, 2030 ICT)"."""
    own = format_in_zone(moment, call.timezone, locale)
    if zone == call.timezone:
        return own
    return f"{own} ({format_in_zone(moment, zone, locale)})"


def countdown(call: Call, now: datetime, locale: str) -> str:
    """The time left, in words: "Opens in 3 days", "Closes in 29 days", "Closed 2 days ago"."""
    opens, closes = as_utc(call.opens_at), as_utc(call.closes_at)
    if call.status in (CallStatus.draft.value, CallStatus.forecast.value) and now < opens:
        return _("Opens %(when)s") % {"when": _delta(opens - now, locale)}
    if call.status == CallStatus.open.value and now <= closes:
        return _("Closes %(when)s") % {"when": _delta(closes - now, locale)}
    if call.status == CallStatus.open.value and now <= effective_close(call):
        return _("The deadline has passed; the grace period is running")
    return _("Closed %(when)s") % {"when": _delta(closes - now, locale)}


Unit = Literal["month", "day", "hour", "minute"]
# a unit, its length in seconds, the least time shown in it
_UNITS: tuple[tuple[Unit, int, int], ...] = (
    ("month", 30 * 86400, 90 * 86400),
    ("day", 86400, 2 * 86400),
    ("hour", 3600, 2 * 3600),
    ("minute", 60, 0),
)


def _delta(delta: Any, locale: str) -> str:
    """ "in 30 days", "2 hours ago": days up to three months (a deadline in weeks reads
    vaguely), then months; hours and minutes on the last days."""
    seconds = abs(delta.total_seconds())
    for unit, size, least in _UNITS:
        if seconds >= least:
            value = max(seconds / size, 1.0)
            return format_timedelta(
                delta, threshold=value * 0.999, granularity=unit, add_direction=True,
                locale=locale,
            )  # fmt: skip
    return format_timedelta(delta, add_direction=True, locale=locale)


def _facts(call: Call, zone: str, now: datetime) -> dict[str, Any]:
    """What a list item and the call page show about its time."""
    locale = i18n.current_locale()
    title, summary, language = shown_text(call, locale)
    reader_text, call_text = deadline_in_zones(call, zone, locale)
    return {
        "title": title, "summary": summary, "language": language,
        "language_name": LANGUAGES.get(language, language),
        "opens": when(call, call.opens_at, zone, locale),
        "closes": when(call, call.closes_at, zone, locale),
        "closes_reader": reader_text, "closes_call": call_text,
        "countdown": countdown(call, now, locale),
        "accepts": accepts_submissions(call, now),
    }  # fmt: skip


def _common(session: Any) -> dict[str, Any]:
    taxonomy = TaxonomyService(session)
    return {
        "labels": labels, "field_labels": taxonomy.labels(), "fields": taxonomy.ordered(),
        "kinds": [k.value for k in CallKind], "zones": CALL_ZONES,
    }  # fmt: skip


# -- the list and the fragment ---------------------------------------------------------------
@router.get("/calls")
def browse(
    request: Request, session: SessionDep, settings: SettingsDep, user: OptionalUser,
    params: PageDep, kind: str | None = None, field: str | None = None,
    country: str | None = None,
) -> Response:  # fmt: skip
    """Every call this reader may open: open calls first, then the announced ones, then the
    rest; filters by kind, field and eligible country."""
    kind = kind if kind in {k.value for k in CallKind} else None
    country = (blank(country) or "").upper()[:2] or None
    filters = CallFilters(kind=kind, field=blank(field), country=country)
    page = CallService(session, settings).browse(user, filters, params)
    zone, now = _zone(request), utcnow()
    chosen = {"kind": kind, "field": filters.field, "country": country}
    query = "&".join(f"{k}={v}" for k, v in chosen.items() if v)
    return render(
        request, "programs/call_list.html", page=page, filters=filters,
        facts={c.id: _facts(c, zone, now) for c in page.items},
        base_query=f"{query}&" if query else "", **_common(session),
    )  # fmt: skip


@router.get("/programs/{slug}/calls")
def program_calls(
    request: Request, slug: str, session: SessionDep, settings: SettingsDep, user: OptionalUser
) -> Response:
    """The calls of one program this reader may open (an HTML fragment the program page
    loads with htmx), with a "New call" link for the program's staff."""
    service = CallService(session, settings)
    program, calls = service.program_calls(user, slug)
    zone, now = _zone(request), utcnow()
    return render(
        request, "programs/call_fragment.html", program=program, calls=calls,
        facts={c.id: _facts(c, zone, now) for c in calls},
        can_create=service.is_staff(user, program.id), **_common(session),
    )  # fmt: skip


# -- the call page ---------------------------------------------------------------------------
def _call_page(
    request: Request, session: Any, settings: Any, user: User | None, call: Call,
    errors: dict[str, str] | None = None, posted: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Response:  # fmt: skip
    service = CallService(session, settings)
    zone, now = _zone(request), utcnow()
    staff = bool(service.roles_of(user, call))
    agencies = service.agencies(call)
    return render(
        request, "programs/call_detail.html", status_code=status_code, call=call,
        program=service.visible_program_by_id(user, call.program_id),
        text=_facts(call, zone, now), reader_zone=zone, staff=staff,
        actions=service.allowed_actions(user, call),
        can_edit=service.can_edit(user, call),
        agencies=agencies,
        agency_names=service.agency_names(list(agencies.values())),
        submitted=service.submitted_count(call) if staff else 0,
        rows=_section_rows(call, agencies, posted or {}),
        errors=errors or {}, grace=call.grace_minutes, **_common(session),
    )  # fmt: skip


@router.get("/calls/{reference}")
def call_page(
    request: Request, reference: str, session: SessionDep, settings: SettingsDep,
    user: OptionalUser,
) -> Response:  # fmt: skip
    call = CallService(session, settings).get_visible(user, reference)
    return _call_page(request, session, settings, user, call)


def _transition_page(action: str) -> None:
    def handle(
        request: Request, reference: str, session: SessionDep, settings: SettingsDep,
        user: CurrentUser,
    ) -> Response:  # fmt: skip
        try:
            call = CallService(session, settings).transition(user, reference, action)
        except Conflict as exc:
            flash(request, exc.render(_), "error")
            return redirect(f"/calls/{reference}")
        flash(request, _(labels.ACTION_DONE[action]), "success")
        return redirect(f"/calls/{call.reference}")

    handle.__name__ = f"{action}_call_page"
    router.post(f"/calls/{{reference}}/{action}", name=f"{action}_call_page")(handle)


for _action, _transition in CALL_STATES.transitions.items():
    if _transition.offered:
        _transition_page(_action)


# -- the basics form (new and edit) ----------------------------------------------------------
def _posted(posted: Any) -> dict[str, Any]:
    form: dict[str, Any] = {k: v.strip() for k, v in posted.items() if isinstance(v, str)}
    for name in ("fields", "languages", "applicant_types", "career_stages", "elig_fields"):
        form[name] = [v for v in posted.getlist(name) if isinstance(v, str)]
    return form


def _basics(form: dict[str, Any], creating: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": form.get("title", ""),
        "summary": form.get("summary", ""),
        "language": form.get("language") or None,
        "timezone": form.get("timezone") or None,
        "opens_at": form.get("opens_at") or None,
        "closes_at": form.get("closes_at") or None,
        "grace_minutes": form.get("grace_minutes") or 0,
        "fields": form.get("fields", []),
        "languages": form.get("languages", []),
        "ceiling_amount": form.get("ceiling_amount") or None,
        "ceiling_currency": form.get("ceiling_currency") or None,
        "max_duration_months": form.get("max_duration_months") or None,
        "reviews_per_application": form.get("reviews_per_application") or 2,
        "report_every_months": form.get("report_every_months") or 12,
        "eligibility": {
            "applicant_types": form.get("applicant_types", []),
            "countries": [c for c in form.get("countries", "").replace(",", " ").split() if c],
            "fields": form.get("elig_fields", []),
            "career_stages": form.get("career_stages", []),
        },
        "translations": {
            code: {"title": form.get(f"title_{code}", ""),
                   "summary": form.get(f"summary_{code}", "")}
            for code in LANGUAGES
        },
    }  # fmt: skip
    if creating:
        data["reference"] = form.get("reference", "")
        data["kind"] = form.get("kind") or CallKind.joint_research.value
    return data


def _form_values(call: Call) -> dict[str, Any]:
    form: dict[str, Any] = {
        "reference": call.reference, "kind": call.kind, "title": call.title,
        "summary": call.summary, "language": call.language, "timezone": call.timezone,
        "opens_at": local_value(call.opens_at, call.timezone),
        "closes_at": local_value(call.closes_at, call.timezone),
        "grace_minutes": str(call.grace_minutes), "fields": list(call.fields or []),
        "languages": list(call.languages or []),
        "ceiling_amount": str(call.ceiling_amount) if call.ceiling_amount is not None else "",
        "ceiling_currency": call.ceiling_currency or "",
        "max_duration_months": str(call.max_duration_months or ""),
        "reviews_per_application": str(call.reviews_per_application),
        "report_every_months": str(call.report_every_months),
        "applicant_types": list((call.eligibility or {}).get("applicant_types", [])),
        "countries": " ".join((call.eligibility or {}).get("countries", [])),
        "elig_fields": list((call.eligibility or {}).get("fields", [])),
        "career_stages": list((call.eligibility or {}).get("career_stages", [])),
    }  # fmt: skip
    for code, text in (call.translations or {}).items():
        form[f"title_{code}"] = text.get("title", "")
        form[f"summary_{code}"] = text.get("summary", "")
    return form


def _schema_errors(exc: ValidationError) -> dict[str, str]:
    errors: dict[str, str] = {}
    for e in exc.errors():
        where = field_of(e)
        where = "elig_" + where.split(".")[1] if where.startswith("eligibility.") else where
        where = {"elig_applicant_types": "applicant_types", "elig_countries": "countries",
                 "elig_career_stages": "career_stages"}.get(where, where)  # fmt: skip
        errors.setdefault(where.split(".")[0] if "." in where else where,
                          validation_message(e, _))  # fmt: skip
    return errors


def _refusal(exc: DomainError) -> dict[str, str]:
    if not isinstance(exc, ValidationFailed | Conflict):
        raise exc
    where = exc.field or "form"
    where = {"eligibility.fields": "elig_fields"}.get(where, where)
    return {where: exc.render(_)}


def _form_page(
    request: Request, session: Any, form: dict[str, Any], errors: dict[str, str],
    action: str, program: Any, call: Call | None = None, status_code: int = 200,
) -> Response:  # fmt: skip
    return render(
        request, "programs/call_form.html", status_code=status_code, form=form,
        errors=errors, action=action, program=program, call=call,
        applicant_types=[a.value for a in ApplicantType],
        career_stages=[c.value for c in CareerStage], currencies=[c.value for c in Currency],
        **_common(session),
    )  # fmt: skip


@router.get("/programs/{slug}/calls/new")
def new_call_form(
    request: Request, slug: str, session: SessionDep, settings: SettingsDep, user: CurrentUser
) -> Response:
    service = CallService(session, settings)
    program = service.staff_program(user, slug)
    form = {"language": program.language, "timezone": "Asia/Ho_Chi_Minh", "grace_minutes": "0",
            "languages": ["vi", "en"], "reviews_per_application": "2",
            "report_every_months": "12", "fields": list(program.fields or [])}  # fmt: skip
    return _form_page(request, session, form, {}, f"/programs/{slug}/calls/new", program)


@router.post("/programs/{slug}/calls/new")
def create_call(
    request: Request, slug: str, session: SessionDep, settings: SettingsDep, user: CurrentUser,
    posted: FormDep,
) -> Response:  # fmt: skip
    service = CallService(session, settings)
    program = service.staff_program(user, slug)
    form = _posted(posted)
    action = f"/programs/{slug}/calls/new"
    try:
        data = CallCreate.model_validate(_basics(form, creating=True))
    except ValidationError as exc:
        return _form_page(request, session, form, _schema_errors(exc), action, program,
                          status_code=422)  # fmt: skip
    try:
        call = service.create(user, slug, data)
    except DomainError as exc:
        return _form_page(request, session, form, _refusal(exc), action, program,
                          status_code=exc.status)  # fmt: skip
    flash(request, _("The call is saved as a draft."), "success")
    return redirect(f"/calls/{call.reference}")


@router.get("/calls/{reference}/edit")
def edit_call_form(
    request: Request, reference: str, session: SessionDep, settings: SettingsDep,
    user: CurrentUser,
) -> Response:  # fmt: skip
    service = CallService(session, settings)
    call = service.editable(user, reference)
    program = service.visible_program_by_id(user, call.program_id)
    return _form_page(request, session, _form_values(call), {}, f"/calls/{reference}/edit",
                      program, call)  # fmt: skip


@router.post("/calls/{reference}/edit")
def edit_call(
    request: Request, reference: str, session: SessionDep, settings: SettingsDep,
    user: CurrentUser, posted: FormDep,
) -> Response:  # fmt: skip
    service = CallService(session, settings)
    call = service.editable(user, reference)
    program = service.visible_program_by_id(user, call.program_id)
    form = _posted(posted)
    action = f"/calls/{reference}/edit"
    data = _basics(form, creating=False)
    if call.status != CallStatus.draft.value:
        data.pop("reference", None)
    try:
        patch = CallPatch.model_validate(data)
    except ValidationError as exc:
        return _form_page(request, session, form, _schema_errors(exc), action, program, call,
                          status_code=422)  # fmt: skip
    try:
        call = service.update(user, reference, patch)
    except DomainError as exc:
        return _form_page(request, session, form, _refusal(exc), action, program, call,
                          status_code=exc.status)  # fmt: skip
    flash(request, _("Changes saved."), "success")
    return redirect(f"/calls/{call.reference}")


# -- the sections edited on the call page: questions, documents, rubric, ceilings -------------
def _labels_of(row: dict[str, Any]) -> dict[str, str]:
    return {code: row.get(f"label_{code}", "") for code in LANGUAGES if row.get(f"label_{code}")}


def _section_rows(call: Call, agencies: dict[Any, Any], posted: dict[str, Any]) -> dict[str, Any]:
    """The rows each section's form shows: the call's (or what was just posted and refused),
    and one blank row to add another."""
    rows: dict[str, Any] = {}
    blank_row = {"key": "", "label": {}, "kind": "text", "required": False, "choices": [],
                 "max_length": None, "weight": ""}  # fmt: skip
    for section in ("questions", "documents", "rubric"):
        kept = posted.get(section)
        rows[section] = (kept if kept is not None else list(getattr(call, section) or [])) + [
            dict(blank_row)
        ]
    ceilings = {c.agency_id: c for c in call.ceilings}
    given = posted.get("ceilings_form") or {}
    rows["ceilings"] = []
    for agency in agencies.values():
        saved = ceilings.get(agency.id)
        amount = _plain(saved.amount) if saved else ""
        currency = saved.currency if saved else AGENCY_CURRENCY.get(agency.country, "USD")
        rows["ceilings"].append({
            "agency": agency,
            "amount": given.get(f"amount-{agency.id}", amount),
            "currency": given.get(f"currency-{agency.id}", currency),
        })  # fmt: skip
    return rows


def _plain(amount: Decimal) -> str:
    """3000000000.00 as 3000000000, 1.50 as 1.5: what someone would type."""
    return f"{Decimal(amount).normalize():f}"


def _read_rows(posted: Any, prefix: str) -> list[dict[str, Any]]:
    """Numbered rows of a form ("q-0-key", "q-0-label_vi"...); a row with no key and no label
    is the blank one, skipped."""
    rows: dict[int, dict[str, Any]] = {}
    for name, value in posted.multi_items():
        if not isinstance(value, str) or not name.startswith(f"{prefix}-"):
            continue
        _, number, key = name.split("-", 2)
        if number.isdigit():
            rows.setdefault(int(number), {})[key] = value.strip()
    out = []
    for _n, row in sorted(rows.items()):
        if not row.get("key") and not _labels_of(row):
            continue
        item: dict[str, Any] = {"key": row.get("key", ""), "label": _labels_of(row)}
        if prefix == "q":
            item |= {
                "kind": row.get("kind") or "text", "required": "required" in row,
                "choices": [c for c in row.get("choices", "").splitlines() if c.strip()],
                "max_length": row.get("max_length") or None,
            }  # fmt: skip
        elif prefix == "d":
            item["required"] = "required" in row
        else:
            item["weight"] = row.get("weight") or 0
        out.append(item)
    return out


def _ceilings_from(
    posted: Any, agencies: dict[Any, Any]
) -> tuple[list[dict[str, Any]], dict[str, str]]:
    rows, errors = [], {}
    for agency in agencies.values():
        amount = str(posted.get(f"amount-{agency.id}") or "").strip()
        currency = str(posted.get(f"currency-{agency.id}") or "").strip()
        if not amount:
            continue
        try:
            Decimal(amount.replace(" ", ""))
        except InvalidOperation:
            errors["ceilings"] = _("Enter an amount as a number.")
            continue
        rows.append({"agency_id": str(agency.id), "amount": amount.replace(" ", ""),
                     "currency": currency})  # fmt: skip
    return rows, errors


def _section_page(section: str) -> None:
    prefix = {"questions": "q", "documents": "d", "rubric": "r"}.get(section, "")

    def handle(
        request: Request, reference: str, session: SessionDep, settings: SettingsDep,
        user: CurrentUser, posted: FormDep,
    ) -> Response:  # fmt: skip
        service = CallService(session, settings)
        call = service.editable(user, reference)
        kept: dict[str, Any] = {}
        errors: dict[str, str] = {}
        status = 422
        if section == "ceilings":
            value, errors = _ceilings_from(posted, service.agencies(call))
            kept["ceilings_form"] = {k: v for k, v in posted.items() if isinstance(v, str)}
        else:
            value = _read_rows(posted, prefix)
            kept[section] = value
        if not errors:
            try:
                service.update(user, reference, CallPatch.model_validate({section: value}))
            except ValidationError as exc:
                first = exc.errors()[0]
                errors = {section: f"{field_of(first)}: {validation_message(first, _)}"}
            except DomainError as exc:
                if not isinstance(exc, ValidationFailed | Conflict):
                    raise
                errors, status = {section: exc.render(_)}, exc.status
        if errors:
            return _call_page(request, session, settings, user, call, errors, kept, status)
        flash(request, _("Changes saved."), "success")
        return redirect(f"/calls/{reference}#{section}")

    handle.__name__ = f"edit_call_{section}"
    router.post(f"/calls/{{reference}}/{section}", name=f"edit_call_{section}")(handle)


for _section in SECTIONS:
    _section_page(_section)
