"""Program endpoints, the core: programs (browse, create, read, edit, lifecycle), their
agencies and budget, and their indicators (definitions, progress, the records behind a
computed number, reported values with evidence and verification)."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Response, UploadFile, status
from fastapi.responses import StreamingResponse

from vstid.accounts.models import User
from vstid.core.i18n import gettext as _
from vstid.programs.indicators.schemas import (
    IndicatorCreate,
    IndicatorOut,
    IndicatorPatch,
    PeriodInput,
    ProgressOut,
    RecordOut,
    ReportInput,
    ReportOut,
    ReturnInput,
    YearOut,
)
from vstid.programs.indicators.service import IndicatorService
from vstid.programs.models import IndicatorReport, Program
from vstid.programs.schemas import (
    AgencyInput,
    AgencyOut,
    BudgetLineInput,
    BudgetLineOut,
    BudgetOut,
    ConvertedOut,
    ProgramCreate,
    ProgramOut,
    ProgramPatch,
    ProgramSummaryOut,
)
from vstid.programs.service import ProgramService
from vstid.programs.states import PROGRAM_STATES
from vstid.projects.results.service import Upload
from vstid.web.deps import CurrentUser, OptionalUser, SessionDep, SettingsDep
from vstid.web.uploads import download_response, read_upload

__all__ = ["router"]

router = APIRouter(tags=["programs"])
BASE = "/programs/{program_id}"
IND = BASE + "/indicators/{indicator_id}"
REP = IND + "/reports/{report_id}"
FILE_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The evidence file, sent with the type it was checked as on upload",
        "content": {"*/*": {"schema": {"type": "string", "format": "binary"}}},
    }
}


def program_out(service: ProgramService, user: User | None, program: Program) -> ProgramOut:
    """The program with its agencies (named) and what this caller may do now."""
    out = ProgramOut.model_validate(program)
    orgs = service.organizations_of(program)
    out.agencies = [
        AgencyOut.model_validate(a).model_copy(
            update={"name": orgs[a.organization_id].name if a.organization_id in orgs else ""}
        )
        for a in program.agencies
    ]
    out.other_hub_ids = [h.hub_id for h in program.hubs]
    out.allowed_actions = service.allowed_actions(user, program)
    out.can_edit = service.can_edit(user, program)
    return out


@router.get("/programs", response_model=list[ProgramSummaryOut])
def browse_programs(user: OptionalUser, session: SessionDep, settings: SettingsDep) -> Any:
    """The programs the caller may open: active ones first; drafts for their staff."""
    return ProgramService(session, settings).browse(user)


@router.post("/programs", response_model=ProgramOut, status_code=status.HTTP_201_CREATED)
def create_program(
    data: ProgramCreate, user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> Any:
    """A draft program, by a coordinator in their hub (an admin chooses the hub)."""
    service = ProgramService(session, settings)
    return program_out(service, user, service.create(user, data))


@router.get(BASE, response_model=ProgramOut)
def read_program(
    program_id: uuid.UUID, user: OptionalUser, session: SessionDep, settings: SettingsDep
) -> Any:
    service = ProgramService(session, settings)
    return program_out(service, user, service.get_visible(user, program_id))


@router.patch(BASE, response_model=ProgramOut)
def edit_program(
    program_id: uuid.UUID, data: ProgramPatch, user: CurrentUser, session: SessionDep,
    settings: SettingsDep,
) -> Any:  # fmt: skip
    service = ProgramService(session, settings)
    return program_out(service, user, service.update(user, program_id, data))


def _transition_route(action: str) -> None:
    def handle(
        program_id: uuid.UUID, user: CurrentUser, session: SessionDep, settings: SettingsDep
    ) -> Any:
        service = ProgramService(session, settings)
        return program_out(service, user, service.transition(user, program_id, action))

    handle.__name__ = f"{action}_program"
    router.post(f"{BASE}/{action}", response_model=ProgramOut, name=f"{action}_program")(handle)


for _action in PROGRAM_STATES.transitions:
    _transition_route(_action)


@router.post(BASE + "/agencies", response_model=AgencyOut, status_code=status.HTTP_201_CREATED)
def add_agency(
    program_id: uuid.UUID, data: AgencyInput, user: CurrentUser, session: SessionDep,
    settings: SettingsDep,
) -> Any:  # fmt: skip
    """An agency or fund joins (owner, funder or implementing); its country is its
    organization's."""
    service = ProgramService(session, settings)
    row = service.add_agency(user, program_id, data)
    org = service.organization(row.organization_id)
    return AgencyOut.model_validate(row).model_copy(update={"name": org.name if org else ""})


@router.delete(BASE + "/agencies/{agency_id}", status_code=status.HTTP_204_NO_CONTENT)
def remove_agency(
    program_id: uuid.UUID, agency_id: uuid.UUID, user: CurrentUser, session: SessionDep,
    settings: SettingsDep,
) -> Response:  # fmt: skip
    ProgramService(session, settings).remove_agency(user, program_id, agency_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(BASE + "/budget", response_model=BudgetOut)
def read_budget(
    program_id: uuid.UUID, user: OptionalUser, session: SessionDep, settings: SettingsDep
) -> Any:
    """Each agency's lines in its currency, the totals per currency, and the whole in VND
    and USD at today's recorded rates (with the rates), or the missing rate named."""
    service = ProgramService(session, settings)
    budget = service.budget(service.get_visible(user, program_id))
    rates = [
        f"1 {r.currency} = {r.rate} {r.quote} ({r.valid_from.isoformat()}, {r.source})"
        for r in budget.rates
    ]
    return BudgetOut(
        lines=[BudgetLineOut.model_validate(line) for line in budget.lines],
        totals=budget.totals,
        converted=[
            ConvertedOut(currency=c, amount=a, on=budget.on, rates=rates)
            for c, a in budget.converted.items()
        ],
        missing_rate=budget.problem.render(_) if budget.problem else None,
    )


@router.post(
    BASE + "/budget-lines", response_model=BudgetLineOut, status_code=status.HTTP_201_CREATED
)
def add_budget_line(
    program_id: uuid.UUID, data: BudgetLineInput, user: CurrentUser, session: SessionDep,
    settings: SettingsDep,
) -> Any:  # fmt: skip
    return ProgramService(session, settings).add_budget_line(user, program_id, data)


@router.delete(BASE + "/budget-lines/{line_id}", status_code=status.HTTP_204_NO_CONTENT)
def remove_budget_line(
    program_id: uuid.UUID, line_id: uuid.UUID, user: CurrentUser, session: SessionDep,
    settings: SettingsDep,
) -> Response:  # fmt: skip
    ProgramService(session, settings).remove_budget_line(user, program_id, line_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


# -- indicators -------------------------------------------------------------------------------
@router.get(BASE + "/indicators", response_model=list[IndicatorOut])
def list_indicators(
    program_id: uuid.UUID, user: OptionalUser, session: SessionDep, settings: SettingsDep
) -> Any:
    return IndicatorService(session, settings).of_program(user, program_id)


@router.post(BASE + "/indicators", response_model=IndicatorOut, status_code=status.HTTP_201_CREATED)
def create_indicator(
    program_id: uuid.UUID, data: IndicatorCreate, user: CurrentUser, session: SessionDep,
    settings: SettingsDep,
) -> Any:  # fmt: skip
    """A computed indicator names its query (see README, "Program indicators"); a target
    year in the past or outside the program's period is refused, naming the target."""
    return IndicatorService(session, settings).create(user, program_id, data)


@router.get(IND, response_model=IndicatorOut)
def read_indicator(
    program_id: uuid.UUID, indicator_id: uuid.UUID, user: OptionalUser, session: SessionDep,
    settings: SettingsDep,
) -> Any:  # fmt: skip
    return IndicatorService(session, settings).get(user, program_id, indicator_id)


@router.patch(IND, response_model=IndicatorOut)
def edit_indicator(
    program_id: uuid.UUID, indicator_id: uuid.UUID, data: IndicatorPatch, user: CurrentUser,
    session: SessionDep, settings: SettingsDep,
) -> Any:  # fmt: skip
    return IndicatorService(session, settings).update(user, program_id, indicator_id, data)


@router.delete(IND, status_code=status.HTTP_204_NO_CONTENT)
def delete_indicator(
    program_id: uuid.UUID, indicator_id: uuid.UUID, user: CurrentUser, session: SessionDep,
    settings: SettingsDep,
) -> Response:  # fmt: skip
    IndicatorService(session, settings).delete(user, program_id, indicator_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(IND + "/progress", response_model=ProgressOut)
def indicator_progress(
    program_id: uuid.UUID, indicator_id: uuid.UUID, user: OptionalUser, session: SessionDep,
    settings: SettingsDep,
) -> Any:  # fmt: skip
    """The cumulative value (baseline included) by year against the yearly and overall
    targets, and the breakdowns; projects the caller may not open are not counted."""
    service = IndicatorService(session, settings)
    indicator = service.get(user, program_id, indicator_id)
    p = service.progress(user, service.programs.get_visible(user, program_id), indicator)
    return ProgressOut(
        indicator=IndicatorOut.model_validate(indicator), as_of=p.as_of, value=p.value,
        target=p.target, percent=p.percent, breakdown=p.breakdown, pending=p.pending,
        years=[YearOut(year=y.year, value=y.value, target=y.target) for y in p.years],
    )  # fmt: skip


@router.get(IND + "/drilldown", response_model=list[RecordOut])
def indicator_records(
    program_id: uuid.UUID, indicator_id: uuid.UUID, user: OptionalUser, session: SessionDep,
    settings: SettingsDep,
) -> Any:  # fmt: skip
    """The records behind a computed number as the caller may see them: people's names and
    applications for the program's staff and agencies only (others read counts)."""
    service = IndicatorService(session, settings)
    program = service.programs.get_visible(user, program_id)
    indicator = service.get(user, program_id, indicator_id)
    names = service.shows_names(user, program, indicator)
    return [
        RecordOut(
            kind=r.kind,
            on=r.on,
            name=r.name if names or r.kind == "project" else None,
            project_id=r.project_id,
            country=r.country,
            sex=r.sex,
            institution=r.institution,
            field=r.field,
        )
        for r in service.progress(user, program, indicator).records
    ]


def _report_out(service: IndicatorService, user: User | None, program_id: uuid.UUID,
                report: IndicatorReport) -> ReportOut:  # fmt: skip
    out = ReportOut.model_validate(report)
    program = service.programs.get_visible(user, program_id)
    out.allowed_actions = service.report_actions(user, program, report)
    return out


@router.get(IND + "/reports", response_model=list[ReportOut])
def list_reports(
    program_id: uuid.UUID, indicator_id: uuid.UUID, user: CurrentUser, session: SessionDep,
    settings: SettingsDep,
) -> Any:  # fmt: skip
    """The periods of a reported indicator, for the program's staff and agencies."""
    service = IndicatorService(session, settings)
    program = service.programs.get_visible(user, program_id)
    indicator = service.get(user, program_id, indicator_id)
    return [_report_out(service, user, program_id, r)
            for r in service.reports_of(user, program, indicator)]  # fmt: skip


@router.post(IND + "/reports", response_model=ReportOut, status_code=status.HTTP_201_CREATED)
def open_period(
    program_id: uuid.UUID, indicator_id: uuid.UUID, data: PeriodInput, user: CurrentUser,
    session: SessionDep, settings: SettingsDep,
) -> Any:  # fmt: skip
    """A period due for a reported indicator, open until a value is reported."""
    service = IndicatorService(session, settings)
    report = service.open_period(user, program_id, indicator_id, data)
    return _report_out(service, user, program_id, report)


@router.post(REP + "/evidence", response_model=ReportOut)
def upload_evidence(
    program_id: uuid.UUID, indicator_id: uuid.UUID, report_id: uuid.UUID, file: UploadFile,
    user: CurrentUser, session: SessionDep, settings: SettingsDep,
) -> Any:  # fmt: skip
    content = read_upload(file, settings.max_upload_bytes)
    service = IndicatorService(session, settings)
    upload = Upload(file.filename or "file", content)
    report = service.attach_evidence(user, program_id, indicator_id, report_id, upload)
    return _report_out(service, user, program_id, report)


@router.get(REP + "/evidence", response_class=StreamingResponse, responses=FILE_RESPONSE)
def download_evidence(
    program_id: uuid.UUID, indicator_id: uuid.UUID, report_id: uuid.UUID, user: CurrentUser,
    session: SessionDep, settings: SettingsDep,
) -> Any:  # fmt: skip
    d = IndicatorService(session, settings).evidence(user, program_id, indicator_id, report_id)
    return download_response(d.chunks, d.content_type, d.filename, d.size)


@router.post(REP + "/report", response_model=ReportOut)
def report_value(
    program_id: uuid.UUID, indicator_id: uuid.UUID, report_id: uuid.UUID, data: ReportInput,
    user: CurrentUser, session: SessionDep, settings: SettingsDep,
) -> Any:  # fmt: skip
    """The period's value with its evidence (a link, or the file uploaded before)."""
    service = IndicatorService(session, settings)
    report = service.report(user, program_id, indicator_id, report_id, data)
    return _report_out(service, user, program_id, report)


@router.post(REP + "/verify", response_model=ReportOut)
def verify_value(
    program_id: uuid.UUID, indicator_id: uuid.UUID, report_id: uuid.UUID, user: CurrentUser,
    session: SessionDep, settings: SettingsDep,
) -> Any:  # fmt: skip
    """By the staff or an owner agency's member, never by whoever reported it."""
    service = IndicatorService(session, settings)
    report = service.verify(user, program_id, indicator_id, report_id)
    return _report_out(service, user, program_id, report)


@router.post(REP + "/return", response_model=ReportOut)
def return_value(
    program_id: uuid.UUID, indicator_id: uuid.UUID, report_id: uuid.UUID, data: ReturnInput,
    user: CurrentUser, session: SessionDep, settings: SettingsDep,
) -> Any:  # fmt: skip
    """Back to open for correction, with the reason."""
    service = IndicatorService(session, settings)
    report = service.return_(user, program_id, indicator_id, report_id, data.reason)
    return _report_out(service, user, program_id, report)
