"""A project's plan pages: the work packages with their deliverables and milestones (add and
edit forms, the buttons the state tables allow, comments, files) and the timeline, a
server-drawn Gantt chart (SVG, no script). Inside the project only (404 for anyone else)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Any

from babel.dates import format_date, format_skeleton
from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, ValidationError

from vstid.core import i18n
from vstid.core.errors import ValidationFailed
from vstid.core.i18n import N_
from vstid.core.i18n import gettext as _
from vstid.projects.plan.models import PlanItemKind
from vstid.projects.plan.schemas import PlanItemInput, PlanItemUpdate, WorkPackageInput
from vstid.projects.plan.service import PlanService, Timeline
from vstid.projects.plan.states import STATUS_LABELS
from vstid.web.deps import CurrentUser, FormDep, SessionDep, SettingsDep
from vstid.web.forms import date_value, read_dates
from vstid.web.pages.base import flash, redirect, render
from vstid.web.pages.projects._shared import header
from vstid.web.uploads import download_response, read_upload
from vstid.web.validation import field_of, validation_message

__all__ = ["router"]

router = APIRouter()
BASE = "/projects/{project_id}/plan"
LABELS = {
    "code": N_("Code"),
    "title": N_("Title"),
    "description": N_("Description"),
    "lead_partner_id": N_("Lead partner"),
    "start_month": N_("Start month"),
    "end_month": N_("End month"),
    "work_package_id": N_("Work package"),
    "kind": N_("Kind"),
    "due_month": N_("Due in month"),
    "due_date": N_("Due date"),
    "comment": N_("Comment"),
    "attachments": N_("File"),
}
BUTTONS = {
    "draft": N_("Work on it (draft)"),
    "submit": N_("Submit for review"),
    "accept": N_("Accept the deliverable"),
    "request_revision": N_("Send back for revision"),
    "reach": N_("Mark reached"),
}
DONE = {
    "draft": N_("The deliverable is being drafted."),
    "submit": N_("The deliverable was submitted; the hub's coordinators have been told."),
    "accept": N_("The deliverable was accepted; the consortium has been told."),
    "request_revision": N_("The deliverable was sent back for revision with your comment."),
    "reach": N_("The milestone is reached."),
}


def _page(
    request: Request, service: PlanService, user: Any, project_id: uuid.UUID,
    failed: str = "", form: dict[str, str] | None = None, errors: dict[str, str] | None = None,
) -> Response:  # fmt: skip
    plan = service.plan(user, project_id)
    return render(
        request,
        "projects/plan_page.html",
        status_code=422 if errors else 200,
        plan=plan,
        **header(service, user, plan.project),
        kinds=[k.value for k in PlanItemKind],
        failed=failed,
        form=form or {},
        errors=errors or {},
        date_value=date_value,
        buttons=BUTTONS,
        plan_labels=STATUS_LABELS,
    )


def _values(form: dict[str, Any], keys: tuple[str, ...]) -> dict[str, str]:
    return {k: v.strip() for k in keys if isinstance(v := form.get(k), str) and v.strip()}


def _labelled(name: str, message: str) -> str:
    label = _(LABELS[name]) if name in LABELS else name
    return message.replace(name, label, 1) if name in message else message


def _schema_errors(exc: ValidationError) -> dict[str, str]:
    errors: dict[str, str] = {}
    for error in exc.errors():
        name = field_of(error)
        errors.setdefault(name, _labelled(name, validation_message(error, _)))
    return errors


def _read(model: type[BaseModel], values: dict[str, Any]) -> tuple[Any, dict[str, str]]:
    """The form as the schema, or one message per field (a date read as the reader writes it)."""
    read, wrong = read_dates(
        values, {"due_date": LABELS["due_date"]} if "due_date" in values else {}
    )
    if wrong:
        return None, wrong
    try:
        return model.model_validate(read), {}
    except ValidationError as exc:
        return None, _schema_errors(exc)


def _domain_errors(exc: ValidationFailed) -> dict[str, str]:
    return {exc.field or "form": exc.render(_)}


@router.get(BASE)
def plan_page(
    request: Request, project_id: uuid.UUID, session: SessionDep, settings: SettingsDep,
    user: CurrentUser,
) -> Response:  # fmt: skip
    return _page(request, PlanService(session, settings), user, project_id)


WP_KEYS = ("code", "title", "lead_partner_id", "start_month", "end_month")
ITEM_KEYS = ("work_package_id", "kind", "code", "title", "description", "due_month", "due_date")


@router.post(f"{BASE}/work-packages")
def add_work_package(
    request: Request, project_id: uuid.UUID, session: SessionDep, settings: SettingsDep,
    user: CurrentUser, posted: FormDep,
) -> Response:  # fmt: skip
    return _save_package(request, PlanService(session, settings), user, project_id, None, posted)


@router.post(f"{BASE}/work-packages/{{package_id}}")
def edit_work_package(
    request: Request, project_id: uuid.UUID, package_id: uuid.UUID, session: SessionDep,
    settings: SettingsDep, user: CurrentUser, posted: FormDep,
) -> Response:  # fmt: skip
    service = PlanService(session, settings)
    return _save_package(request, service, user, project_id, package_id, posted)


def _save_package(
    request: Request, service: PlanService, user: Any, project_id: uuid.UUID,
    package_id: uuid.UUID | None, posted: Any,
) -> Response:  # fmt: skip
    values = _values(dict(posted), WP_KEYS)
    key = f"wp-{package_id}" if package_id else "wp-new"
    data, errors = _read(WorkPackageInput, values)
    if data is not None:
        try:
            if package_id is None:
                service.add_work_package(user, project_id, data)
            else:
                service.update_work_package(user, project_id, package_id, data)
        except ValidationFailed as exc:
            errors = _domain_errors(exc)
    if errors:
        return _page(request, service, user, project_id, key, values, errors)
    flash(request, _("The work plan was saved."), "success")
    return redirect(f"/projects/{project_id}/plan")


@router.post(f"{BASE}/items")
def add_item(
    request: Request, project_id: uuid.UUID, session: SessionDep, settings: SettingsDep,
    user: CurrentUser, posted: FormDep,
) -> Response:  # fmt: skip
    return _save_item(request, PlanService(session, settings), user, project_id, None, posted)


@router.post(f"{BASE}/items/{{item_id}}")
def edit_item(
    request: Request, project_id: uuid.UUID, item_id: uuid.UUID, session: SessionDep,
    settings: SettingsDep, user: CurrentUser, posted: FormDep,
) -> Response:  # fmt: skip
    return _save_item(request, PlanService(session, settings), user, project_id, item_id, posted)


def _save_item(
    request: Request, service: PlanService, user: Any, project_id: uuid.UUID,
    item_id: uuid.UUID | None, posted: Any,
) -> Response:  # fmt: skip
    values = _values(dict(posted), ITEM_KEYS)
    key = f"item-{item_id}" if item_id else f"item-new-{values.get('work_package_id', '')}"
    data, errors = _read(PlanItemUpdate if item_id else PlanItemInput, values)
    if data is not None:
        try:
            if item_id is None:
                service.add_item(user, project_id, data)
            else:
                service.update_item(user, project_id, item_id, data)
        except ValidationFailed as exc:
            errors = _domain_errors(exc)
    if errors:
        return _page(request, service, user, project_id, key, values, errors)
    flash(request, _("The work plan was saved."), "success")
    return redirect(f"/projects/{project_id}/plan")


@router.get(f"{BASE}/items/{{item_id}}/file")
def download_file(
    project_id: uuid.UUID, item_id: uuid.UUID, session: SessionDep, settings: SettingsDep,
    user: CurrentUser,
) -> Response:  # fmt: skip
    item, chunks = PlanService(session, settings).file(user, project_id, item_id)
    return download_response(
        chunks, item.file_type or "", item.file_name or "file", item.file_size or 0
    )


@router.post(f"{BASE}/items/{{item_id}}/{{action}}")
def item_action(
    request: Request, project_id: uuid.UUID, item_id: uuid.UUID, action: str,
    session: SessionDep, settings: SettingsDep, user: CurrentUser,
    comment: Annotated[str, Form()] = "",
    file: Annotated[UploadFile | None, File()] = None,
) -> Response:  # fmt: skip
    """A transition from the plan page: a wrong role or state is the error page (403, 409);
    a missing comment or a refused file shows the plan again with the message at the item."""
    service = PlanService(session, settings)
    upload = None
    if file is not None and file.filename:
        upload = (file.filename, read_upload(file, settings.max_upload_bytes))
    try:
        service.act(user, project_id, item_id, action, comment, upload)
    except ValidationFailed as exc:
        return _page(request, service, user, project_id, f"act-{item_id}", {"comment": comment},
                     _domain_errors(exc))  # fmt: skip
    flash(request, _(DONE[action]), "success")
    return redirect(f"/projects/{project_id}/plan#item-{item_id}")


# -- the timeline -----------------------------------------------------------------------------
LABEL_W, ROW_H, HEAD_H, PAD, BAR_H = 180, 64, 44, 16, 16
COLOURS = {
    "accepted": "#1f7a4d", "reached": "#1f7a4d", "submitted": "#9a6700", "draft": "#2f5fa8",
    "revision_requested": "#8a4fb0", "pending": "#56627a", "overdue": "#c8102e",
}  # fmt: skip


def _month_width(months: int) -> int:
    """Wide enough to read, narrow enough that five years fit 1280 px without scrolling."""
    return max(16, min(64, 960 // max(months, 1)))


def _stride(width: int) -> int:
    return next(s for s in (1, 2, 3, 6, 12, 24) if width * s >= 60)


def _month_label(day: date, first: bool, locale: str) -> str:
    if first or day.month == 1:
        return format_skeleton("yMMM", day, locale=locale)
    return format_date(day, "MMM", locale=locale)


def _text_width(text: str) -> float:
    """A label's width in the chart's 12 px font, roughly (wide scripts count double)."""
    return sum(12.0 if ord(c) > 0x2E80 else 6.8 for c in text)


def _lanes(markers: list[dict[str, Any]], top: float) -> None:
    """Labels above the bar, or below it when the one before would be overwritten."""
    ends = [-1e9, -1e9]
    for marker in sorted(markers, key=lambda m: m["x"]):
        start = marker["x"] - 6
        if start > ends[0]:
            lane = 0
        elif start > ends[1]:
            lane = 1
        else:
            lane = 0 if ends[0] <= ends[1] else 1
        marker["label_y"] = top + 14 if lane == 0 else top + ROW_H - 6
        marker["label_x"] = start
        ends[lane] = start + _text_width(marker["label"]) + 6


def _chart(timeline: Timeline, locale: str) -> dict[str, Any]:
    """The SVG's geometry: every coordinate computed here, so the template only places it."""
    mw = _month_width(timeline.months)
    stride = _stride(mw)
    if timeline.month_starts:  # a month labelled with its year must not run into the next one
        widest = max(
            _text_width(_month_label(day, m == 0, locale))
            for m, day in enumerate(timeline.month_starts[: timeline.months])
        )
        stride = next((s for s in (1, 2, 3, 6, 12, 24) if s >= stride and mw * s >= widest + 6), 24)
    width = LABEL_W + timeline.months * mw + PAD
    height = HEAD_H + max(len(timeline.rows), 1) * ROW_H + PAD

    def x(at: float) -> float:
        return round(LABEL_W + at * mw, 1)

    months = []
    shown_year = None  # a label names its year when the year changed since the one before
    for m in range(0, timeline.months, stride):
        if timeline.month_starts:
            day = timeline.month_starts[m]
            text = _month_label(day, day.year != shown_year, locale)
            shown_year = day.year
        else:
            text = _("Month %(n)s") % {"n": m + 1}
        months.append({"x": x(m), "text": text})
    rows = []
    for r, row in enumerate(timeline.rows):
        top = HEAD_H + r * ROW_H
        middle = top + ROW_H / 2
        wp = row.package
        markers = []
        for marker in row.markers:
            state = "overdue" if marker.item.overdue else marker.item.status
            label = marker.item.code + (" · " + _("overdue") if marker.item.overdue else "")
            markers.append({
                "x": x(marker.at), "y": middle, "kind": marker.item.kind,
                "colour": COLOURS.get(state, COLOURS["pending"]), "label": label,
                "overdue": marker.item.overdue, "item": marker.item,
            })  # fmt: skip
        _lanes(markers, top)
        rows.append({
            "y": top, "bar_y": middle - BAR_H / 2, "bar_h": BAR_H,
            "label": f"{wp.code} {wp.title}", "bar_x": x(wp.start_month - 1),
            "bar_w": max((wp.end_month - wp.start_month + 1) * mw, 4), "markers": markers,
            "package": wp,
        })  # fmt: skip
    today = x(timeline.today_at) if timeline.today_at is not None else None
    return {"width": width, "height": height, "months": months, "rows": rows, "today": today,
            "grid": [x(m) for m in range(0, timeline.months + 1, stride)], "label_w": LABEL_W,
            "row_h": ROW_H, "head_h": HEAD_H}  # fmt: skip


@router.get("/projects/{project_id}/timeline")
def timeline_page(
    request: Request, project_id: uuid.UUID, session: SessionDep, settings: SettingsDep,
    user: CurrentUser,
) -> Response:  # fmt: skip
    service = PlanService(session, settings)
    timeline = service.timeline(user, project_id)
    return render(
        request,
        "projects/plan_timeline.html",
        timeline=timeline,
        **header(service, user, timeline.project),
        chart=_chart(timeline, i18n.current_locale()),
        colours=COLOURS,
        plan_labels=STATUS_LABELS,
    )
