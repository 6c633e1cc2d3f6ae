"""Programs, the decisions part: each owner agency's position on an application, the joint
decision and its letter, and per call the coordinator console and its exports. The program's
staff and the members of its owner agencies take part (404 for anyone else); the applicants
read the decision and its letter."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response
from fastapi.responses import HTMLResponse

from vstid.core import i18n
from vstid.core.i18n import gettext as _
from vstid.programs.decisions.console import ConsoleService, ConsoleView
from vstid.programs.decisions.export import (
    applications_table,
    csv_bytes,
    reviews_table,
    xlsx_bytes,
)
from vstid.programs.decisions.schemas import (
    DecisionInput,
    DecisionOut,
    PositionInput,
    PositionOut,
)
from vstid.programs.decisions.service import DecisionService, DecisionView
from vstid.programs.reviews.models import AgencyPosition
from vstid.web.deps import CurrentUser, SessionDep, SettingsDep

__all__ = ["decision_out", "export_response", "position_out", "router"]

router = APIRouter(tags=["programs"])
APP = "/applications/{reference}"
CALL = "/calls/{reference}"


def position_out(view: DecisionView, row: AgencyPosition) -> PositionOut:
    agency = next((a for a in view.agencies if a.id == row.agency_id), None)
    out = PositionOut.model_validate(row)
    out.agency_country = agency.country if agency else ""
    out.agency_name = view.names.get(row.agency_id, "")
    return out


def decision_out(view: DecisionView) -> DecisionOut:
    assert view.decision is not None
    out = DecisionOut.model_validate(view.decision)
    out.project_id = view.application.project_id
    out.positions = [position_out(view, p) for p in view.positions.values()]
    return out


@router.get(f"{APP}/positions", response_model=list[PositionOut])
def positions(reference: str, user: CurrentUser, session: SessionDep, settings: SettingsDep) -> Any:
    view = DecisionService(session, settings).positions(user, reference)
    return [
        position_out(view, view.positions[a.id]) for a in view.agencies if a.id in view.positions
    ]


@router.post(f"{APP}/positions", response_model=PositionOut)
def record_position(
    reference: str, data: PositionInput, user: CurrentUser, session: SessionDep,
    settings: SettingsDep,
) -> Any:  # fmt: skip
    """Records (or changes, until the joint decision) one agency's position."""
    service = DecisionService(session, settings)
    row = service.record_position(user, reference, data)
    return position_out(service.view(user, reference), row)


@router.get(f"{APP}/decision", response_model=DecisionOut)
def decision(reference: str, user: CurrentUser, session: SessionDep, settings: SettingsDep) -> Any:
    service = DecisionService(session, settings)
    service.letter(user, reference)  # 404 while there is none
    return decision_out(service.view(user, reference))


@router.post(f"{APP}/decision", response_model=DecisionOut, status_code=201)
def decide(
    reference: str, data: DecisionInput, user: CurrentUser, session: SessionDep,
    settings: SettingsDep,
) -> Any:  # fmt: skip
    """The joint decision: 409 until every owner agency has a position, and for an award
    unless every agency says fund; a rejection needs a reason (422)."""
    service = DecisionService(session, settings)
    decided = service.decide(user, reference, data)
    out = decision_out(service.view(user, reference))
    out.mobility_id = decided.mobility_id
    return out


@router.get(f"{APP}/letter", response_class=HTMLResponse)
def letter(reference: str, user: CurrentUser, session: SessionDep, settings: SettingsDep) -> Any:
    """The decision letter as it was sent, in the lead applicant's language (HTML)."""
    _application, row = DecisionService(session, settings).letter(user, reference)
    return HTMLResponse(row.letter, headers={"Content-Language": row.letter_language})


def _console_json(view: ConsoleView) -> dict[str, Any]:
    return {
        "call": view.call.reference,
        "counts": view.counts,
        "agencies": [
            {"id": str(a.id), "country": a.country, "name": view.names.get(a.id, "")}
            for a in view.agencies
        ],
        "applications": [
            {
                "reference": r.application.reference,
                "title": r.application.title,
                "status": r.application.status,
                "countries": r.countries,
                "requested": {
                    str(k): [{"amount": str(a), "currency": c} for a, c in v]
                    for k, v in r.requested.items()
                },
                "reviews": {
                    str(k): {
                        "assigned": p.assigned,
                        "submitted": p.submitted,
                        "mean": str(p.mean) if p.mean is not None else None,
                    }
                    for k, p in r.panels.items()
                },
                "positions": {str(k): p.position for k, p in r.positions.items()},
                "decision": r.decision.decision if r.decision else None,
            }
            for r in view.rows
        ],
        "conflicts": [
            {
                "application": a.reference,
                "reviewer": e.display_name if e else str(c.expert_id),
                "reason": c.reason,
            }
            for c, a, e in view.conflicts
        ],
    }


@router.get(f"{CALL}/console")
def console(reference: str, user: CurrentUser, session: SessionDep, settings: SettingsDep) -> Any:
    """The call's applications by state, review progress per agency panel, conflicts,
    positions and decisions (an agency member sees its own side)."""
    return _console_json(ConsoleService(session, settings).console(user, reference))


def export_response(view: ConsoleView, kind: str, what: str) -> Response:
    """The export as a download: CSV (one table) or XLSX (both sheets)."""
    locale = i18n.current_locale()
    apps = applications_table(view, locale, _)
    if kind == "xlsx":
        body = xlsx_bytes(
            [(_("Applications"), apps), (_("Reviews"), reviews_table(view, locale, _))]
        )
        media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body = csv_bytes(apps if what == "applications" else reviews_table(view, locale, _))
        media = "text/csv; charset=utf-8"
    name = f"{view.call.reference}-{what if kind == 'csv' else 'export'}.{kind}"
    return Response(body, media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})  # fmt: skip


@router.get(f"{CALL}/export.csv")
def export_csv(
    reference: str, user: CurrentUser, session: SessionDep, settings: SettingsDep,
    what: Annotated[Literal["applications", "reviews"], Query()] = "applications",
) -> Response:  # fmt: skip
    view = ConsoleService(session, settings).console(user, reference)
    return export_response(view, "csv", what)


@router.get(f"{CALL}/export.xlsx")
def export_xlsx(
    reference: str, user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> Response:
    view = ConsoleService(session, settings).console(user, reference)
    return export_response(view, "xlsx", "applications")
