"""Program pages, the core: the public list (active programs first), the staff's create and
edit forms (agencies and budget lines beside them), the program page (description in the
reader's language, agencies, budget, indicators with their definitions and progress), an
indicator's page (yearly targets, breakdowns, the records behind a computed number,
reported values with evidence, verification and return) and the indicator form."""

from __future__ import annotations

import uuid
from typing import Any, cast

from fastapi import APIRouter, Request
from fastapi import UploadFile as ApiUploadFile
from fastapi.responses import Response
from pydantic import ValidationError
from starlette.datastructures import FormData, UploadFile

from vstid.accounts.models import Role, User
from vstid.core import i18n
from vstid.core.errors import Conflict, DomainError, Forbidden, ValidationFailed
from vstid.core.i18n import LANGUAGES, N_
from vstid.core.i18n import gettext as _
from vstid.hubs.service import HubService
from vstid.programs.indicators.queries import BREAKDOWNS, QUERIES
from vstid.programs.indicators.schemas import (
    IndicatorCreate,
    IndicatorPatch,
    PeriodInput,
    ReportInput,
)
from vstid.programs.indicators.service import IndicatorService
from vstid.programs.models import Indicator, Program
from vstid.programs.schemas import AgencyInput, BudgetLineInput, ProgramCreate, ProgramPatch
from vstid.programs.service import ProgramService, shown_text
from vstid.programs.states import PROGRAM_STATES
from vstid.projects.results.service import Upload
from vstid.rates.models import Currency
from vstid.taxonomy.service import TaxonomyService
from vstid.web.deps import CurrentUser, FormDep, OptionalUser, SessionDep, SettingsDep
from vstid.web.forms import read_dates
from vstid.web.pages.base import flash, redirect, render
from vstid.web.uploads import read_upload
from vstid.web.validation import field_of, validation_message

__all__ = ["router"]

router = APIRouter()

STATUS_LABELS = {"draft": N_("Draft"), "active": N_("Active"), "closed": N_("Closed")}
ACTIONS = {"activate": N_("Make the program active"), "close": N_("Close the program")}
DONE = {"activate": N_("The program is active and public."), "close": N_("The program is closed.")}
ROLE_LABELS = {
    "owner": N_("Owner agency"), "funder": N_("Funder"), "implementing": N_("Implementing agency"),
}  # fmt: skip
REPORT_LABELS = {"open": N_("Due"), "reported": N_("Reported"), "verified": N_("Verified")}
REPORT_ACTIONS = {
    "report": N_("Report the value"), "verify": N_("Verify"), "return": N_("Return for correction"),
}  # fmt: skip
DIMENSIONS = {
    "country": N_("Country"), "sex": N_("Sex"), "institution": N_("Institution"),
    "field": N_("Field"),
}  # fmt: skip
SEXES = {"female": N_("Female"), "male": N_("Male"), "other": N_("Other"), "": N_("Not stated")}
KINDS = {
    "mobility": N_("Mobility record"), "result": N_("Trained person"),
    "project": N_("Project"), "application": N_("Application"),
}  # fmt: skip
REPORT_DONE = {
    "report": N_("The value is reported; someone else verifies it."),
    "verify": N_("The value is verified."),
    "return": N_("The value was returned for correction."),
}
PERIOD_DATES = {"period_start": N_("Period start"), "period_end": N_("Period end")}


def _texts(form: FormData) -> dict[str, Any]:
    out: dict[str, Any] = {k: v.strip() for k, v in form.items() if isinstance(v, str)}
    for name in ("fields", "agencies", "breakdowns", "other_hub_ids"):
        out[name] = [v for v in form.getlist(name) if isinstance(v, str) and v]
    return out


def _schema_errors(exc: ValidationError) -> dict[str, str]:
    errors: dict[str, str] = {}
    for e in exc.errors():
        errors.setdefault(field_of(e), validation_message(e, _))
    return errors


def _refusal(exc: DomainError) -> dict[str, str]:
    """A refusal beside its field (or above the form); a 403 or 404 stays what it is."""
    if not isinstance(exc, ValidationFailed | Conflict):
        raise exc
    return {exc.field or "form": exc.render(_)}


def _translations(form: dict[str, Any], keys: tuple[str, str]) -> dict[str, dict[str, str]]:
    given = {code: {k: form.get(f"{k}_{code}", "") for k in keys} for code in LANGUAGES}
    return {c: t for c, t in given.items() if c != form.get("language") and any(t.values())}


# -- the list --------------------------------------------------------------------------------
@router.get("/programs")
def programs_page(
    request: Request, session: SessionDep, settings: SettingsDep, user: OptionalUser
) -> Response:
    """Every program the reader may open, active ones first, with their owner agencies."""
    service = ProgramService(session, settings)
    programs = service.browse(user)
    orgs = service.organizations({a.organization_id for p in programs for a in p.agencies})
    locale = i18n.current_locale()
    return render(
        request, "programs/core_list.html", programs=programs, orgs=orgs,
        texts={p.id: shown_text(p, locale) for p in programs}, labels=STATUS_LABELS,
        can_create=bool(user and user.is_staff), role_labels=ROLE_LABELS,
    )  # fmt: skip


# -- create and edit ---------------------------------------------------------------------------
def _form_page(
    request: Request, service: ProgramService, user: User, form: dict[str, Any],
    errors: dict[str, str], program: Program | None = None,
) -> Response:  # fmt: skip
    session = service.session
    return render(
        request, "programs/core_form.html", status_code=422 if errors else 200, form=form,
        errors=errors, program=program, languages=LANGUAGES,
        hubs=HubService(session).all_ordered(),
        is_admin=user.has_role(Role.admin),
        taxonomy=TaxonomyService(session).offered(form.get("fields", [])),
        agency_choices=service.agency_choices(), role_labels=ROLE_LABELS,
        orgs=service.organizations_of(program) if program else {},
        currencies=[c.value for c in Currency],
    )  # fmt: skip


def _program_data(form: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": form.get("title", ""), "summary": form.get("summary", ""),
        "language": form.get("language") or "vi", "fields": form.get("fields", []),
        "translations": _translations(form, ("title", "summary")),
        "other_hub_ids": form.get("other_hub_ids", []),
    }  # fmt: skip
    for name in ("start_year", "end_year"):
        if form.get(name):
            data[name] = form[name]
    return data


@router.get("/programs/new")
def new_program_form(
    request: Request, session: SessionDep, settings: SettingsDep, user: CurrentUser
) -> Response:
    if not user.is_staff:
        raise Forbidden(N_("only the hub's coordinators create programs"))
    form = {"language": user.locale, "fields": [], "agencies": [], "other_hub_ids": []}
    return _form_page(request, ProgramService(session, settings), user, form, {})


@router.post("/programs/new")
def create_program(
    request: Request, session: SessionDep, settings: SettingsDep, user: CurrentUser,
    posted: FormDep,
) -> Response:  # fmt: skip
    service = ProgramService(session, settings)
    form = _texts(posted)
    data = _program_data(form) | {
        "slug": form.get("slug", ""),
        "hub_id": form.get("hub_id") or None,
    }
    data["agencies"] = [{"organization_id": a, "role": "owner"} for a in form["agencies"]]
    try:
        program = service.create(user, ProgramCreate.model_validate(data))
    except ValidationError as exc:
        return _form_page(request, service, user, form, _schema_errors(exc))
    except DomainError as exc:
        return _form_page(request, service, user, form, _refusal(exc))
    flash(request, _("The program is recorded as a draft."), "success")
    return redirect(f"/programs/{program.slug}")


def _staff_program(service: ProgramService, user: User, slug: str) -> Program:
    program = service.by_slug(user, slug)
    if not service.can_edit(user, program):
        raise Forbidden(N_("only the program's coordinators may do this"))
    return program


@router.get("/programs/{slug}/edit")
def edit_program_form(
    request: Request, slug: str, session: SessionDep, settings: SettingsDep, user: CurrentUser
) -> Response:
    service = ProgramService(session, settings)
    program = _staff_program(service, user, slug)
    form: dict[str, Any] = {
        "title": program.title, "summary": program.summary, "language": program.language,
        "fields": list(program.fields or []), "start_year": str(program.start_year),
        "end_year": str(program.end_year), "other_hub_ids": [str(h.hub_id) for h in program.hubs],
    }  # fmt: skip
    for code, text in (program.translations or {}).items():
        for key, value in text.items():
            form[f"{key}_{code}"] = value
    return _form_page(request, service, user, form, {}, program)


@router.post("/programs/{slug}/edit")
def edit_program(
    request: Request, slug: str, session: SessionDep, settings: SettingsDep, user: CurrentUser,
    posted: FormDep,
) -> Response:  # fmt: skip
    service = ProgramService(session, settings)
    program = _staff_program(service, user, slug)
    form = _texts(posted)
    try:
        service.update(user, program.id, ProgramPatch.model_validate(_program_data(form)))
    except ValidationError as exc:
        return _form_page(request, service, user, form, _schema_errors(exc), program)
    except DomainError as exc:
        return _form_page(request, service, user, form, _refusal(exc), program)
    flash(request, _("Changes saved."), "success")
    return redirect(f"/programs/{program.slug}")


def _small_form(request: Request, slug: str, action: Any) -> Response:
    """A one-line form of the edit page (an agency, a budget line): done, or the refusal
    flashed back on the edit page."""
    try:
        action()
    except ValidationError as exc:
        flash(request, "; ".join(_schema_errors(exc).values()), "error")
    except (ValidationFailed, Conflict) as exc:
        flash(request, exc.render(_), "error")
    else:
        flash(request, _("Changes saved."), "success")
    return redirect(f"/programs/{slug}/edit")


@router.post("/programs/{slug}/agencies")
def add_agency(
    request: Request, slug: str, session: SessionDep, settings: SettingsDep, user: CurrentUser,
    posted: FormDep,
) -> Response:  # fmt: skip
    service = ProgramService(session, settings)
    program = service.by_slug(user, slug)
    form = _texts(posted)
    return _small_form(request, slug, lambda: service.add_agency(
        user, program.id, AgencyInput.model_validate(form)))  # fmt: skip


@router.post("/programs/{slug}/agencies/{agency_id}/remove")
def remove_agency(
    request: Request, slug: str, agency_id: uuid.UUID, session: SessionDep,
    settings: SettingsDep, user: CurrentUser,
) -> Response:  # fmt: skip
    service = ProgramService(session, settings)
    program = service.by_slug(user, slug)
    return _small_form(request, slug, lambda: service.remove_agency(user, program.id, agency_id))


@router.post("/programs/{slug}/budget-lines")
def add_budget_line(
    request: Request, slug: str, session: SessionDep, settings: SettingsDep, user: CurrentUser,
    posted: FormDep,
) -> Response:  # fmt: skip
    service = ProgramService(session, settings)
    program = service.by_slug(user, slug)
    form = {k: v for k, v in _texts(posted).items() if v not in ("", [])}
    return _small_form(request, slug, lambda: service.add_budget_line(
        user, program.id, BudgetLineInput.model_validate(form)))  # fmt: skip


@router.post("/programs/{slug}/budget-lines/{line_id}/remove")
def remove_budget_line(
    request: Request, slug: str, line_id: uuid.UUID, session: SessionDep,
    settings: SettingsDep, user: CurrentUser,
) -> Response:  # fmt: skip
    service = ProgramService(session, settings)
    program = service.by_slug(user, slug)
    return _small_form(request, slug, lambda: service.remove_budget_line(user, program.id, line_id))


# -- the program page ---------------------------------------------------------------------------
@router.get("/programs/{slug}")
def program_page(
    request: Request, slug: str, session: SessionDep, settings: SettingsDep, user: OptionalUser
) -> Response:
    service = ProgramService(session, settings)
    program = service.by_slug(user, slug)
    indicators = IndicatorService(session, settings)
    locale = i18n.current_locale()
    title, summary, language = shown_text(program, locale)
    budget = service.budget(program)
    rows = [
        (i, shown_text(i, locale, ("name", "definition")), indicators.progress(user, program, i))
        for i in indicators.of_shown_program(program)
    ]
    return render(
        request, "programs/core_detail.html", program=program, title=title, summary=summary,
        language=language, languages=LANGUAGES, orgs=service.organizations_of(program),
        budget=budget, budget_problem=budget.problem.render(_) if budget.problem else None,
        indicators=rows, labels=STATUS_LABELS,
        role_labels=ROLE_LABELS, actions=service.allowed_actions(user, program),
        action_labels=ACTIONS, can_edit=service.can_edit(user, program),
        field_labels=TaxonomyService(session).labels(), queries=QUERIES,
        blockers=service.activation_blockers(program) if program.status == "draft" else [],
    )  # fmt: skip


def _transition_page(action: str) -> None:
    def handle(
        request: Request, slug: str, session: SessionDep, settings: SettingsDep,
        user: CurrentUser,
    ) -> Response:  # fmt: skip
        service = ProgramService(session, settings)
        program = service.by_slug(user, slug)
        try:
            service.transition(user, program.id, action)
        except Conflict as exc:
            flash(request, exc.render(_), "error")
        else:
            flash(request, _(DONE[action]), "success")
        return redirect(f"/programs/{slug}")

    handle.__name__ = f"{action}_program_page"
    router.post(f"/programs/{{slug}}/{action}", name=f"{action}_program_page")(handle)


for _action in PROGRAM_STATES.transitions:
    _transition_page(_action)


# -- indicators ------------------------------------------------------------------------------
def _indicator_form_page(
    request: Request, service: ProgramService, program: Program, form: dict[str, Any],
    errors: dict[str, str], indicator: Indicator | None = None,
) -> Response:  # fmt: skip
    return render(
        request, "programs/core_indicator_form.html", status_code=422 if errors else 200,
        program=program, form=form, errors=errors, languages=LANGUAGES, queries=QUERIES,
        indicator=indicator,
        dimensions=DIMENSIONS, years=range(program.start_year, program.end_year + 1),
    )  # fmt: skip


@router.get("/programs/{slug}/indicators/new")
def new_indicator_form(
    request: Request, slug: str, session: SessionDep, settings: SettingsDep, user: CurrentUser
) -> Response:
    service = ProgramService(session, settings)
    program = _staff_program(service, user, slug)
    form = {"language": program.language, "source": "computed", "unit": "people",
            "baseline": "0", "breakdowns": []}  # fmt: skip
    return _indicator_form_page(request, service, program, form, {})


@router.post("/programs/{slug}/indicators/new")
def create_indicator(
    request: Request, slug: str, session: SessionDep, settings: SettingsDep, user: CurrentUser,
    posted: FormDep,
) -> Response:  # fmt: skip
    service = ProgramService(session, settings)
    program = _staff_program(service, user, slug)
    form = _texts(posted)
    data, targets = _indicator_values(form, program)
    data["query"] = form.get("query") if form.get("source") != "reported" else None
    try:
        created = IndicatorCreate.model_validate(data)
        indicator = IndicatorService(session, settings).create(user, program.id, created)
    except ValidationError as exc:
        return _indicator_form_page(request, service, program, form, _schema_errors(exc))
    except DomainError as exc:
        errors = _beside_the_year(_refusal(exc), targets)
        return _indicator_form_page(request, service, program, form, errors)
    flash(request, _("The indicator was added."), "success")
    return redirect(f"/programs/{slug}/indicators/{indicator.code}")


def _indicator_values(form: dict[str, Any], program: Program) -> tuple[dict[str, Any], list[Any]]:
    """The form as the indicator schemas take it, and the yearly targets given."""
    targets = [
        {"year": year, "value": form[f"target_{year}"]}
        for year in range(program.start_year, program.end_year + 1)
        if form.get(f"target_{year}")
    ]
    keys = ("code", "name", "definition", "language", "unit", "baseline", "target", "source")
    data = {k: form[k] for k in keys if form.get(k)}
    data |= {"breakdowns": form["breakdowns"], "targets": targets,
             "translations": _translations(form, ("name", "definition"))}  # fmt: skip
    return data, targets


def _beside_the_year(errors: dict[str, str], targets: list[Any]) -> dict[str, str]:
    """A refusal naming targets.N.year shown beside that year's box."""
    where = next((k for k in errors if k.startswith("targets.")), None)
    if where is None:
        return errors
    return {f"target_{targets[int(where.split('.')[1])]['year']}": errors[where]}


@router.get("/programs/{slug}/indicators/{code}/edit")
def edit_indicator_form(
    request: Request, slug: str, code: str, session: SessionDep, settings: SettingsDep,
    user: CurrentUser,
) -> Response:  # fmt: skip
    service = ProgramService(session, settings)
    program = _staff_program(service, user, slug)
    indicator = IndicatorService(session, settings).by_code(user, program, code)
    form: dict[str, Any] = {
        k: str(getattr(indicator, k) or "")
        for k in ("code", "name", "definition", "language", "unit", "baseline", "target",
                  "source", "query")
    }  # fmt: skip
    form["breakdowns"] = list(indicator.breakdowns or [])
    form |= {f"target_{t.year}": str(t.value) for t in indicator.targets}
    for language, text in (indicator.translations or {}).items():
        form |= {f"{k}_{language}": v for k, v in text.items()}
    return _indicator_form_page(request, service, program, form, {}, indicator)


@router.post("/programs/{slug}/indicators/{code}/edit")
def edit_indicator(
    request: Request, slug: str, code: str, session: SessionDep, settings: SettingsDep,
    user: CurrentUser, posted: FormDep,
) -> Response:  # fmt: skip
    service = ProgramService(session, settings)
    program = _staff_program(service, user, slug)
    indicators = IndicatorService(session, settings)
    indicator = indicators.by_code(user, program, code)
    form = _texts(posted) | {"code": indicator.code, "source": indicator.source}
    data, targets = _indicator_values(form, program)
    for fixed in ("code", "source"):
        data.pop(fixed, None)
    if indicator.source == "computed":
        data["query"] = form.get("query") or None
    try:
        indicators.update(user, program.id, indicator.id, IndicatorPatch.model_validate(data))
    except ValidationError as exc:
        errors = _schema_errors(exc)
        return _indicator_form_page(request, service, program, form, errors, indicator)
    except DomainError as exc:
        errors = _beside_the_year(_refusal(exc), targets)
        return _indicator_form_page(request, service, program, form, errors, indicator)
    flash(request, _("Changes saved."), "success")
    return redirect(f"/programs/{slug}/indicators/{code}")


@router.get("/programs/{slug}/indicators/{code}")
def indicator_page(
    request: Request, slug: str, code: str, session: SessionDep, settings: SettingsDep,
    user: OptionalUser,
) -> Response:  # fmt: skip
    """The indicator's definition beside its number, its progress by year, the breakdowns,
    the records behind it (names for the staff and agencies only) and reported values."""
    service = IndicatorService(session, settings)
    program = service.programs.by_slug(user, slug)
    indicator = service.by_code(user, program, code)
    locale = i18n.current_locale()
    reports = service.reports_of(user, program, indicator)
    return render(
        request, "programs/core_indicator.html", program=program, indicator=indicator,
        text=shown_text(indicator, locale, ("name", "definition")), languages=LANGUAGES,
        progress=service.progress(user, program, indicator), queries=QUERIES,
        shows_names=service.shows_names(user, program, indicator), kinds=KINDS,
        dimensions=DIMENSIONS, sexes=SEXES, field_labels=TaxonomyService(session).labels(),
        reports=[(r, service.report_actions(user, program, r)) for r in reports],
        report_labels=REPORT_LABELS, report_actions=REPORT_ACTIONS,
        can_open=service.programs.can_edit(user, program) and indicator.source == "reported",
        can_edit=service.programs.can_edit(user, program),
        breakdown_names=BREAKDOWNS,
    )  # fmt: skip


def _back(slug: str, code: str) -> Response:
    return redirect(f"/programs/{slug}/indicators/{code}#reports")


@router.post("/programs/{slug}/indicators/{code}/reports")
def open_period(
    request: Request, slug: str, code: str, session: SessionDep, settings: SettingsDep,
    user: CurrentUser, posted: FormDep,
) -> Response:  # fmt: skip
    service = IndicatorService(session, settings)
    program = service.programs.by_slug(user, slug)
    indicator = service.by_code(user, program, code)
    values, errors = read_dates(_texts(posted), PERIOD_DATES)
    try:
        if errors:
            raise ValidationFailed(next(iter(errors.values())), field=next(iter(errors)))
        service.open_period(user, program.id, indicator.id, PeriodInput.model_validate(values))
    except ValidationError as exc:
        flash(request, "; ".join(_schema_errors(exc).values()), "error")
    except (ValidationFailed, Conflict) as exc:
        flash(request, exc.render(_), "error")
    else:
        flash(request, _("The period is open for reporting."), "success")
    return _back(slug, code)


def _upload(form: FormData, settings: Any) -> Upload | None:
    file = form.get("file")
    if isinstance(file, UploadFile) and file.filename:
        return Upload(
            file.filename, read_upload(cast(ApiUploadFile, file), settings.max_upload_bytes)
        )
    return None


@router.post("/programs/{slug}/indicators/{code}/reports/{report_id}/{action}")
def report_action(
    request: Request, slug: str, code: str, report_id: uuid.UUID, action: str,
    session: SessionDep, settings: SettingsDep, user: CurrentUser, posted: FormDep,
) -> Response:  # fmt: skip
    """report (a value with a link or a file), verify, return (with the reason)."""
    service = IndicatorService(session, settings)
    program = service.programs.by_slug(user, slug)
    indicator = service.by_code(user, program, code)
    form = _texts(posted)
    ids = (user, program.id, indicator.id, report_id)
    try:
        if action == "report":
            upload = _upload(posted, settings)
            if upload is not None:
                service.attach_evidence(*ids, upload)
            data = {k: form[k] for k in ("value", "evidence_url", "note") if form.get(k)}
            service.report(*ids, ReportInput.model_validate(data))
        elif action == "verify":
            service.verify(*ids)
        elif action == "return":
            service.return_(*ids, form.get("reason", ""))
        else:
            return _back(slug, code)
    except ValidationError as exc:
        session.rollback()  # nothing half-saved: not the evidence without its value
        flash(request, "; ".join(_schema_errors(exc).values()), "error")
    except (ValidationFailed, Conflict, Forbidden) as exc:
        session.rollback()
        flash(request, exc.render(_), "error")
    else:
        flash(request, _(REPORT_DONE[action]), "success")
    return _back(slug, code)
