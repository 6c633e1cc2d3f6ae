"""A project's funding lines and their fiscal periods, and its totals in VND and USD at
recorded rates. Only those inside the project see any of it (404 otherwise); lead partners and
the hub's staff change it (403 for members)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from vstid.projects.funding.schemas import (
    ConsolidatedOut,
    FundingLineInput,
    FundingLineOut,
    FundingPeriodInput,
    FundingPeriodOut,
    LineTotalOut,
    PeriodTotalOut,
)
from vstid.projects.funding.service import Consolidated, FundingService
from vstid.rates.schemas import RateOut, conversion_out
from vstid.web.deps import CurrentUser, SessionDep, SettingsDep

__all__ = ["router"]

router = APIRouter(tags=["projects"])
BASE = "/projects/{project_id}/funding"


@router.get(BASE, response_model=list[FundingLineOut])
def list_lines(
    project_id: uuid.UUID, user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> Any:
    lines = FundingService(session, settings).lines(user, project_id)
    return [FundingLineOut.model_validate(line) for line in lines]


@router.post(BASE, response_model=FundingLineOut, status_code=201)
def add_line(
    project_id: uuid.UUID, data: FundingLineInput, user: CurrentUser, session: SessionDep,
    settings: SettingsDep,
) -> Any:  # fmt: skip
    line = FundingService(session, settings).add_line(user, project_id, data)
    return FundingLineOut.model_validate(line)


def _consolidated_out(result: Consolidated) -> ConsolidatedOut:
    return ConsolidatedOut(
        on=result.on,
        lines=[
            LineTotalOut(
                line_id=t.line.id, funder_name=t.line.funder_name,
                amount=conversion_out(t.amount),  # type: ignore[arg-type]  # complete here
                periods=[
                    PeriodTotalOut(
                        fiscal_year=p.period.fiscal_year, label=p.period.label, on=p.on,
                        **{k: conversion_out(c) for k, c in p.figures.items()},
                    )
                    for p in t.periods
                ],
                rates=[RateOut.model_validate(r) for r in t.rates],
            )
            for t in result.lines
        ],
        totals={k: dict(v) for k, v in result.totals.items()},
    )  # fmt: skip


@router.get(f"{BASE}/consolidated", response_model=ConsolidatedOut)
def consolidated(
    project_id: uuid.UUID, user: CurrentUser, session: SessionDep, settings: SettingsDep,
    on: Annotated[date | None, Query()] = None,
) -> Any:  # fmt: skip
    """Totals in VND and USD: each line's amount at the rates valid on `on` (today by
    default), each fiscal period's figures at the rates valid on its first day. 422 naming
    the currency and the day when a rate is missing."""
    service = FundingService(session, settings)
    return _consolidated_out(service.consolidated_or_refuse(user, project_id, on))


@router.get(f"{BASE}/{{line_id}}", response_model=FundingLineOut)
def get_line(
    project_id: uuid.UUID, line_id: uuid.UUID, user: CurrentUser, session: SessionDep,
    settings: SettingsDep,
) -> Any:  # fmt: skip
    line = FundingService(session, settings).line(user, project_id, line_id)
    return FundingLineOut.model_validate(line)


@router.put(f"{BASE}/{{line_id}}", response_model=FundingLineOut)
def update_line(
    project_id: uuid.UUID, line_id: uuid.UUID, data: FundingLineInput, user: CurrentUser,
    session: SessionDep, settings: SettingsDep,
) -> Any:  # fmt: skip
    """The whole line, its periods included. A new amount or currency on a project past its
    draft is a budget amendment: `reason` is then required."""
    line = FundingService(session, settings).update_line(user, project_id, line_id, data)
    return FundingLineOut.model_validate(line)


@router.delete(f"{BASE}/{{line_id}}", status_code=204)
def remove_line(
    project_id: uuid.UUID, line_id: uuid.UUID, user: CurrentUser, session: SessionDep,
    settings: SettingsDep, reason: Annotated[str, Query(max_length=2000)] = "",
) -> Response:  # fmt: skip
    FundingService(session, settings).remove_line(user, project_id, line_id, reason)
    return Response(status_code=204)


@router.put(f"{BASE}/{{line_id}}/periods", response_model=FundingPeriodOut)
def set_period(
    project_id: uuid.UUID, line_id: uuid.UUID, data: FundingPeriodInput, user: CurrentUser,
    session: SessionDep, settings: SettingsDep,
) -> Any:  # fmt: skip
    """One fiscal year's committed, disbursed and spent (recorded, or corrected)."""
    period = FundingService(session, settings).set_period(user, project_id, line_id, data)
    return FundingPeriodOut.model_validate(period)


@router.delete(f"{BASE}/{{line_id}}/periods/{{fiscal_year}}", status_code=204)
def remove_period(
    project_id: uuid.UUID, line_id: uuid.UUID, fiscal_year: int, user: CurrentUser,
    session: SessionDep, settings: SettingsDep,
) -> Response:  # fmt: skip
    FundingService(session, settings).remove_period(user, project_id, line_id, fiscal_year)
    return Response(status_code=204)
