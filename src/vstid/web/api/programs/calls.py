"""Programs, the calls part: the list of calls (open first, filters), a program's staff creating
a call, reading and editing one by its reference, and its lifecycle (one endpoint per
transition)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query, status

from vstid.programs.calls.models import CallKind, CallStatus
from vstid.programs.calls.schemas import CallCreate, CallFilters, CallOut, CallPatch
from vstid.programs.calls.service import CallService
from vstid.programs.calls.states import CALL_STATES
from vstid.web.api.schemas import PageOut
from vstid.web.deps import CurrentUser, OptionalUser, PageDep, SessionDep, SettingsDep

__all__ = ["router"]

router = APIRouter(tags=["programs"])
Reference = str


@router.get("/calls", response_model=PageOut[CallOut])
def browse_calls(
    session: SessionDep, settings: SettingsDep, user: OptionalUser, params: PageDep,
    kind: CallKind | None = None, status: CallStatus | None = None,
    field: Annotated[str | None, Query(max_length=50)] = None,
    country: Annotated[str | None, Query(pattern="^[A-Za-z]{2}$")] = None,
    program: uuid.UUID | None = None,
) -> Any:  # fmt: skip
    """The calls the caller may open: open calls first (soonest deadline first), then the
    announced ones, then the rest; drafts only for the program's staff."""
    filters = CallFilters(
        kind=kind.value if kind else None, status=status.value if status else None,
        field=field or None, country=country.upper() if country else None, program_id=program,
    )  # fmt: skip
    service = CallService(session, settings)
    page = service.browse(user, filters, params)
    return PageOut.of(page, [service.out(user, c) for c in page.items])


@router.post("/programs/{slug}/calls", response_model=CallOut, status_code=status.HTTP_201_CREATED)
def create_call(
    slug: str, data: CallCreate, user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> Any:
    """A draft call under the program, by its staff. `opens_at` and `closes_at` are wall-clock
    times in the call's `timezone` (or carry their own offset)."""
    service = CallService(session, settings)
    return service.out(user, service.create(user, slug, data))


@router.get("/calls/{reference}", response_model=CallOut)
def get_call(
    reference: Reference, user: OptionalUser, session: SessionDep, settings: SettingsDep
) -> Any:
    service = CallService(session, settings)
    return service.out(user, service.get_visible(user, reference))


@router.patch("/calls/{reference}", response_model=CallOut)
def edit_call(
    reference: Reference, data: CallPatch, user: CurrentUser, session: SessionDep,
    settings: SettingsDep,
) -> Any:  # fmt: skip
    """The changes the call's state allows: no new eligibility rules, questions or documents
    once an application is submitted (409), no new dates or rules once closed, no new rubric
    once reviews have started."""
    service = CallService(session, settings)
    return service.out(user, service.update(user, reference, data))


def _transition_route(action: str) -> None:
    def handle(
        reference: Reference, user: CurrentUser, session: SessionDep, settings: SettingsDep
    ) -> Any:
        service = CallService(session, settings)
        return service.out(user, service.transition(user, reference, action))

    handle.__name__ = f"{action}_call"
    router.post(f"/calls/{{reference}}/{action}", response_model=CallOut, name=f"{action}_call")(
        handle
    )


for _action, _transition in CALL_STATES.transitions.items():
    if _transition.offered:
        _transition_route(_action)
