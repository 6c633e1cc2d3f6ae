"""Projects, the core: accepting a finalist proposal opens one (this form is the project's); a
coordinator creates one directly; the browse list; the project page (whole inside, a public
summary outside) with its header, buttons and tabs; editing; the consortium; amendments; the
project channel; marking the first projects' milestones done."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any
from urllib.parse import urlencode

from babel.dates import format_date
from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import ValidationError

from vstid.accounts.models import Role, User
from vstid.core import i18n
from vstid.core.errors import Conflict, DomainError, Forbidden, ValidationFailed
from vstid.core.i18n import LANGUAGES, N_
from vstid.core.i18n import gettext as _
from vstid.core.pagination import PageParams
from vstid.hubs.service import HubService
from vstid.orders.models import Currency
from vstid.orders.service import OrderQueries
from vstid.organizations.service import OrganizationQueries
from vstid.projects.models import PartnerRole, PartnerSide, Project, ProjectStatus
from vstid.projects.plan.service import PlanService
from vstid.projects.plan.states import STATUS_LABELS as PLAN_LABELS
from vstid.projects.results.labels import IP_STATUS_LABELS, KIND_LABELS
from vstid.projects.results.service import ResultService
from vstid.projects.schemas import (
    EndDateInput,
    LeaveInput,
    PartnerAdd,
    ProjectCreate,
    ProjectFilters,
    ProjectInput,
    ProjectPatch,
)
from vstid.projects.service import ProjectService, shown_text
from vstid.projects.states import LEAD, PROJECT_STATES, STAFF
from vstid.proposals.service import ProposalService
from vstid.taxonomy.service import TaxonomyService
from vstid.threads.service import ProjectChannel
from vstid.web.deps import CurrentUser, FormDep, OptionalUser, PageDep, SessionDep, SettingsDep
from vstid.web.forms import date_value, read_dates, read_numbers
from vstid.web.names import country_name
from vstid.web.pages.base import blank, flash, redirect, render
from vstid.web.pages.projects._shared import header
from vstid.web.validation import field_of, validation_message

__all__ = ["header", "router"]

router = APIRouter()
ROWS = 3
NUMBERS = {"amount": N_("Amount"), "share_percent": N_("Share")}
OWNERSHIP = {"requester_share_percent": N_("Share"), "expert_share_percent": N_("Share")}
DATES = {"start_date": N_("Start"), "end_date": N_("End")}
ROW_DATES = {"due_date": N_("Due date")}


def _accept_page(
    request: Request, access: Any, form: dict[str, str], errors: dict[str, str]
) -> Response:
    return render(
        request,
        "projects/accept.html",
        status_code=422 if errors else 200,
        access=access,
        form=form,
        errors=errors,
        rows=range(ROWS),
        currencies=[c.value for c in Currency],
        sides=[s.value for s in PartnerSide],
    )


@router.get("/proposals/{proposal_id}/accept")
def accept_form(
    request: Request,
    proposal_id: uuid.UUID,
    session: SessionDep,
    settings: SettingsDep,
    user: CurrentUser,
) -> Response:
    access = ProposalService(session, settings).access(user, proposal_id)
    form = {
        "title": access.order.title,
        "requester_share_percent": "50",
        "expert_share_percent": "50",
        "funding_currency_0": access.order.currency,
    }
    return _accept_page(request, access, form, {})


def _rows(form: dict[str, str], prefix: str, keys: tuple[str, ...]) -> list[dict[str, str]]:
    rows = []
    for i in range(ROWS):
        row = {k: form.get(f"{prefix}_{k}_{i}", "").strip() for k in keys}
        if any(v for k, v in row.items() if k not in ("currency", "side")):
            rows.append({k: v for k, v in row.items() if v})
    return rows


def _numbers(rows: list[dict[str, str]], where: str, errors: dict[str, str]) -> list[Any]:
    """The rows with their amounts and shares read as the reader writes numbers; the first
    one that is not a number is the section's error."""
    read = []
    for row in rows:
        values, wrong = read_numbers(row, NUMBERS)
        for message in wrong.values():
            errors.setdefault(where, message)
        read.append({k: v for k, v in values.items() if v is not None})
    return read


def _dates(rows: list[dict[str, str]], where: str, errors: dict[str, str]) -> list[Any]:
    """The rows with their due dates read as the reader writes dates; the first one that is
    not a date is the section's error."""
    read = []
    for row in rows:
        values, wrong = read_dates(row, ROW_DATES)
        for message in wrong.values():
            errors.setdefault(where, message)
        read.append({k: v for k, v in values.items() if v is not None})
    return read


def _project_input(form: dict[str, str]) -> tuple[ProjectInput | None, dict[str, str]]:
    """The project's data, or every field to fix (numbers and the schema's checks at once)."""
    keys = ("title", "start_date", "end_date", *OWNERSHIP)
    values, wrong = read_numbers({k: form[k] for k in keys if form.get(k)}, OWNERSHIP)
    errors = {"partners": next(iter(wrong.values()))} if wrong else {}
    values, wrong_dates = read_dates(values, DATES)
    errors |= wrong_dates
    data: dict[str, Any] = {k: v for k, v in values.items() if v is not None}
    data["milestones"] = _dates(
        _rows(form, "milestone", ("title", "due_date", "deliverable")), "milestones", errors
    )
    funding = _rows(form, "funding", ("source", "amount", "currency", "share_percent"))
    data["funding"] = _numbers(funding, "funding", errors)
    partners = _rows(form, "partner", ("name", "side", "country", "share_percent"))
    data["partners"] = _numbers(partners, "partners", errors)
    try:
        project = ProjectInput.model_validate(data)
    except ValidationError as exc:
        return None, _errors(exc) | errors
    return (None, errors) if errors else (project, {})


def _errors(exc: ValidationError) -> dict[str, str]:
    """One message per field pydantic refused (it reports every field, the checks across
    fields included, in one pass)."""
    errors: dict[str, str] = {}
    for e in exc.errors():
        where = str(e["loc"][0]) if e["loc"] else "form"
        errors.setdefault(where, _friendly(where))
    return errors


def _friendly(where: str) -> str:
    return {
        "milestones": _("Add at least one milestone with a title and a due date."),
        "funding": _(
            "Each funding source needs a name and a positive amount; shares may not exceed 100%."
        ),
        "partners": _("Ownership shares of all partners may not exceed 100%."),
        "end_date": _("The project cannot end before it starts."),
    }.get(where, _("Check this value."))


@router.post("/proposals/{proposal_id}/accept")
def accept(
    request: Request,
    proposal_id: uuid.UUID,
    session: SessionDep,
    settings: SettingsDep,
    user: CurrentUser,
    posted: FormDep,
) -> Response:
    service = ProposalService(session, settings)
    access = service.access(user, proposal_id)
    form = {k: v for k, v in posted.items() if isinstance(v, str)}
    data, errors = _project_input(form)
    if data is None:
        return _accept_page(request, access, form, errors)
    project = ProjectService(session, settings).open_from_proposal(user, proposal_id, data)
    flash(
        request,
        _("Proposal accepted. The project is open and the other proposers have been told."),
        "success",
    )
    return redirect(f"/projects/{project.id}")


# What each lifecycle button says, and what is said after it (translated when shown).
DONE = {
    "submit_agreement": N_("The project was sent for agreement."),
    "activate": N_("The project has started."),
    "suspend": N_("The project is suspended."),
    "resume": N_("The project has resumed."),
    "start_closing": N_("The project is closing."),
    "close": N_("The project is closed."),
    "terminate": N_("The project was terminated."),
}
START_DATE = {"start_date": N_("Start date")}
JOINED_ON = {"joined_on": N_("Joined on")}
LEFT_ON = {"left_on": N_("Left on")}
END_DATE = {"end_date": N_("End date")}
# What an amendment's before/after facts are called on the page.
FACTS = {
    "end_date": N_("End date"),
    "duration_months": N_("Duration (months)"),
    "partner": N_("Partner"),
    "role": N_("Role"),
    "country": N_("Country"),
    "joined_on": N_("Joined on"),
    "left_on": N_("Left on"),
}
DATE_FACTS = frozenset({"end_date", "joined_on", "left_on", "start_date"})


def _fact_text(key: str, value: object) -> str:
    """An amendment's before or after value as the reader reads it: dates in the reader's
    format, countries by name, roles translated (the record keeps ISO dates and codes)."""
    if value is None or value == "":
        return "—"
    text = str(value)
    if key in DATE_FACTS:
        try:
            return format_date(date.fromisoformat(text), "medium", locale=i18n.current_locale())
        except ValueError:
            return text
    if key == "country":
        return country_name(text) or text
    return _(text) if key == "role" else text


LEAD_KEYS = ("organization_id", "name", "country", "contact_name", "contact_email")


def _schema_errors(exc: ValidationError) -> dict[str, str]:
    errors: dict[str, str] = {}
    for e in exc.errors():
        errors.setdefault(field_of(e), validation_message(e, _))
    return errors


def _refusal(exc: DomainError) -> dict[str, str]:
    """A refusal of the service shown beside its field (or above the form); a 403 or a 404
    stays what it is."""
    if not isinstance(exc, ValidationFailed | Conflict):
        raise exc
    return {exc.field or "form": exc.render(_)}


def _posted(posted: Any) -> dict[str, Any]:
    form: dict[str, Any] = {k: v.strip() for k, v in posted.items() if isinstance(v, str)}
    form["fields"] = [v for v in posted.getlist("fields") if isinstance(v, str)]
    form["confidential"] = "confidential" in posted
    return form


def _query(chosen: dict[str, Any]) -> str:
    """The chosen filters as the start of a query string the pagination links continue."""
    kept = {k: v for k, v in chosen.items() if v}
    return urlencode(kept) + "&" if kept else ""


# -- browse --------------------------------------------------------------------------------
@router.get("/projects")
def browse(
    request: Request, session: SessionDep, settings: SettingsDep, user: OptionalUser,
    params: PageDep, hub: str | None = None, field: str | None = None,
    status: str | None = None, country: str | None = None, funder: str | None = None,
) -> Response:  # fmt: skip
    """Every project this reader may open (public summaries, and those they are inside of),
    with filters: hub, field, status, a partner's country and a funder."""
    hubs = HubService(session).all_ordered()
    hub_id = next((h.id for h in hubs if str(h.id) == hub), None)
    status = status if status in {s.value for s in ProjectStatus} else None
    country = (blank(country) or "").upper()[:2] or None
    filters = ProjectFilters(
        hub_id=hub_id, field=blank(field), status=status, country=country, funder=blank(funder)
    )
    page = ProjectService(session, settings).browse(user, filters, params)
    taxonomy = TaxonomyService(session)
    chosen = {"hub": hub_id, "field": filters.field, "status": status, "country": country,
              "funder": filters.funder}  # fmt: skip
    locale = i18n.current_locale()
    return render(
        request, "projects/list.html", page=page, filters=filters, hubs=hubs,
        fields=taxonomy.ordered(), field_labels=taxonomy.labels(),
        base_query=_query(chosen), statuses=[s.value for s in ProjectStatus],
        shown={p.id: shown_text(p, locale) for p in page.items},
        can_create=bool(user and user.is_staff),
    )  # fmt: skip


@router.get("/projects/mine")
def my_projects(
    request: Request, session: SessionDep, settings: SettingsDep, user: CurrentUser,
    params: PageDep,
) -> Response:  # fmt: skip
    """One page, scoped by role: a coordinator's reads "Hub projects"."""
    page = ProjectService(session, settings).mine(user, params)
    return render(request, "projects/mine.html", page=page)


# -- create and edit -----------------------------------------------------------------------
def _form_page(
    request: Request, session: SessionDep, user: User, form: dict[str, Any],
    errors: dict[str, str], head: dict[str, Any] | None = None,
) -> Response:  # fmt: skip
    """The create form, or the edit form under the project's header (`head`)."""
    organizations = OrganizationQueries(session).page(user, PageParams(size=100)).items
    return render(
        request, "projects/form.html", status_code=422 if errors else 200, form=form,
        errors=errors, organizations=organizations,
        **(head or {"project": None}),
        hubs=HubService(session).all_ordered() if user.has_role(Role.admin) else [],
        taxonomy=TaxonomyService(session).offered(form.get("fields", [])),
        languages=LANGUAGES,
    )  # fmt: skip


def _translations(form: dict[str, Any]) -> dict[str, dict[str, str]]:
    given = {
        code: {"title": form.get(f"title_{code}", ""), "summary": form.get(f"summary_{code}", "")}
        for code in LANGUAGES
    }
    return {
        code: text
        for code, text in given.items()
        if code != form.get("language") and any(text.values())
    }


def _basics(form: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """The basics as the schema takes them, and the dates that are not dates."""
    values, errors = read_dates({"start_date": form.get("start_date", "")}, START_DATE)
    data: dict[str, Any] = {
        "title": form.get("title", ""),
        "summary": form.get("summary", ""),
        "language": form.get("language") or "vi",
        "translations": _translations(form),
        "fields": form.get("fields", []),
        "confidential": bool(form.get("confidential")),
    }
    if values.get("start_date"):
        data["start_date"] = values["start_date"]
    if form.get("duration_months"):
        data["duration_months"] = form["duration_months"]
    return data, errors


def _lead(form: dict[str, Any], prefix: str) -> dict[str, Any]:
    return {k: form[f"{prefix}_{k}"] for k in LEAD_KEYS if form.get(f"{prefix}_{k}")}


@router.get("/projects/new")
def new_project_form(request: Request, session: SessionDep, user: CurrentUser) -> Response:
    """A coordinator records a project that began outside the platform."""
    if not user.is_staff:
        raise Forbidden(N_("only the hub's coordinators create projects"))
    form = {"language": user.locale, "fields": [], "duration_months": "36"}
    return _form_page(request, session, user, form, {})


@router.post("/projects/new")
def create_project(
    request: Request, session: SessionDep, settings: SettingsDep, user: CurrentUser,
    posted: FormDep,
) -> Response:  # fmt: skip
    form = _posted(posted)
    data, errors = _basics(form)
    data["hub_id"] = form.get("hub_id") or None
    data["vietnam_lead"] = _lead(form, "vietnam_lead")
    data["abroad_lead"] = _lead(form, "abroad_lead")
    try:
        created = ProjectCreate.model_validate(data)
    except ValidationError as exc:
        return _form_page(request, session, user, form, _schema_errors(exc) | errors)
    if errors:
        return _form_page(request, session, user, form, errors)
    service = ProjectService(session, settings)
    try:
        project = service.create(user, created)
    except DomainError as exc:
        return _form_page(request, session, user, form, _refusal(exc))
    flash(request, _("The project is recorded as a draft."), "success")
    return redirect(f"/projects/{project.id}")


@router.get("/projects/{project_id}/edit")
def edit_form(
    request: Request, project_id: uuid.UUID, session: SessionDep, settings: SettingsDep,
    user: CurrentUser,
) -> Response:  # fmt: skip
    service = ProjectService(session, settings)
    project = service.get_inside(user, project_id)
    form: dict[str, Any] = {
        "title": project.title, "summary": project.summary, "language": project.language,
        "fields": list(project.fields or []), "confidential": project.confidential,
        "start_date": date_value(project.start_date),
        "duration_months": str(project.duration_months or ""),
    }  # fmt: skip
    for code, text in (project.translations or {}).items():
        form[f"title_{code}"] = text.get("title", "")
        form[f"summary_{code}"] = text.get("summary", "")
    return _form_page(request, session, user, form, {}, header(service, user, project))


@router.post("/projects/{project_id}/edit")
def edit_project(
    request: Request, project_id: uuid.UUID, session: SessionDep, settings: SettingsDep,
    user: CurrentUser, posted: FormDep,
) -> Response:  # fmt: skip
    service = ProjectService(session, settings)
    project = service.get_inside(user, project_id)
    head = header(service, user, project)
    form = _posted(posted)
    data, errors = _basics(form)
    try:
        patch = ProjectPatch.model_validate(data)
    except ValidationError as exc:
        return _form_page(request, session, user, form, _schema_errors(exc) | errors, head)
    if errors:
        return _form_page(request, session, user, form, errors, head)
    try:
        service.update(user, project_id, patch)
    except DomainError as exc:
        return _form_page(request, session, user, form, _refusal(exc), head)
    flash(request, _("Changes saved."), "success")
    return redirect(f"/projects/{project_id}")


# -- the project page ----------------------------------------------------------------------
@router.get("/projects/{project_id}")
def project_page(
    request: Request, project_id: uuid.UUID, session: SessionDep, settings: SettingsDep,
    user: OptionalUser,
) -> Response:  # fmt: skip
    """Inside: the whole project, its header, tabs and channel. Outside: the public summary
    of a project that is neither confidential nor a draft. Anyone else: 404."""
    service = ProjectService(session, settings)
    project = service.get_visible(user, project_id)
    taxonomy = TaxonomyService(session)
    title, summary, language = shown_text(project, i18n.current_locale())
    text = {"title": title, "summary": summary, "language": language,
            "language_name": LANGUAGES.get(language, language)}  # fmt: skip
    if not service.is_inside(user, project):
        return render(
            request, "projects/summary.html", project=project, text=text,
            field_labels=taxonomy.labels(),
            public_results=ResultService(session, settings).public_results(project),
            result_kinds=KIND_LABELS, ip_statuses=IP_STATUS_LABELS,
        )  # fmt: skip
    order = (
        OrderQueries(session).get_visible_by_id(project.order_id, user)
        if project.order_id
        else None
    )
    can_manage = bool(service.roles_of(user, project) & {LEAD, STAFF})
    plan = PlanService(session, settings).plan(user, project.id)
    return render(
        request, "projects/detail.html", order=order, can_manage=can_manage, text=text,
        field_labels=taxonomy.labels(), plan=plan, plan_labels=PLAN_LABELS,
        channel=ProjectChannel(session, settings).entries(user, project.id),
        **header(service, user, project),
    )  # fmt: skip


def _transition_page(action: str) -> None:
    def handle(
        request: Request, project_id: uuid.UUID, session: SessionDep, settings: SettingsDep,
        user: CurrentUser, posted: FormDep,
    ) -> Response:  # fmt: skip
        reason = posted.get("reason")
        reason = reason.strip() if isinstance(reason, str) else ""
        try:
            ProjectService(session, settings).transition(user, project_id, action, reason)
        except ValidationFailed as exc:
            flash(request, exc.render(_), "error")
            return redirect(f"/projects/{project_id}")
        flash(request, _(DONE[action]), "success")
        return redirect(f"/projects/{project_id}")

    handle.__name__ = f"{action}_project_page"
    router.post(f"/projects/{{project_id}}/{action}", name=f"{action}_project_page")(handle)


for _action, _transition in PROJECT_STATES.transitions.items():
    if _transition.offered:
        _transition_page(_action)


@router.post("/projects/{project_id}/messages")
def post_message(
    request: Request, project_id: uuid.UUID, session: SessionDep, settings: SettingsDep,
    user: CurrentUser, posted: FormDep,
) -> Response:  # fmt: skip
    body = posted.get("body")
    try:
        ProjectChannel(session, settings).post(
            user, project_id, body if isinstance(body, str) else ""
        )
    except ValidationFailed as exc:
        flash(request, exc.render(_), "error")
    return redirect(f"/projects/{project_id}#channel")


# -- the consortium ------------------------------------------------------------------------
def _partners_page(
    request: Request, service: ProjectService, user: User, project: Project,
    form: dict[str, Any], errors: dict[str, str],
) -> Response:  # fmt: skip
    organizations = OrganizationQueries(service.session).page(user, PageParams(size=100)).items
    return render(
        request, "projects/core_partners.html", status_code=422 if errors else 200,
        form=form, errors=errors, organizations=organizations,
        roles=[r.value for r in PartnerRole], **header(service, user, project),
    )  # fmt: skip


@router.get("/projects/{project_id}/partners")
def partners(
    request: Request, project_id: uuid.UUID, session: SessionDep, settings: SettingsDep,
    user: CurrentUser,
) -> Response:  # fmt: skip
    """The consortium with its history: who joined and left, when."""
    service = ProjectService(session, settings)
    project = service.get_inside(user, project_id)
    return _partners_page(request, service, user, project, {"role": "partner"}, {})


@router.post("/projects/{project_id}/partners")
def add_partner(
    request: Request, project_id: uuid.UUID, session: SessionDep, settings: SettingsDep,
    user: CurrentUser, posted: FormDep,
) -> Response:  # fmt: skip
    service = ProjectService(session, settings)
    project = service.get_inside(user, project_id)
    form = _posted(posted)
    keys = (*LEAD_KEYS, "role", "reason")
    values, errors = read_dates({"joined_on": form.get("joined_on", "")}, JOINED_ON)
    data = {k: form[k] for k in keys if form.get(k)}
    if values.get("joined_on"):
        data["joined_on"] = values["joined_on"]
    try:
        partner = PartnerAdd.model_validate(data)
    except ValidationError as exc:
        return _partners_page(request, service, user, project, form, _schema_errors(exc) | errors)
    if errors:
        return _partners_page(request, service, user, project, form, errors)
    try:
        service.add_partner(user, project_id, partner)
    except DomainError as exc:
        project = service.get_inside(user, project_id)
        return _partners_page(request, service, user, project, form, _refusal(exc))
    flash(request, _("The partner was added to the consortium."), "success")
    return redirect(f"/projects/{project_id}/partners")


@router.post("/projects/{project_id}/partners/{partner_id}/leave")
def partner_leaves(
    request: Request, project_id: uuid.UUID, partner_id: uuid.UUID, session: SessionDep,
    settings: SettingsDep, user: CurrentUser, posted: FormDep,
) -> Response:  # fmt: skip
    service = ProjectService(session, settings)
    project = service.get_inside(user, project_id)
    form = {f"{k}_{partner_id}": v for k, v in _posted(posted).items()}
    text = {"left_on": str(posted.get("left_on") or "")}
    values, errors = read_dates(text, LEFT_ON)
    reason = posted.get("reason")
    try:
        if errors or values.get("left_on") is None:
            raise ValidationFailed(N_("give the date the partner leaves"), field="left_on")
        data = LeaveInput(
            left_on=values["left_on"], reason=reason if isinstance(reason, str) else ""
        )
        service.partner_leaves(user, project_id, partner_id, data)
    except DomainError as exc:
        project = service.get_inside(user, project_id)
        refused = errors or _refusal(exc)
        keyed = {f"{k}_{partner_id}": v for k, v in refused.items()}
        return _partners_page(request, service, user, project, form, keyed)
    flash(request, _("The partner has left the consortium; its history is kept."), "success")
    return redirect(f"/projects/{project_id}/partners")


# -- amendments ----------------------------------------------------------------------------
def _amendments_page(
    request: Request, service: ProjectService, user: User, project: Project,
    form: dict[str, Any], errors: dict[str, str],
) -> Response:  # fmt: skip
    amendments = service.amendments(user, project.id)
    return render(
        request, "projects/core_amendments.html", status_code=422 if errors else 200,
        form=form, errors=errors, amendments=amendments, authors=service.authors(amendments),
        fact_labels=FACTS, fact_text=_fact_text,
        **header(service, user, project),
    )  # fmt: skip


@router.get("/projects/{project_id}/amendments")
def amendments(
    request: Request, project_id: uuid.UUID, session: SessionDep, settings: SettingsDep,
    user: CurrentUser,
) -> Response:  # fmt: skip
    """Every change to what was agreed (who, when, why, before and after), and the form that
    moves the end date."""
    service = ProjectService(session, settings)
    project = service.get_inside(user, project_id)
    return _amendments_page(request, service, user, project, {}, {})


@router.post("/projects/{project_id}/amendments/end-date")
def amend_end_date(
    request: Request, project_id: uuid.UUID, session: SessionDep, settings: SettingsDep,
    user: CurrentUser, posted: FormDep,
) -> Response:  # fmt: skip
    service = ProjectService(session, settings)
    project = service.get_inside(user, project_id)
    form = _posted(posted)
    values, errors = read_dates({"end_date": form.get("end_date", "")}, END_DATE)
    if not errors and values.get("end_date") is None:
        errors["end_date"] = validation_message({"loc": ("end_date",), "type": "missing"}, _)
    if errors:
        return _amendments_page(request, service, user, project, form, errors)
    try:
        data = EndDateInput(end_date=values["end_date"], reason=form.get("reason", ""))
        service.amend_end_date(user, project_id, data)
    except ValidationError as exc:
        return _amendments_page(request, service, user, project, form, _schema_errors(exc))
    except DomainError as exc:
        project = service.get_inside(user, project_id)
        return _amendments_page(request, service, user, project, form, _refusal(exc))
    flash(request, _("The end date was amended."), "success")
    return redirect(f"/projects/{project_id}/amendments")


@router.post("/projects/{project_id}/milestones/{milestone_id}/done")
def milestone_done(
    project_id: uuid.UUID,
    milestone_id: uuid.UUID,
    session: SessionDep,
    settings: SettingsDep,
    user: CurrentUser,
) -> Response:
    """The first projects' "done": now a plan milestone's "reach" (projects.plan)."""
    PlanService(session, settings).reach(user, project_id, milestone_id)
    return redirect(f"/projects/{project_id}")
