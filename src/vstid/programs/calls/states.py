"""A call's lifecycle: draft → forecast → open → closed → in review → decided → archived."""

from __future__ import annotations

from vstid.core.i18n import N_
from vstid.core.workflow import StateMachine, Transition
from vstid.programs.calls.models import CallStatus
from vstid.programs.states import STAFF

__all__ = ["CALL_STATES"]

C = CallStatus

CALL_STATES = StateMachine(
    CallStatus,
    {
        "forecast": Transition(
            frozenset({C.draft}),
            C.forecast,
            frozenset({STAFF}),
            N_("only a draft call can be announced"),
        ),
        "open": Transition(
            frozenset({C.draft, C.forecast}),
            C.open,
            frozenset({STAFF}),
            N_("only a draft or announced call can open"),
        ),
        "close": Transition(
            frozenset({C.open}),
            C.closed,
            frozenset({STAFF}),
            N_("only an open call can be closed"),
        ),
        "start_review": Transition(
            frozenset({C.closed}),
            C.in_review,
            frozenset({STAFF}),
            N_("only a closed call can go to review"),
        ),
        "decide": Transition(
            frozenset({C.in_review}),
            C.decided,
            frozenset({STAFF}),
            N_("only a call in review can be declared decided"),
        ),
        "archive": Transition(
            frozenset({C.decided}),
            C.archived,
            frozenset({STAFF}),
            N_("only a decided call can be archived"),
        ),
    },
    forbidden=N_("only the program's coordinators may change a call"),
)
