"""A mobility record's lifecycle: planned → departed → returned | extended | discontinued."""

from __future__ import annotations

from vstid.core.i18n import N_
from vstid.core.workflow import StateMachine, Transition
from vstid.programs.mobility.models import MobilityStatus
from vstid.programs.states import STAFF

__all__ = ["MOBILITY_STATES"]

M = MobilityStatus

MOBILITY_STATES = StateMachine(
    MobilityStatus,
    {
        "depart": Transition(
            frozenset({M.planned}),
            M.departed,
            frozenset({STAFF}),
            N_("only a planned stay can depart"),
        ),
        "extend": Transition(
            frozenset({M.departed, M.extended}),
            M.extended,
            frozenset({STAFF}),
            N_("only a stay under way can be extended"),
        ),
        "return": Transition(
            frozenset({M.departed, M.extended}),
            M.returned,
            frozenset({STAFF}),
            N_("only a stay under way can end with a return"),
        ),
        "discontinue": Transition(
            frozenset({M.planned, M.departed, M.extended}),
            M.discontinued,
            frozenset({STAFF}),
            N_("a returned or discontinued stay cannot be discontinued"),
        ),
    },
    forbidden=N_("only the program's coordinators may record mobility"),
)
